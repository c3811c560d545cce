package io.eventroute.compiler.internal.cesql;

import io.eventroute.compiler.EventView;
import io.eventroute.compiler.JsonNull;
import io.eventroute.compiler.internal.eval.LikePattern;
import java.util.List;
import java.util.Set;

/** The node classes of compiled CESQL programs; each is immutable and thread-safe. */
final class Nodes {
    private Nodes() {
    }

    /** A value known at compile time. */
    static final class Const extends Node {
        final Object value;

        Const(Object value) {
            super(Type.of(value));
            this.value = value;
        }

        @Override
        Object eval(EventView event) {
            return value;
        }

        @Override
        void describe(StringBuilder out) {
            describeLiteral(value, out);
        }
    }

    /** Reads a context attribute; a missing one raises missingAttribute (its own value: Boolean false). */
    static final class Attr extends Node {
        final String name;

        Attr(String name) {
            super(Type.ANY);
            this.name = name;
        }

        @Override
        Object eval(EventView event) {
            Object raw = event.attribute(name);
            if (raw == null || raw instanceof JsonNull) {
                throw new EvalError(ErrorKind.MISSING_ATTRIBUTE, Boolean.FALSE, this,
                        "the event has no attribute '" + name + "'");
            }
            return present(raw);
        }

        /**
         * An attribute value as a CESQL value: strings, booleans and 32-bit integers as themselves,
         * everything else (timestamps and URIs are already strings in the JSON format) as a String.
         */
        static Object present(Object raw) {
            if (raw instanceof String || raw instanceof Boolean) {
                return raw;
            }
            if (raw instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return (int) (long) l;
            }
            if (raw instanceof Integer) {
                return raw;
            }
            // Objects, arrays, other numbers: their JSON text (numbers, booleans and other views' values,
            // such as a timestamp object, print as their text).
            return io.eventroute.compiler.internal.eval.Values.toJson(raw);
        }

        @Override
        void describe(StringBuilder out) {
            out.append(name);
        }
    }

    /** {@code EXISTS name}: never raises. */
    static final class Exists extends Node {
        final String name;

        Exists(String name) {
            super(Type.BOOLEAN);
            this.name = name;
        }

        @Override
        Object eval(EventView event) {
            Object raw = event.attribute(name);
            return raw != null && !(raw instanceof JsonNull);
        }

        @Override
        void describe(StringBuilder out) {
            out.append("(exists ").append(name).append(')');
        }
    }

    /** An implicit cast inserted by the compiler; its failure belongs to the operator using it. */
    static final class Cast extends Node {
        final Node operand;

        Cast(Type target, Node operand) {
            super(target);
            this.operand = operand;
        }

        @Override
        Object eval(EventView event) {
            return Casts.to(type, operand.eval(event), null);
        }

        @Override
        void describe(StringBuilder out) {
            out.append('(').append(type.specName().toLowerCase(java.util.Locale.ROOT)).append(' ');
            operand.describe(out);
            out.append(')');
        }
    }

    /** {@code NOT x} on a Boolean. */
    static final class Not extends Node {
        final Node operand;

        Not(Node operand) {
            super(Type.BOOLEAN);
            this.operand = operand;
        }

        @Override
        Object eval(EventView event) {
            return !(Boolean) operand.eval(event);
        }

        @Override
        void describe(StringBuilder out) {
            out.append("(not ");
            operand.describe(out);
            out.append(')');
        }
    }

    /** {@code -x} on an Integer; {@code -(-2147483648)} raises math with the saturated value. */
    static final class Negate extends Node {
        final Node operand;

        Negate(Node operand) {
            super(Type.INTEGER);
            this.operand = operand;
        }

        @Override
        Object eval(EventView event) {
            int v = (Integer) operand.eval(event);
            if (v == Integer.MIN_VALUE) {
                throw new EvalError(ErrorKind.MATH, Integer.MAX_VALUE, this, "-(-2147483648) overflows");
            }
            return -v;
        }

        @Override
        void describe(StringBuilder out) {
            out.append("(- ");
            operand.describe(out);
            out.append(')');
        }
    }

    /** {@code x [NOT] LIKE 'pattern'} on a String. */
    static final class Like extends Node {
        final Node operand;
        final String source;
        final LikePattern pattern;
        final boolean negated;

        Like(Node operand, String source, boolean negated) {
            super(Type.BOOLEAN);
            this.operand = operand;
            this.source = source;
            this.pattern = LikePattern.compile(translate(source), '\\');
            this.negated = negated;
        }

        /**
         * CESQL's pattern rules in {@link LikePattern}'s syntax (escape {@code \}): a backslash escapes
         * only a following {@code %} or {@code _}; any other backslash is an ordinary character.
         */
        static String translate(String pattern) {
            StringBuilder b = new StringBuilder(pattern.length() + 4);
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\\') {
                    char next = i + 1 < pattern.length() ? pattern.charAt(i + 1) : 0;
                    if (next == '%' || next == '_') {
                        b.append('\\').append(next);
                        i++;
                    } else {
                        b.append("\\\\");
                    }
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }

        @Override
        Object eval(EventView event) {
            return pattern.matches((String) operand.eval(event)) != negated;
        }

        @Override
        void describe(StringBuilder out) {
            out.append(negated ? "(not-like " : "(like ");
            operand.describe(out);
            out.append(' ');
            describeLiteral(source, out);
            out.append(')');
        }
    }

    /**
     * {@code x [NOT] IN (items)}: every item is evaluated and cast to the type of {@code x} (static, or
     * the value's type when {@code x} is an attribute). A set of constants is cast at compile time, per
     * possible type of {@code x}: a cast that fails there fails at run time for that type.
     */
    static final class In extends Node {
        final Node operand;
        final List<Node> items;
        final boolean negated;
        // Index by Type.ordinal() (BOOLEAN, INTEGER, STRING): the constant items cast to that type,
        // or null when one of them cannot be cast; the whole array is null when an item is not constant.
        final Set<?>[] constantSets;
        final String[] castFailures;

        In(Node operand, List<Node> items, boolean negated) {
            super(Type.BOOLEAN);
            this.operand = operand;
            this.items = List.copyOf(items);
            this.negated = negated;
            boolean constant = items.stream().allMatch(n -> n instanceof Const);
            if (constant) {
                constantSets = new Set<?>[3];
                castFailures = new String[3];
                for (Type t : new Type[] {Type.BOOLEAN, Type.INTEGER, Type.STRING}) {
                    java.util.Set<Object> set = new java.util.HashSet<>();
                    for (Node n : items) {
                        try {
                            set.add(Casts.to(t, ((Const) n).value, null));
                        } catch (EvalError e) {
                            castFailures[t.ordinal()] = e.getMessage();
                            set = null;
                            break;
                        }
                    }
                    constantSets[t.ordinal()] = set == null ? null : Set.copyOf(set);
                }
            } else {
                constantSets = null;
                castFailures = null;
            }
        }

        @Override
        Object eval(EventView event) {
            Object x = operand.eval(event);
            Type t = Type.of(x);
            if (constantSets != null) {
                Set<?> set = constantSets[t.ordinal()];
                if (set == null) {
                    throw new EvalError(ErrorKind.CAST, Boolean.FALSE, null, castFailures[t.ordinal()]);
                }
                return set.contains(x) != negated;
            }
            boolean found = false;
            for (Node item : items) {
                Object v = Casts.to(t, item.eval(event), null);
                found |= v.equals(x);
            }
            return found != negated;
        }

        @Override
        void describe(StringBuilder out) {
            out.append(negated ? "(not-in " : "(in ");
            operand.describe(out);
            for (Node item : items) {
                out.append(' ');
                item.describe(out);
            }
            out.append(')');
        }
    }
}
