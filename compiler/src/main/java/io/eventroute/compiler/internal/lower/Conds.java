package io.eventroute.compiler.internal.lower;

import io.eventroute.compiler.EventView;
import io.eventroute.compiler.JsonNull;
import io.eventroute.compiler.ast.Expr.ComparisonOp;
import io.eventroute.compiler.ast.ExprPrinter;
import io.eventroute.compiler.internal.eval.LikePattern;
import io.eventroute.compiler.internal.eval.Tri;
import io.eventroute.compiler.internal.eval.Values;
import java.util.HashSet;
import java.util.Set;

/** Condition nodes: logic, comparisons, IN, LIKE, IS NULL. Three-valued logic is in {@link Tri}. */
final class Conds {
    private Conds() {
    }

    static final class Const extends Cond {
        final int value;

        Const(int value) {
            this.value = value;
        }

        @Override
        public int test(EventView event, Frame frame) {
            return value;
        }

        @Override
        public String toString() {
            return Tri.name(value);
        }
    }

    /** Kleene AND, stopping at the first false. */
    static final class And extends Cond {
        final Cond[] operands;

        And(Cond[] operands) {
            this.operands = operands;
        }

        @Override
        public int test(EventView event, Frame frame) {
            int result = Tri.TRUE;
            for (Cond c : operands) {
                int t = c.test(event, frame);
                if (t == Tri.FALSE) {
                    return Tri.FALSE;
                }
                if (t == Tri.UNKNOWN) {
                    result = Tri.UNKNOWN;
                }
            }
            return result;
        }

        @Override
        public String toString() {
            return join("and", operands);
        }
    }

    /** Kleene OR, stopping at the first true. */
    static final class Or extends Cond {
        final Cond[] operands;

        Or(Cond[] operands) {
            this.operands = operands;
        }

        @Override
        public int test(EventView event, Frame frame) {
            int result = Tri.FALSE;
            for (Cond c : operands) {
                int t = c.test(event, frame);
                if (t == Tri.TRUE) {
                    return Tri.TRUE;
                }
                if (t == Tri.UNKNOWN) {
                    result = Tri.UNKNOWN;
                }
            }
            return result;
        }

        @Override
        public String toString() {
            return join("or", operands);
        }
    }

    static String join(String head, Object[] parts) {
        StringBuilder b = new StringBuilder("(").append(head);
        for (Object p : parts) {
            b.append(' ').append(p);
        }
        return b.append(')').toString();
    }

    static final class Not extends Cond {
        final Cond operand;

        Not(Cond operand) {
            this.operand = operand;
        }

        @Override
        public int test(EventView event, Frame frame) {
            return Tri.not(operand.test(event, frame));
        }

        @Override
        public String toString() {
            return "(not " + operand + ")";
        }
    }

    /** A value used as a condition: {@code x = true}. */
    static final class IsTrue extends Cond {
        final Val value;

        IsTrue(Val value) {
            this.value = value;
        }

        @Override
        public int test(EventView event, Frame frame) {
            return Tri.fromValue(value.eval(event, frame));
        }

        @Override
        public String toString() {
            return "(is-true " + value + ")";
        }
    }

    /** The most common test of all: a context attribute equal to a string constant. */
    static final class AttributeEqualsString extends Cond {
        final String name;
        final String constant;

        AttributeEqualsString(String name, String constant) {
            this.name = name;
            this.constant = constant;
        }

        @Override
        public int test(EventView event, Frame frame) {
            Object v = event.attribute(name);
            if (v instanceof String s) {
                return s.equals(constant) ? Tri.TRUE : Tri.FALSE;
            }
            return v == null ? Tri.UNKNOWN : Values.equal(v, constant);
        }

        @Override
        public String toString() {
            return "(= " + name + " " + ExprPrinter.quote(constant) + ")";
        }
    }

    /** {@code x = c} or {@code x != c} with a constant c. */
    static final class EqualsConstant extends Cond {
        final Val value;
        final Object constant;
        final boolean negated;

        EqualsConstant(Val value, Object constant, boolean negated) {
            this.value = value;
            this.constant = constant;
            this.negated = negated;
        }

        @Override
        public int test(EventView event, Frame frame) {
            Object v = value.eval(event, frame);
            if (v == null) {
                return Tri.UNKNOWN;
            }
            int t = Values.equal(v, constant);
            return negated ? Tri.not(t) : t;
        }

        @Override
        public String toString() {
            return "(" + (negated ? "!=" : "=") + " " + value + " " + ExprPrinter.literal(constant) + ")";
        }
    }

    /** Ordering against a constant: {@code $body.temperature > 30}. */
    static final class CompareConstant extends Cond {
        final Val value;
        final ComparisonOp op;
        final Object constant;

        CompareConstant(Val value, ComparisonOp op, Object constant) {
            this.value = value;
            this.op = op;
            this.constant = constant;
        }

        @Override
        public int test(EventView event, Frame frame) {
            Object v = value.eval(event, frame);
            if (v == null) {
                return Tri.UNKNOWN;
            }
            return ordered(op, Values.compare(v, constant));
        }

        @Override
        public String toString() {
            return "(" + op.symbol() + " " + value + " " + ExprPrinter.literal(constant) + ")";
        }
    }

    static int ordered(ComparisonOp op, int c) {
        if (c == Values.INCOMPARABLE) {
            return Tri.UNKNOWN;
        }
        switch (op) {
            case LT:
                return Tri.of(c < 0);
            case LE:
                return Tri.of(c <= 0);
            case GT:
                return Tri.of(c > 0);
            case GE:
                return Tri.of(c >= 0);
            default:
                throw new IllegalStateException(op.toString());
        }
    }

    /** Any comparison of two computed values. */
    static final class Compare extends Cond {
        final ComparisonOp op;
        final Val left;
        final Val right;

        Compare(ComparisonOp op, Val left, Val right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public int test(EventView event, Frame frame) {
            Object l = left.eval(event, frame);
            if (l == null) {
                return Tri.UNKNOWN;
            }
            Object r = right.eval(event, frame);
            if (r == null) {
                return Tri.UNKNOWN;
            }
            if (op == ComparisonOp.EQ) {
                return Values.equal(l, r);
            }
            if (op == ComparisonOp.NE) {
                return Tri.not(Values.equal(l, r));
            }
            return ordered(op, Values.compare(l, r));
        }

        @Override
        public String toString() {
            return "(" + op.symbol() + " " + left + " " + right + ")";
        }
    }

    /** {@code x IN (...)}: a hash lookup for strings, the equality rule item by item otherwise; never undefined for a defined x. */
    static final class In extends Cond {
        final Val value;
        final Object[] items;
        final Set<String> strings;
        final boolean allStrings;

        In(Val value, Object[] items) {
            this.value = value;
            this.items = items;
            Set<String> s = new HashSet<>();
            boolean all = true;
            for (Object i : items) {
                if (i instanceof String str) {
                    s.add(str);
                } else {
                    all = false;
                }
            }
            this.strings = Set.copyOf(s);
            this.allStrings = all;
        }

        @Override
        public int test(EventView event, Frame frame) {
            Object v = value.eval(event, frame);
            if (v == null) {
                return Tri.UNKNOWN;
            }
            if (v instanceof String s && allStrings) {
                return Tri.of(strings.contains(s));
            }
            // Section 4: true if x = some item, undefined only when x is; an item of another type
            // simply does not match (IN is not a chain of ORs, whose mismatches would be undefined).
            for (Object item : items) {
                if (Values.equal(v, item) == Tri.TRUE) {
                    return Tri.TRUE;
                }
            }
            return Tri.FALSE;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("(in ").append(value);
            for (Object i : items) {
                b.append(' ').append(ExprPrinter.literal(i));
            }
            return b.append(')').toString();
        }
    }

    static final class Like extends Cond {
        final Val value;
        final LikePattern pattern;
        final String source;

        Like(Val value, LikePattern pattern, String source) {
            this.value = value;
            this.pattern = pattern;
            this.source = source;
        }

        @Override
        public int test(EventView event, Frame frame) {
            Object v = value.eval(event, frame);
            return v instanceof String s ? Tri.of(pattern.matches(s)) : Tri.UNKNOWN;
        }

        @Override
        public String toString() {
            return "(like " + value + " " + source + ")";
        }
    }

    /** {@code x IS NULL}: true when absent or JSON null; never undefined. */
    static final class IsNull extends Cond {
        final Val value;

        IsNull(Val value) {
            this.value = value;
        }

        @Override
        public int test(EventView event, Frame frame) {
            Object v = value.eval(event, frame);
            return Tri.of(v == null || v instanceof JsonNull);
        }

        @Override
        public String toString() {
            return "(is-null " + value + ")";
        }
    }
}
