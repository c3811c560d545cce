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

    /**
     * The conditions of {@code whole}, a program lowered from an AND of {@code count} conjuncts, other
     * than those of conjuncts {@code first} and {@code second} (-1 for none): what lowering the other
     * conjuncts alone gives, since a conjunct lowers the same alone or in its AND. Null when {@code whole}
     * is not one condition per conjunct (folding dropped some), so that they must be lowered anew.
     */
    public static Cond conjunctsExcept(Cond whole, int count, int first, int second) {
        if (!(whole instanceof Conds.And and) || and.operands.length != count) {
            return null;
        }
        int excluded = (first >= 0 ? 1 : 0) + (second >= 0 ? 1 : 0);
        Cond[] rest = new Cond[count - excluded];
        int n = 0;
        for (int i = 0; i < count; i++) {
            Cond c = and.operands[i];
            if (c instanceof Conds.Const) {
                return null; // an unknown constant kept: lowering the rest alone may fold them together
            }
            if (i != first && i != second) {
                rest[n++] = c;
            }
        }
        if (n == 0) {
            return new Conds.Const(io.eventroute.compiler.internal.eval.Tri.TRUE);
        }
        return n == 1 ? rest[0] : new Conds.And(rest);
    }

    /** True when the condition is the constant true: a route that needs no evaluation. */
    public static boolean isConstantTrue(Cond c) {
        return c instanceof Conds.Const k && k.value == io.eventroute.compiler.internal.eval.Tri.TRUE;
    }
}
