package io.eventroute.compiler.internal.cesql;

import java.util.Locale;

/** The CESQL casts (spec section 3.7): all six directions; failures raise a cast error with the zero value. */
final class Casts {
    private Casts() {
    }

    /** {@code value} as {@code target}; {@code owner} is the node that the error is attributed to. */
    static Object to(Type target, Object value, Node owner) {
        return switch (target) {
            case BOOLEAN -> toBoolean(value, owner);
            case INTEGER -> toInteger(value, owner);
            case STRING -> toStr(value);
            default -> value;
        };
    }

    static String toStr(Object value) {
        if (value instanceof String s) {
            return s;
        }
        return value.toString(); // Integer: base 10 with '-'; Boolean: "true"/"false"
    }

    static boolean toBoolean(Object value, Node owner) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Integer i) {
            return i != 0;
        }
        String s = ((String) value).toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw new EvalError(ErrorKind.CAST, Boolean.FALSE, owner, "cannot cast '" + value + "' to Boolean");
    }

    static int toInteger(Object value, Node owner) {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        Integer parsed = parseInteger((String) value);
        if (parsed == null) {
            throw new EvalError(ErrorKind.CAST, 0, owner, "cannot cast '" + value + "' to Integer");
        }
        return parsed;
    }

    /** {@code [+-]?[0-9]+} in ASCII digits within the 32-bit range, or null (no trimming, no Unicode digits). */
    static Integer parseInteger(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == n) {
            return null;
        }
        long value = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            value = value * 10 + (c - '0');
            if (value > 2147483648L) {
                return null;
            }
        }
        value = negative ? -value : value;
        return value > Integer.MAX_VALUE ? null : (int) value;
    }
}
