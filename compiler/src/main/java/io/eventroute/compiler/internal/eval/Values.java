package io.eventroute.compiler.internal.eval;

import io.eventroute.compiler.JsonNull;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Value semantics of the language (section 4): equality, ordering, arithmetic, normalization. */
public final class Values {
    /** Returned by {@link #compare} when the operands cannot be ordered. */
    public static final int INCOMPARABLE = Integer.MIN_VALUE;

    private static final double TWO_POW_53 = 9007199254740992.0;

    private Values() {
    }

    public static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof BigInteger;
    }

    /** JSON type name of a value: string, number, boolean, null, object, array. */
    public static String typeName(Object v) {
        if (v instanceof String) {
            return "string";
        } else if (isNumber(v)) {
            return "number";
        } else if (v instanceof Boolean) {
            return "boolean";
        } else if (v instanceof JsonNull) {
            return "null";
        } else if (v instanceof Map) {
            return "object";
        } else if (v instanceof List) {
            return "array";
        }
        return "undefined";
    }

    /** {@code a = b} on two defined values: null is equal only to null; different types are UNKNOWN. */
    public static int equal(Object a, Object b) {
        if (a instanceof String s) {
            return b instanceof String t ? Tri.of(s.equals(t)) : mismatch(b);
        }
        if (a instanceof JsonNull || b instanceof JsonNull) {
            return Tri.of(a == b);
        }
        if (isNumber(a)) {
            return isNumber(b) ? Tri.of(compareNumbers(a, b) == 0) : Tri.UNKNOWN;
        }
        if (a instanceof Boolean) {
            return b instanceof Boolean ? Tri.of(a.equals(b)) : Tri.UNKNOWN;
        }
        if (a instanceof List<?> l) {
            return b instanceof List<?> m ? Tri.of(deepEquals(l, m)) : Tri.UNKNOWN;
        }
        if (a instanceof Map<?, ?> l) {
            return b instanceof Map<?, ?> m ? Tri.of(deepEquals(l, m)) : Tri.UNKNOWN;
        }
        return Tri.UNKNOWN;
    }

    private static int mismatch(Object b) {
        return b instanceof JsonNull ? Tri.FALSE : Tri.UNKNOWN;
    }

    private static boolean deepEquals(Object a, Object b) {
        if (a instanceof List<?> l && b instanceof List<?> m) {
            if (l.size() != m.size()) {
                return false;
            }
            Iterator<?> i = l.iterator();
            Iterator<?> j = m.iterator();
            while (i.hasNext()) {
                if (!deepEquals(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> l && b instanceof Map<?, ?> m) {
            if (l.size() != m.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : l.entrySet()) {
                Object other = m.get(e.getKey());
                if (other == null || !deepEquals(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return equal(a, b) == Tri.TRUE;
    }

    /**
     * Orders two defined values: numbers with numbers, strings with strings (UTF-16 code units);
     * {@link #INCOMPARABLE} otherwise.
     */
    public static int compare(Object a, Object b) {
        if (a instanceof String s) {
            return b instanceof String t ? Integer.signum(s.compareTo(t)) : INCOMPARABLE;
        }
        if (isNumber(a) && isNumber(b)) {
            return compareNumbers(a, b);
        }
        return INCOMPARABLE;
    }

    /** Exact numeric comparison of Long, Double and BigInteger values. */
    public static int compareNumbers(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return x < y ? -1 : x > y ? 1 : 0;
        }
        if (a instanceof Long x && b instanceof Double y && Math.abs(x) < TWO_POW_53) {
            double dx = x;
            return dx < y ? -1 : dx > y ? 1 : 0;
        }
        if (a instanceof Double x && b instanceof Long y && Math.abs(y) < TWO_POW_53) {
            double dy = y;
            return x < dy ? -1 : x > dy ? 1 : 0;
        }
        if ((a instanceof Double x && x.isInfinite()) || (b instanceof Double y && y.isInfinite())) {
            // A JSON number beyond the double range (1e400) decodes as an infinity: it orders past
            // every finite number, which comparing as doubles gets right.
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        return toBigDecimal(a).compareTo(toBigDecimal(b));
    }

    private static BigDecimal toBigDecimal(Object n) {
        if (n instanceof Long l) {
            return BigDecimal.valueOf(l);
        } else if (n instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        return new BigDecimal((Double) n);
    }

    /** Integer arithmetic stays integer; mixed gives a double; overflow, /0, NaN, infinity give null. */
    public static Object arithmetic(char op, Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            long l = x;
            long r = y;
            try {
                switch (op) {
                    case '+':
                        return Math.addExact(l, r);
                    case '-':
                        return Math.subtractExact(l, r);
                    case '*':
                        return Math.multiplyExact(l, r);
                    case '/':
                        if (r == 0 || (l == Long.MIN_VALUE && r == -1)) {
                            return null;
                        }
                        return l / r;
                    case '%':
                        if (r == 0) {
                            return null;
                        }
                        return r == -1 ? 0L : l % r;
                    default:
                        throw new IllegalArgumentException("operator " + op);
                }
            } catch (ArithmeticException overflow) {
                return null;
            }
        }
        // Integers beyond 64 bits take no part in arithmetic: the result would overflow anyway.
        if (!(a instanceof Long || a instanceof Double) || !(b instanceof Long || b instanceof Double)) {
            return null;
        }
        double l = ((Number) a).doubleValue();
        double r = ((Number) b).doubleValue();
        double result;
        switch (op) {
            case '+':
                result = l + r;
                break;
            case '-':
                result = l - r;
                break;
            case '*':
                result = l * r;
                break;
            case '/':
                if (r == 0) {
                    return null;
                }
                result = l / r;
                break;
            case '%':
                if (r == 0) {
                    return null;
                }
                result = l % r;
                break;
            default:
                throw new IllegalArgumentException("operator " + op);
        }
        return Double.isFinite(result) ? result : null;
    }

    /** Unary minus; null for non-numbers and overflow. */
    public static Object negate(Object v) {
        if (v instanceof Long l) {
            return l == Long.MIN_VALUE ? null : -l;
        }
        if (v instanceof Double d) {
            return -d;
        }
        return null;
    }

    /**
     * Normalizes a Java value into the value model of {@link io.eventroute.compiler.EventView}:
     * Integer/Short/Byte to Long, Float/BigDecimal to Double (integral BigDecimal to Long or
     * BigInteger), null to JsonNull, collections recursively.
     */
    public static Object normalize(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double
                || v instanceof JsonNull) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return (double) f;
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof CharSequence cs) {
            return cs.toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), normalize(val)));
            return out;
        }
        if (v instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEach(e -> out.add(normalize(e)));
            return out;
        }
        throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }

    /** A value as JSON text (for explain output and eval results). */
    public static String toJson(Object v) {
        StringBuilder b = new StringBuilder();
        writeJson(v, b);
        return b.toString();
    }

    private static void writeJson(Object v, StringBuilder b) {
        if (v == null || v instanceof JsonNull) {
            b.append("null");
        } else if (v instanceof String s) {
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                writeJson(String.valueOf(e.getKey()), b);
                b.append(':');
                writeJson(e.getValue(), b);
            }
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                writeJson(l.get(i), b);
            }
            b.append(']');
        } else {
            b.append(v);
        }
    }
}
