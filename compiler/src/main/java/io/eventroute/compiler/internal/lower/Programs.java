package io.eventroute.compiler.internal.lower;

import io.eventroute.compiler.EventView;
import io.eventroute.compiler.ModelSet;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.internal.Problems;

/** Entry points into the program package for the index: $model and programs of residual conditions. */
public final class Programs {
    private static final Vals.Model MODEL = new Vals.Model();

    private Programs() {
    }

    /** The value of {@code $model} for this event. */
    public static Object model(EventView event) {
        return MODEL.eval(event, null);
    }

    /**
     * A program for a checked filter or subcondition (checked as part of a whole filter already) whose
     * IS_OF_MODEL follows {@code models}.
     */
    public static Program of(Expr checked, ModelSet models) {
        return Lowering.lower(checked, true, new Problems(""), models);
    }

    /**
     * A program for a filter of another dialect, which the index cannot look into: it is evaluated
     * whole, through {@code matches}, and reads what the filter says it reads.
     */
    public static Program opaque(java.util.function.Predicate<EventView> matches, java.util.Set<String> attributes,
            java.util.Set<io.eventroute.compiler.DataPointer> data) {
        Cond cond = new Cond() {
            @Override
            public int test(EventView event, Frame frame) {
                return matches.test(event) ? io.eventroute.compiler.internal.eval.Tri.TRUE
                        : io.eventroute.compiler.internal.eval.Tri.FALSE;
            }

            @Override
            public String toString() {
                return "(opaque)";
            }
        };
        return new Program(cond, attributes, data);
    }

    /** True when the condition is the constant true: a route that needs no evaluation. */
    public static boolean isConstantTrue(Cond c) {
        return c instanceof Conds.Const k && k.value == io.eventroute.compiler.internal.eval.Tri.TRUE;
    }
}
