package io.eventroute.compiler.internal.lower;

import io.eventroute.compiler.EventView;
import io.eventroute.compiler.JsonNull;
import io.eventroute.compiler.ModelSet;
import io.eventroute.compiler.internal.Builtin;
import io.eventroute.compiler.internal.eval.Tri;
import io.eventroute.compiler.internal.eval.Values;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The built-in functions as program nodes (language document, section 6 and 8a). */
final class Functions {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    private Functions() {
    }

    /** STARTS_WITH, ENDS_WITH, CONTAINS: undefined unless both arguments are strings. */
    static final class StringTest extends Cond {
        final Builtin fn;
        final Val subject;
        final Val argument;

        StringTest(Builtin fn, Val subject, Val argument) {
            this.fn = fn;
            this.subject = subject;
            this.argument = argument;
        }

        @Override
        public int test(EventView event, Frame frame) {
            if (!(subject.eval(event, frame) instanceof String s) || !(argument.eval(event, frame) instanceof String p)) {
                return Tri.UNKNOWN;
            }
            switch (fn) {
                case STARTS_WITH:
                    return Tri.of(s.startsWith(p));
                case ENDS_WITH:
                    return Tri.of(s.endsWith(p));
                default:
                    return Tri.of(s.contains(p));
            }
        }

        @Override
        public String toString() {
            return "(" + fn.name().toLowerCase(Locale.ROOT) + " " + subject + " " + argument + ")";
        }
    }

    /**
     * IS_OF_MODEL(m): $model is m (any version when m has none) or, by {@code models}, extends it;
     * see {@link ModelSet#isOf}.
     */
    static final class IsOfModel extends Cond {
        final Val model;
        final Val wanted;
        final ModelSet models;
        // For a constant m: the test of the event's model, one hash lookup; null for an m read per event.
        final java.util.function.Predicate<String> fixed;

        IsOfModel(Val model, Val wanted, ModelSet models) {
            this.model = model;
            this.wanted = wanted;
            this.models = models;
            this.fixed = wanted instanceof Vals.Const c && c.value instanceof String w ? models.isOf(w) : null;
        }

        @Override
        public int test(EventView event, Frame frame) {
            if (!(model.eval(event, frame) instanceof String m)) {
                return Tri.UNKNOWN;
            }
            if (fixed != null) {
                return Tri.of(fixed.test(m));
            }
            if (!(wanted.eval(event, frame) instanceof String w)) {
                return Tri.UNKNOWN;
            }
            return Tri.of(models.isOf(m, w));
        }

        @Override
        public String toString() {
            return "(is-of-model " + model + " " + wanted + (models.isEmpty() ? "" : " " + models.size() + " models") + ")";
        }
    }

    /** IS_DEFINED, IS_NULL, IS_STRING, ...: never undefined. */
    static final class TypeTest extends Cond {
        final Builtin fn;
        final Val value;

        TypeTest(Builtin fn, Val value) {
            this.fn = fn;
            this.value = value;
        }

        @Override
        public int test(EventView event, Frame frame) {
            Object v = value.eval(event, frame);
            switch (fn) {
                case IS_DEFINED:
                    return Tri.of(v != null);
                case IS_NULL:
                    return Tri.of(v instanceof JsonNull);
                case IS_STRING:
                    return Tri.of(v instanceof String);
                case IS_NUMBER:
                    return Tri.of(Values.isNumber(v));
                case IS_BOOL:
                    return Tri.of(v instanceof Boolean);
                case IS_OBJECT:
                    return Tri.of(v instanceof Map);
                case IS_ARRAY:
                    return Tri.of(v instanceof List);
                default: // IS_PRIMITIVE
                    return Tri.of(v instanceof String || v instanceof Boolean || v instanceof JsonNull || Values.isNumber(v));
            }
        }

        @Override
        public String toString() {
            return "(" + fn.name().toLowerCase(Locale.ROOT) + " " + value + ")";
        }
    }

    /** LOWER, UPPER, LENGTH and the numeric functions of one argument. */
    static final class Unary extends Val {
        final Builtin fn;
        final Val argument;

        Unary(Builtin fn, Val argument) {
            this.fn = fn;
            this.argument = argument;
        }

        @Override
        public Object eval(EventView event, Frame frame) {
            Object v = argument.eval(event, frame);
            if (v == null) {
                return null;
            }
            switch (fn) {
                case LOWER:
                    return v instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
                case UPPER:
                    return v instanceof String s ? s.toUpperCase(Locale.ROOT) : null;
                case LENGTH:
                    return v instanceof String s ? (Object) (long) s.codePointCount(0, s.length()) : null;
                case AS_NUMBER:
                    return asNumber(v);
                default:
                    return numeric(fn, v);
            }
        }

        @Override
        public String toString() {
            return "(" + fn.name().toLowerCase(Locale.ROOT) + " " + argument + ")";
        }
    }

    static Object numeric(Builtin fn, Object v) {
        if (v instanceof Long l) {
            switch (fn) {
                case ABS:
                    return l == Long.MIN_VALUE ? null : Math.abs(l);
                case SIGN:
                    return (long) Long.signum(l);
                default:
                    return l; // CEILING, FLOOR, ROUND of an integer
            }
        }
        if (v instanceof Double d) {
            switch (fn) {
                case ABS:
                    return Math.abs(d);
                case SIGN:
                    return (long) Math.signum(d);
                case CEILING:
                    return Math.ceil(d);
                case FLOOR:
                    return Math.floor(d);
                default: // ROUND: halves away from zero
                    double a = Math.abs(d);
                    double r = Math.floor(a);
                    if (a - r >= 0.5) {
                        r += 1;
                    }
                    return Math.copySign(r, d);
            }
        }
        if (v instanceof BigInteger b) {
            return fn == Builtin.SIGN ? (Object) (long) b.signum() : fn == Builtin.ABS ? b.abs() : b;
        }
        return null;
    }

    static Object asNumber(Object v) {
        if (Values.isNumber(v)) {
            return v;
        }
        if (!(v instanceof String s) || !NUMBER.matcher(s).matches()) {
            return null;
        }
        if (s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0) {
            BigInteger b = new BigInteger(s);
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        double d = Double.parseDouble(s);
        return Double.isFinite(d) ? d : null;
    }

    /** CONCAT(s, s, ...): undefined unless every argument is a string. */
    static final class Concat extends Val {
        final Val[] arguments;

        Concat(Val[] arguments) {
            this.arguments = arguments;
        }

        @Override
        public Object eval(EventView event, Frame frame) {
            StringBuilder b = new StringBuilder();
            for (Val a : arguments) {
                if (!(a.eval(event, frame) instanceof String s)) {
                    return null;
                }
                b.append(s);
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return Conds.join("concat", arguments);
        }
    }

    /** SUBSTRING(s, start[, length]) in code points, 0-based. */
    static final class Substring extends Val {
        final Val subject;
        final Val start;
        final Val length; // may be null

        Substring(Val subject, Val start, Val length) {
            this.subject = subject;
            this.start = start;
            this.length = length;
        }

        @Override
        public Object eval(EventView event, Frame frame) {
            if (!(subject.eval(event, frame) instanceof String s)) {
                return null;
            }
            long from = integer(start.eval(event, frame));
            long count = length == null ? Long.MAX_VALUE : integer(length.eval(event, frame));
            if (from < 0 || count < 0) {
                return null;
            }
            int codePoints = s.codePointCount(0, s.length());
            if (from >= codePoints) {
                return "";
            }
            int begin = s.offsetByCodePoints(0, (int) from);
            long endCp = Math.min((long) codePoints, from + Math.min(count, (long) codePoints));
            int end = s.offsetByCodePoints(0, (int) endCp);
            return s.substring(begin, end);
        }

        @Override
        public String toString() {
            return "(substring " + subject + " " + start + (length == null ? "" : " " + length) + ")";
        }
    }

    /** The integer value of a number with no fraction; -1 (invalid) otherwise. */
    static long integer(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.0e15) {
            return d.longValue();
        }
        return -1;
    }

    /** INDEX_OF(s, f): code-point index of the first occurrence, -1 when absent. */
    static final class IndexOf extends Val {
        final Val subject;
        final Val search;

        IndexOf(Val subject, Val search) {
            this.subject = subject;
            this.search = search;
        }

        @Override
        public Object eval(EventView event, Frame frame) {
            if (!(subject.eval(event, frame) instanceof String s) || !(search.eval(event, frame) instanceof String f)) {
                return null;
            }
            int i = s.indexOf(f);
            return i < 0 ? -1L : (long) s.codePointCount(0, i);
        }

        @Override
        public String toString() {
            return "(index_of " + subject + " " + search + ")";
        }
    }
}
