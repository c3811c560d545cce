package io.eventroute.compiler.internal.cesql;

import io.eventroute.compiler.EventView;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in functions of CESQL v1 plus the casting functions INT, BOOL and STRING that the TCK
 * uses. Strings are measured in Unicode code points: LENGTH('😀') is 1 and no function splits a
 * surrogate pair.
 */
final class Builtins {
    private Builtins() {
    }

    /** The body of a function: its arguments are already cast to the parameter types. */
    interface Body {
        Object apply(Object[] args, Node self);
    }

    /**
     * One definition: fixed parameter types, plus a variadic tail of {@code variadic} type (null when
     * not variadic).
     */
    record Definition(String name, List<Type> parameters, Type variadic, Type result, Body body) {
        boolean accepts(int arity) {
            return variadic == null ? arity == parameters.size() : arity >= parameters.size();
        }

        Type parameter(int i) {
            return i < parameters.size() ? parameters.get(i) : variadic;
        }

        String signature() {
            StringBuilder b = new StringBuilder(name).append('(');
            for (int i = 0; i < parameters.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(parameters.get(i).specName());
            }
            if (variadic != null) {
                b.append(parameters.isEmpty() ? "" : ", ").append(variadic.specName()).append("...");
            }
            return b.append(')').toString();
        }
    }

    private static final Type S = Type.STRING;
    private static final Type I = Type.INTEGER;
    private static final Type A = Type.ANY;

    static final Map<String, List<Definition>> ALL = Map.ofEntries(
            entry(new Definition("LENGTH", List.of(S), null, I,
                    (a, self) -> ((String) a[0]).codePointCount(0, ((String) a[0]).length()))),
            entry(new Definition("CONCAT", List.of(), S, S, (a, self) -> concat("", a, 0))),
            entry(new Definition("CONCAT_WS", List.of(S), S, S, (a, self) -> concat((String) a[0], a, 1))),
            entry(new Definition("LOWER", List.of(S), null, S, (a, self) -> ((String) a[0]).toLowerCase(Locale.ROOT))),
            entry(new Definition("UPPER", List.of(S), null, S, (a, self) -> ((String) a[0]).toUpperCase(Locale.ROOT))),
            entry(new Definition("TRIM", List.of(S), null, S, (a, self) -> trim((String) a[0]))),
            entry(new Definition("LEFT", List.of(S, I), null, S, (a, self) -> left((String) a[0], (Integer) a[1], self))),
            entry(new Definition("RIGHT", List.of(S, I), null, S, (a, self) -> right((String) a[0], (Integer) a[1], self))),
            Map.entry("SUBSTRING", List.of(
                    new Definition("SUBSTRING", List.of(S, I), null, S,
                            (a, self) -> substring((String) a[0], (Integer) a[1], null, self)),
                    new Definition("SUBSTRING", List.of(S, I, I), null, S,
                            (a, self) -> substring((String) a[0], (Integer) a[1], (Integer) a[2], self)))),
            entry(new Definition("ABS", List.of(I), null, I, (a, self) -> abs((Integer) a[0], self))),
            entry(new Definition("INT", List.of(A), null, I, (a, self) -> Casts.toInteger(a[0], self))),
            entry(new Definition("BOOL", List.of(A), null, Type.BOOLEAN, (a, self) -> Casts.toBoolean(a[0], self))),
            entry(new Definition("STRING", List.of(A), null, S, (a, self) -> Casts.toStr(a[0]))));

    private static Map.Entry<String, List<Definition>> entry(Definition d) {
        return Map.entry(d.name(), List.of(d));
    }

    private static String concat(String separator, Object[] args, int from) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < args.length; i++) {
            if (i > from) {
                b.append(separator);
            }
            b.append((String) args[i]);
        }
        return b.toString();
    }

    /** Strips exactly the Unicode White_Space characters (not Java's trim() or strip() sets). */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhiteSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhiteSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    static boolean isWhiteSpace(char c) {
        return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** The code points [from, to) of s. */
    private static String slice(String s, int from, int to) {
        int start = s.offsetByCodePoints(0, from);
        int end = s.offsetByCodePoints(start, to - from);
        return s.substring(start, end);
    }

    private static String left(String s, int n, Node self) {
        if (n < 0) {
            throw new EvalError(ErrorKind.FUNCTION_EVALUATION, s, self, "LEFT: the length " + n + " is negative");
        }
        return n >= length(s) ? s : slice(s, 0, n);
    }

    private static String right(String s, int n, Node self) {
        if (n < 0) {
            throw new EvalError(ErrorKind.FUNCTION_EVALUATION, s, self, "RIGHT: the length " + n + " is negative");
        }
        int len = length(s);
        return n >= len ? s : slice(s, len - n, len);
    }

    /**
     * 1-based; a negative position counts from the end, 0 gives ''. A position beyond either end, or a
     * negative length, is a function evaluation error with the value ''.
     */
    private static String substring(String s, int pos, Integer count, Node self) {
        int len = length(s);
        if (count != null && count < 0) {
            throw new EvalError(ErrorKind.FUNCTION_EVALUATION, "", self, "SUBSTRING: the length " + count + " is negative");
        }
        if (pos > len || pos < -len) {
            throw new EvalError(ErrorKind.FUNCTION_EVALUATION, "", self,
                    "SUBSTRING: the position " + pos + " is outside a string of " + len + " characters");
        }
        if (pos == 0) {
            return "";
        }
        int start = pos > 0 ? pos - 1 : len + pos;
        int end = count == null ? len : (int) Math.min(len, (long) start + count);
        return slice(s, start, end);
    }

    private static int abs(int x, Node self) {
        if (x == Integer.MIN_VALUE) {
            throw new EvalError(ErrorKind.MATH, Integer.MAX_VALUE, self, "ABS(-2147483648) overflows");
        }
        return Math.abs(x);
    }

    /** A call of a built-in with its arguments cast to the parameter types. */
    static final class Call extends Node {
        private final Definition definition;
        private final Node[] args;

        Call(Definition definition, List<Node> args) {
            super(definition.result());
            this.definition = definition;
            this.args = args.toArray(new Node[0]);
        }

        List<Node> operands() {
            return List.of(args);
        }

        @Override
        Object eval(EventView event) {
            Object[] values = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = args[i].eval(event);
            }
            return definition.body().apply(values, this);
        }

        @Override
        void describe(StringBuilder out) {
            out.append('(').append(definition.name().toLowerCase(Locale.ROOT));
            for (Node a : args) {
                out.append(' ');
                a.describe(out);
            }
            out.append(')');
        }
    }
}
