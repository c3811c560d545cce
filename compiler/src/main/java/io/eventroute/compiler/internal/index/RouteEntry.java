package io.eventroute.compiler.internal.index;

import io.eventroute.compiler.internal.lower.Program;
import java.util.List;

/** One route inside the index: its program, what remains to evaluate after a lookup hit, and where it sits. */
public final class RouteEntry {
    final String id;
    final long seq;
    final Object filter;          // the CompiledFilter, kept for the API
    final Program full;
    final Residual onHit;         // what a lookup hit must still meet; null: nothing
    final List<Placement> placements;
    final List<Field> reads;      // the fields whose value slots this entry holds, with repeats
    private final Object[] equalities; // field, key, field, key...: the filter's top-level "field = constant" terms

    RouteEntry(String id, long seq, Object filter, Program full, Residual onHit, List<Placement> placements,
            List<Field> reads, Object[] equalities) {
        this.id = id;
        this.seq = seq;
        this.filter = filter;
        this.full = full;
        this.onHit = onHit;
        this.placements = List.copyOf(placements);
        this.reads = List.copyOf(reads);
        this.equalities = equalities;
    }

    /** The constant this route's filter requires {@code field} to equal (a top-level term), or null. */
    Object requiredKey(Field field) {
        for (int i = 0; i < equalities.length; i += 2) {
            if (equalities[i].equals(field)) {
                return equalities[i + 1];
            }
        }
        return null;
    }

    public String id() {
        return id;
    }

    public Object filter() {
        return filter;
    }

    /** Where an entry is filed: under an equality key or a prefix of a field, or on the scan list (field null). */
    record Placement(Field field, Object key, String prefix) {
    }
}
