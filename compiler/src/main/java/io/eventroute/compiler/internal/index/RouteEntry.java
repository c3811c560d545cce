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

    RouteEntry(String id, long seq, Object filter, Program full, Residual onHit, List<Placement> placements,
            List<Field> reads) {
        this.id = id;
        this.seq = seq;
        this.filter = filter;
        this.full = full;
        this.onHit = onHit;
        this.placements = List.copyOf(placements);
        this.reads = List.copyOf(reads);
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
