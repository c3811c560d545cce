package io.eventroute.compiler.internal.index;

import io.eventroute.compiler.internal.lower.Cond;
import io.eventroute.compiler.internal.lower.Program;
import io.eventroute.compiler.internal.lower.Programs;
import java.util.List;

/** One route inside the index: its program, what remains to evaluate after a lookup hit, and where it sits. */
public final class RouteEntry {
    final String id;
    final long seq;
    final Object filter;          // the CompiledFilter, kept for the API
    final Program full;
    final boolean residualTrue;   // nothing left to evaluate
    // The roots themselves, one pointer fewer to chase per candidate on the match path.
    final Cond fullRoot;
    final Cond residualRoot;
    final List<Placement> placements;

    RouteEntry(String id, long seq, Object filter, Program full, Cond residual, List<Placement> placements) {
        this.id = id;
        this.seq = seq;
        this.filter = filter;
        this.full = full;
        this.residualTrue = Programs.isConstantTrue(residual);
        this.fullRoot = full.root();
        this.residualRoot = residual;
        this.placements = List.copyOf(placements);
    }

    /** What to evaluate when a lookup finds this route; null when the hit alone is the match. */
    Cond onHit() {
        return residualTrue ? null : residualRoot;
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
