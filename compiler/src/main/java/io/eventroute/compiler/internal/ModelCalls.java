package io.eventroute.compiler.internal;

import io.eventroute.compiler.ModelSet;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.ast.Expr.Literal;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code IS_OF_MODEL(m)} calls of a checked filter that follow inheritance (not {@code exact}):
 * what a model set changes about the filter. Stateless.
 */
public final class ModelCalls {
    /** A route whose IS_OF_MODEL argument is not a constant depends on every model. */
    public static final String ANY = "";

    private ModelCalls() {
    }

    /**
     * The constant {@code m} of every inheriting {@code IS_OF_MODEL(m)} in {@code tree}, with
     * {@link #ANY} for an argument computed per event; empty when the filter has none.
     */
    public static List<String> wanted(Expr tree) {
        List<String> out = new ArrayList<>();
        for (Expr.Call c : calls(tree)) {
            out.add(c.arguments().get(0) instanceof Literal l && l.value() instanceof String m ? m : ANY);
        }
        return out;
    }

    /** The inheriting {@code IS_OF_MODEL} calls of {@code tree}, in the order they appear. */
    public static List<Expr.Call> calls(Expr tree) {
        List<Expr.Call> out = new ArrayList<>();
        collect(tree, out);
        return out;
    }

    /** Whether the filter's meaning can differ between model sets {@code a} and {@code b}. */
    public static boolean affected(List<String> wanted, ModelSet a, ModelSet b) {
        for (String m : wanted) {
            if (m.equals(ANY) || !a.satisfying(m).equals(b.satisfying(m))) {
                return true;
            }
        }
        return false;
    }

    private static void collect(Expr e, List<Expr.Call> out) {
        if (e instanceof Expr.Call c) {
            if (Builtin.find(c.name()) == Builtin.IS_OF_MODEL && c.arguments().size() == 1) {
                out.add(c);
            }
            for (Expr a : c.arguments()) {
                collect(a, out);
            }
        } else if (e instanceof Expr.And a) {
            a.operands().forEach(o -> collect(o, out));
        } else if (e instanceof Expr.Or o) {
            o.operands().forEach(x -> collect(x, out));
        } else if (e instanceof Expr.Not n) {
            collect(n.operand(), out);
        } else if (e instanceof Expr.Comparison c) {
            collect(c.left(), out);
            collect(c.right(), out);
        } else if (e instanceof Expr.Arithmetic a) {
            collect(a.left(), out);
            collect(a.right(), out);
        } else if (e instanceof Expr.Negate n) {
            collect(n.operand(), out);
        } else if (e instanceof Expr.In in) {
            collect(in.subject(), out);
        } else if (e instanceof Expr.Like l) {
            collect(l.subject(), out);
        } else if (e instanceof Expr.IsNull n) {
            collect(n.subject(), out);
        }
    }
}
