package io.eventroute.compiler.internal.index;

import io.eventroute.compiler.internal.lower.Cond;
import io.eventroute.compiler.internal.lower.Program;
import java.util.List;

/** One route inside the index: its program, what remains to evaluate after a lookup hit, and where it sits. */
public final class RouteEntry {
    final String id;
    final long seq;
    final Object filter;          // the CompiledFilter, kept for the API
    final Program full;
    // What a lookup hit must still meet when it is not a few simple tests (those live in the buckets'
    // arrays only); null otherwise.
    final Cond general;
    final List<Placement> placements;
    final int[] slots;            // the value slots this entry holds, with repeats
    private final Object[] equalities; // field, key, field, key...: the filter's top-level "field = constant" terms
    final List<String> wanted;    // the m of each inheriting IS_OF_MODEL(m) (ModelCalls.wanted)

    RouteEntry(String id, long seq, Object filter, Program full, Cond general, List<Placement> placements,
            int[] slots, Object[] equalities, List<String> wanted) {
        this.wanted = List.copyOf(wanted);
        this.id = id;
        this.seq = seq;
        this.filter = filter;
        this.full = full;
        this.general = general;
        this.placements = List.copyOf(placements);
        this.slots = slots;
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
