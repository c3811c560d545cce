package io.eventroute.compiler.internal.cesql;

import java.util.List;

/**
 * Prints a CESQL syntax tree in normalized form: upper-case keywords and function names, single
 * quotes, one space around binary operators and parentheses only where the grouping needs them.
 * Printing and parsing again gives the same tree (up to parentheses). Stateless; thread-safe.
 */
public final class CesqlPrinter {
    private static final int POSTFIX = 4;
    private static final int PREFIX = 5;
    private static final int PRIMARY = 6;

    private CesqlPrinter() {
    }

    public static String print(Syntax s) {
        StringBuilder b = new StringBuilder();
        print(s, 0, b);
        return b.toString();
    }

    /** A chain with every left-to-right step parenthesized: {@code (a AND b) OR c}. */
    static String leftGrouped(Syntax.Chain c) {
        StringBuilder b = new StringBuilder();
        int level = c.ops().get(0).level();
        b.append("(".repeat(c.ops().size() - 1));
        print(c.first(), level, b);
        for (int i = 0; i < c.ops().size(); i++) {
            b.append(' ').append(c.ops().get(i).symbol()).append(' ');
            print(c.rest().get(i), level + 1, b);
            if (i < c.ops().size() - 1) {
                b.append(')');
            }
        }
        return b.toString();
    }

    private static int precedence(Syntax s) {
        if (s instanceof Syntax.Chain c) {
            return c.ops().get(0).level();
        } else if (s instanceof Syntax.Like || s instanceof Syntax.In) {
            return POSTFIX;
        } else if (s instanceof Syntax.Not || s instanceof Syntax.Negate) {
            return PREFIX;
        } else if (s instanceof Syntax.Paren p) {
            return precedence(p.inner());
        }
        return PRIMARY;
    }

    /** Prints {@code s} where an expression of at least precedence {@code min} may stand. */
    private static void print(Syntax s, int min, StringBuilder b) {
        if (s instanceof Syntax.Paren p) {
            print(p.inner(), min, b);
            return;
        }
        if (precedence(s) < min) {
            b.append('(');
            print(s, 0, b);
            b.append(')');
            return;
        }
        if (s instanceof Syntax.Literal lit) {
            Node.describeLiteral(lit.value(), b);
        } else if (s instanceof Syntax.Attribute a) {
            b.append(a.name());
        } else if (s instanceof Syntax.Exists e) {
            b.append("EXISTS ").append(e.name());
        } else if (s instanceof Syntax.Not n) {
            b.append("NOT ");
            print(n.operand(), PREFIX, b);
        } else if (s instanceof Syntax.Negate n) {
            b.append('-');
            int at = b.length();
            print(n.operand(), PREFIX, b);
            if (b.length() > at && b.charAt(at) == '-') {
                b.insert(at, ' ');
            }
        } else if (s instanceof Syntax.Chain c) {
            int level = c.ops().get(0).level();
            print(c.first(), level, b);
            for (int i = 0; i < c.ops().size(); i++) {
                b.append(' ').append(c.ops().get(i).symbol()).append(' ');
                print(c.rest().get(i), level + 1, b);
            }
        } else if (s instanceof Syntax.Like like) {
            print(like.operand(), POSTFIX, b);
            b.append(like.negated() ? " NOT LIKE " : " LIKE ");
            Node.describeLiteral(like.pattern(), b);
        } else if (s instanceof Syntax.In in) {
            print(in.operand(), POSTFIX, b);
            b.append(in.negated() ? " NOT IN (" : " IN (");
            list(in.items(), b);
            b.append(')');
        } else if (s instanceof Syntax.Call c) {
            b.append(c.name()).append('(');
            list(c.args(), b);
            b.append(')');
        }
    }

    private static void list(List<Syntax> items, StringBuilder b) {
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : ", ");
            print(items.get(i), 0, b);
        }
    }
}
