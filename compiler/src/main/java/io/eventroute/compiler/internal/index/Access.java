package io.eventroute.compiler.internal.index;

import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.JsonNull;
import io.eventroute.compiler.ModelSet;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.ast.Expr.ComparisonOp;
import io.eventroute.compiler.ast.Expr.Literal;
import io.eventroute.compiler.ast.Segment;
import io.eventroute.compiler.internal.Builtin;
import io.eventroute.compiler.internal.eval.LikePattern;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A test an index can answer by lookup: a field equal to one of some constants, or a string field
 * starting with a constant prefix, or both (IS_OF_MODEL). When the lookup hits, the test is true for
 * the event.
 */
public final class Access {
    final Field field;
    final Set<Object> keys;   // canonical keys (equality); may be empty when there is a prefix
    final String prefix;      // null for an equality access

    private Access(Field field, Set<Object> keys, String prefix) {
        this.field = field;
        this.keys = keys;
        this.prefix = prefix;
    }

    /** True for an equality on a single key of a single field: such accesses can be paired. */
    boolean isSingleKey() {
        return prefix == null && keys.size() == 1 && !field.isPair();
    }

    /** Both accesses at once, as one lookup on the pair of their fields. */
    static Access pair(Access x, Access y) {
        Field f = Field.pair(x.field, y.field);
        Object kx = x.keys.iterator().next();
        Object ky = y.keys.iterator().next();
        Pair key = f.first.equals(x.field) ? new Pair(kx, ky) : new Pair(ky, kx);
        return new Access(f, Set.of(key), null);
    }

    /** The access a test offers, or null when it has none; {@code IS_OF_MODEL} follows {@code models}. */
    static Access of(Expr test, ModelSet models) {
        if (test instanceof Expr.Comparison c && c.op() == ComparisonOp.EQ) {
            Field f = field(c.left());
            Object k = c.right() instanceof Literal l ? canonical(l.value()) : null;
            if (f == null || k == null) {
                f = field(c.right());
                k = c.left() instanceof Literal l ? canonical(l.value()) : null;
            }
            return f != null && k != null && !(k instanceof JsonNull) ? new Access(f, Set.of(k), null) : null;
        }
        if (test instanceof Expr.In in && !in.negated()) {
            Field f = field(in.subject());
            if (f == null) {
                return null;
            }
            Set<Object> keys = new LinkedHashSet<>();
            for (Literal item : in.items()) {
                keys.add(canonical(item.value()));
            }
            return new Access(f, keys, null);
        }
        if (test instanceof Expr.Like like && !like.negated()) {
            Field f = field(like.subject());
            if (f == null) {
                return null;
            }
            int escape = like.escape() == null ? '\\' : ((String) like.escape().value()).codePointAt(0);
            LikePattern p = LikePattern.compile((String) like.pattern().value(), escape);
            String prefix = p.literalPrefix();
            if (p.isExact()) {
                return new Access(f, Set.of(prefix), null);
            }
            // Only 'prefix%' is true whenever the prefix lookup hits ('room-_' is not).
            return prefix.isEmpty() || !p.isPrefixOnly() ? null : new Access(f, Set.of(), prefix);
        }
        if (test instanceof Expr.Call call) {
            Builtin fn = Builtin.find(call.name());
            if (fn == Builtin.STARTS_WITH && call.arguments().get(1) instanceof Literal l && l.value() instanceof String p
                    && !p.isEmpty()) {
                Field f = field(call.arguments().get(0));
                return f == null ? null : new Access(f, Set.of(), p);
            }
            if (fn == Builtin.IS_OF_MODEL && call.arguments().get(0) instanceof Literal l && l.value() instanceof String m
                    && !m.isEmpty()) {
                return ofModel(m, call.arguments().size() == 2 ? ModelSet.empty() : models);
            }
        }
        return null;
    }

    /**
     * IS_OF_MODEL(m): $model is m, or (when m has no version) starts with "m;", or is a known model
     * that extends m: every such model is a key of its own, so a hit is a match.
     */
    private static Access ofModel(String m, ModelSet models) {
        Set<Object> keys = new LinkedHashSet<>();
        keys.add(m);
        String prefix = m.indexOf(';') >= 0 ? null : m + ";";
        for (String id : models.satisfying(m)) {
            if (!ModelSet.sameModel(id, m)) {
                keys.add(id);
            }
        }
        return new Access(Field.MODEL_OF, keys, prefix);
    }

    private static Field field(Expr e) {
        if (e instanceof Expr.Attribute a) {
            return Field.attribute(a.name());
        }
        if (e instanceof Expr.Model) {
            return Field.MODEL;
        }
        if (e instanceof Expr.DataPath p) {
            List<Object> steps = new ArrayList<>();
            for (Segment s : p.segments()) {
                if (s instanceof Segment.Wildcard) {
                    return null;
                }
                steps.add(s instanceof Segment.Member m ? m.name() : (Object) ((Segment.Index) s).index());
            }
            return Field.data(DataPointer.of(steps));
        }
        return null;
    }

    /**
     * The lookup key of a value: values that are equal by the language's rules ({@code 1 = 1.0}) get
     * equal keys. Objects and arrays have none (null).
     */
    public static Object canonical(Object v) {
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 9.2e18) {
                return (long) (double) d; // covers -0.0 too
            }
            return d;
        }
        if (v instanceof BigInteger b) {
            // Beyond 64 bits; equal to a double literal such as 1e20 exactly when the double is exact.
            double d = b.doubleValue();
            return !Double.isInfinite(d) && new java.math.BigDecimal(d).toBigInteger().equals(b) ? (Object) d : b;
        }
        if (v instanceof String || v instanceof Long || v instanceof Boolean || v instanceof JsonNull) {
            return v;
        }
        return null;
    }

    @Override
    public String toString() {
        return prefix == null ? field + " in " + keys
                : keys.isEmpty() ? field + " starts with " + prefix : field + " in " + keys + " or starts with " + prefix;
    }
}
