package io.eventroute.compiler.internal.lower;

import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.ast.Expr.ComparisonOp;
import io.eventroute.compiler.internal.Builtin;
import io.eventroute.compiler.internal.eval.Tri;
import io.eventroute.compiler.internal.eval.Values;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A residual condition taken apart into simple tests of one event value against a constant, so that
 * the index can keep them in flat arrays next to the routes and test them without walking condition
 * nodes: a route's residual is true exactly when every one of its atoms is. Only conjunctions of
 * {@code value = constant}, {@code value < <= > >= constant}, {@code STARTS_WITH(value, 'p')} and
 * {@code IS_OF_MODEL('m')} are taken apart; anything else stays a condition. Stateless; thread-safe.
 */
public final class Atoms {
    /** {@code value = constant}. */
    public static final int EQ = 0;
    /** {@code STARTS_WITH(value, constant)}. */
    public static final int STARTS_WITH = 1;
    public static final int LT = 2;
    public static final int LE = 3;
    public static final int GT = 4;
    public static final int GE = 5;
    /** {@code IS_OF_MODEL(constant)} on {@code $model}: the constant is the compiled test of a model id. */
    public static final int IS_OF_MODEL = 6;

    private Atoms() {
    }

    /**
     * One test: the value of an attribute (name), a data pointer, or {@code $model} (both null),
     * compared by {@code kind} with a constant (a String, Long, Double, BigInteger or Boolean; for
     * {@link #IS_OF_MODEL}, the compiled test). Immutable.
     */
    public record Atom(int kind, String attribute, DataPointer pointer, Object constant) {
    }

    /** The atoms whose conjunction is true exactly when {@code c} is; null when {@code c} is not such a conjunction. */
    public static List<Atom> of(Cond c) {
        List<Atom> out = new ArrayList<>(2);
        return collect(c, out) ? out : null;
    }

    private static boolean collect(Cond c, List<Atom> out) {
        if (c instanceof Conds.And and) {
            for (Cond operand : and.operands) {
                if (!collect(operand, out)) {
                    return false;
                }
            }
            return true;
        }
        Atom a = atom(c);
        if (a == null) {
            return false;
        }
        out.add(a);
        return true;
    }

    private static Atom atom(Cond c) {
        if (c instanceof Conds.AttributeEqualsString e) {
            return new Atom(EQ, e.name, null, e.constant);
        }
        if (c instanceof Conds.EqualsConstant e && !e.negated && simple(e.constant)) {
            return of(EQ, e.value, e.constant);
        }
        if (c instanceof Conds.CompareConstant e && simple(e.constant)) {
            return of(kind(e.op), e.value, e.constant);
        }
        if (c instanceof Functions.IsOfModel t && t.fixed != null && t.model instanceof Vals.Model) {
            return new Atom(IS_OF_MODEL, null, null, t.fixed);
        }
        if (c instanceof Functions.StringTest t && t.fn == Builtin.STARTS_WITH && t.argument instanceof Vals.Const k
                && k.value instanceof String) {
            return of(STARTS_WITH, t.subject, k.value);
        }
        return null;
    }

    private static boolean simple(Object constant) {
        return constant instanceof String || constant instanceof Long || constant instanceof Double
                || constant instanceof BigInteger || constant instanceof Boolean;
    }

    private static Atom of(int kind, Val value, Object constant) {
        if (value instanceof Vals.Attribute a) {
            return new Atom(kind, a.name, null, constant);
        }
        if (value instanceof Vals.Data d) {
            return new Atom(kind, null, d.pointer, constant);
        }
        if (value instanceof Vals.Model) {
            return new Atom(kind, null, null, constant);
        }
        return null;
    }

    private static int kind(ComparisonOp op) {
        switch (op) {
            case LT:
                return LT;
            case LE:
                return LE;
            case GT:
                return GT;
            case GE:
                return GE;
            default:
                throw new IllegalStateException(op.toString());
        }
    }

    /**
     * Whether the atom's test is true for {@code value} (null: absent), by the same rules as the
     * condition it came from: undefined and false are both "not true".
     */
    public static boolean isTrue(int kind, Object value, Object constant) {
        if (value == null) {
            return false;
        }
        switch (kind) {
            case EQ:
                return Values.equal(value, constant) == Tri.TRUE;
            case STARTS_WITH:
                return value instanceof String s && s.startsWith((String) constant);
            case IS_OF_MODEL:
                @SuppressWarnings("unchecked")
                java.util.function.Predicate<String> isOf = (java.util.function.Predicate<String>) constant;
                return value instanceof String s && isOf.test(s);
            default:
                int c = Values.compare(value, constant);
                return Conds.ordered(op(kind), c) == Tri.TRUE;
        }
    }

    private static ComparisonOp op(int kind) {
        switch (kind) {
            case LT:
                return ComparisonOp.LT;
            case LE:
                return ComparisonOp.LE;
            case GT:
                return ComparisonOp.GT;
            default:
                return ComparisonOp.GE;
        }
    }
}
