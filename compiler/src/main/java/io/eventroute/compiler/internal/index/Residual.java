package io.eventroute.compiler.internal.index;

import io.eventroute.compiler.EventView;
import io.eventroute.compiler.internal.lower.Atoms;
import io.eventroute.compiler.internal.lower.Cond;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * What a route must still meet when a lookup finds it. Most residuals are a conjunction of a few
 * simple atoms ({@code type = 'X'}, {@code $body.temperature > 30}, {@code STARTS_WITH(subject, 'p')});
 * those are encoded as flat arrays that a bucket copies next to its routes and tests against the
 * event's field values read once per match, with no condition nodes to walk and, for numbers and
 * unequal strings, no constant to dereference. Anything else stays a general condition. Immutable.
 */
final class Residual {
    // Atom codes (low 4 bits of a head; the field's value slot is above them).
    static final int STRING_EQ = 0;   // bits: the constant's String hash
    static final int PREFIX = 1;
    static final int OTHER = 7;       // bits: the Atoms kind; evaluated by Atoms.isTrue
    // NUMBER + an Atoms kind (EQ, LT, LE, GT, GE): bits are the constant as an exact double.
    private static final int NUMBER = 8;
    static final int NUMBER_EQ = NUMBER + Atoms.EQ;
    static final int NUMBER_LT = NUMBER + Atoms.LT;
    static final int NUMBER_LE = NUMBER + Atoms.LE;
    static final int NUMBER_GT = NUMBER + Atoms.GT;

    private static final int MAX_ATOMS = 15;
    private static final double TWO_POW_53 = 9007199254740992.0;

    final Cond cond;
    final int[] heads;          // null: a general condition
    final long[] bits;
    final Object[] constants;
    final Field[] fields;       // each atom's field (empty for a general condition)

    private Residual(Cond cond, int[] heads, long[] bits, Object[] constants, Field[] fields) {
        this.cond = cond;
        this.heads = heads;
        this.bits = bits;
        this.constants = constants;
        this.fields = fields;
    }

    boolean isGeneral() {
        return heads == null;
    }

    /**
     * The residual for {@code cond}; {@code slotOf} gives (and reserves) the value slot of each field an
     * atom reads.
     */
    static Residual of(Cond cond, ToIntFunction<Field> slotOf) {
        List<Atoms.Atom> atoms = Atoms.of(cond);
        if (atoms == null || atoms.isEmpty() || atoms.size() > MAX_ATOMS) {
            return new Residual(cond, null, null, null, new Field[0]);
        }
        int n = atoms.size();
        int[] heads = new int[n];
        long[] bits = new long[n];
        Object[] constants = new Object[n];
        Field[] fields = new Field[n];
        for (int i = 0; i < n; i++) {
            Atoms.Atom a = atoms.get(i);
            Field f = a.attribute() != null ? Field.attribute(a.attribute())
                    : a.pointer() != null ? Field.data(a.pointer()) : Field.MODEL;
            fields[i] = f;
            Object c = a.constant();
            constants[i] = c;
            int code;
            Double exact = exactDouble(c);
            if (a.kind() == Atoms.EQ && c instanceof String s) {
                code = STRING_EQ;
                bits[i] = s.hashCode();
            } else if (a.kind() == Atoms.STARTS_WITH) {
                code = PREFIX;
            } else if (exact != null && a.kind() != Atoms.STARTS_WITH) {
                code = NUMBER + a.kind();
                bits[i] = Double.doubleToRawLongBits(exact);
            } else {
                code = OTHER;
                bits[i] = a.kind();
            }
            heads[i] = slotOf.applyAsInt(f) << 4 | code;
        }
        return new Residual(cond, heads, bits, constants, fields);
    }

    /** A numeric constant as a double when the double is exactly it; otherwise null. */
    private static Double exactDouble(Object c) {
        if (c instanceof Double d) {
            return d;
        }
        if (c instanceof Long l && Math.abs(l) < TWO_POW_53) {
            return (double) l;
        }
        return null;
    }

    /**
     * Whether atoms {@code first .. first + count - 1} of a bucket are all true for the event {@code m}
     * is matching; atom a's head and bits are {@code data[base + 2a]} and {@code data[base + 2a + 1]}, its
     * constant {@code refs[base + a]}.
     */
    static boolean allTrue(long[] data, Object[] refs, int base, int first, int count, Matches m, EventView event) {
        for (int a = first, end = first + count; a < end; a++) {
            int head = (int) data[base + 2 * a];
            Object v = m.value(head >>> 4, event);
            if (v == null || !isTrue(head & 15, v, data[base + 2 * a + 1], refs, base + a)) {
                return false;
            }
        }
        return true;
    }

    /** The constant is read from {@code refs[at]} only when needed: most tests decide without it. */
    private static boolean isTrue(int code, Object v, long bits, Object[] refs, int at) {
        switch (code) {
            case STRING_EQ:
                // A string equals no constant of another type; the hash spares reading the constant when unequal.
                return v instanceof String s && s.hashCode() == (int) bits && s.equals(refs[at]);
            case PREFIX:
                return v instanceof String s && s.startsWith((String) refs[at]);
            case OTHER:
                return Atoms.isTrue((int) bits, v, refs[at]);
            default:
                // Both exact as doubles: comparing doubles is the exact comparison Values makes.
                double x;
                if (v instanceof Double d) {
                    x = d;
                } else if (v instanceof Long l && Math.abs(l) < TWO_POW_53) {
                    x = l;
                } else {
                    return Atoms.isTrue(code - NUMBER, v, refs[at]);
                }
                double c = Double.longBitsToDouble(bits);
                switch (code) {
                    case NUMBER_EQ:
                        return x == c;
                    case NUMBER_LT:
                        return x < c;
                    case NUMBER_LE:
                        return x <= c;
                    case NUMBER_GT:
                        return x > c;
                    default:
                        return x >= c;
                }
        }
    }
}
