package io.eventroute.compiler.ast;

import io.eventroute.compiler.JsonNull;
import io.eventroute.compiler.ast.Expr.And;
import io.eventroute.compiler.ast.Expr.Arithmetic;
import io.eventroute.compiler.ast.Expr.Attribute;
import io.eventroute.compiler.ast.Expr.Call;
import io.eventroute.compiler.ast.Expr.Comparison;
import io.eventroute.compiler.ast.Expr.DataPath;
import io.eventroute.compiler.ast.Expr.ElementPath;
import io.eventroute.compiler.ast.Expr.In;
import io.eventroute.compiler.ast.Expr.IsNull;
import io.eventroute.compiler.ast.Expr.LegacyEventType;
import io.eventroute.compiler.ast.Expr.Like;
import io.eventroute.compiler.ast.Expr.Literal;
import io.eventroute.compiler.ast.Expr.Model;
import io.eventroute.compiler.ast.Expr.Negate;
import io.eventroute.compiler.ast.Expr.Not;
import io.eventroute.compiler.ast.Expr.Or;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Prints a tree back to filter text (normalized: upper-case keywords, single quotes, minimal
 * parentheses) or as a span-free S-expression. Printing then parsing gives the same tree. Stateless;
 * thread-safe.
 */
public final class ExprPrinter {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    // Precedence levels, lowest first, one per grammar rule.
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int PREDICATE = 4;
    private static final int ADDITIVE = 5;
    private static final int TERM = 6;
    private static final int UNARY = 7;
    private static final int PRIMARY = 8;

    private ExprPrinter() {
    }

    /** The normalized filter text of {@code expr}. */
    public static String print(Expr expr) {
        StringBuilder out = new StringBuilder();
        print(expr, OR, out);
        return out.toString();
    }

    /** A span-free, fully parenthesized form, e.g. {@code (and (= type 'A') (> $body.x 1))}. */
    public static String tree(Expr expr) {
        StringBuilder out = new StringBuilder();
        tree(expr, out);
        return out.toString();
    }

    private static int level(Expr e) {
        if (e instanceof Or) {
            return OR;
        } else if (e instanceof And) {
            return AND;
        } else if (e instanceof Not) {
            return NOT;
        } else if (e instanceof Comparison || e instanceof In || e instanceof Like || e instanceof IsNull) {
            return PREDICATE;
        } else if (e instanceof Arithmetic a) {
            return a.op() == Expr.ArithmeticOp.ADD || a.op() == Expr.ArithmeticOp.SUBTRACT ? ADDITIVE : TERM;
        } else if (e instanceof Negate) {
            return UNARY;
        } else if (e instanceof Literal l && isNegativeNumber(l.value())) {
            return UNARY;
        }
        return PRIMARY;
    }

    private static boolean isNegativeNumber(Object v) {
        return (v instanceof Long n && n < 0) || (v instanceof Double d && (d < 0 || (d == 0 && 1 / d < 0)));
    }

    private static void print(Expr e, int minLevel, StringBuilder out) {
        boolean parens = level(e) < minLevel;
        if (parens) {
            out.append('(');
        }
        printBare(e, out);
        if (parens) {
            out.append(')');
        }
    }

    private static void printBare(Expr e, StringBuilder out) {
        if (e instanceof Literal l) {
            out.append(literal(l.value()));
        } else if (e instanceof Attribute a) {
            out.append(a.name());
        } else if (e instanceof DataPath p) {
            out.append("$body").append(segments(p.segments()));
        } else if (e instanceof ElementPath p) {
            out.append('@').append(segments(p.segments()));
        } else if (e instanceof Model m) {
            out.append("$model");
        } else if (e instanceof LegacyEventType t) {
            out.append("$eventType");
        } else if (e instanceof Negate n) {
            out.append('-');
            // "- -x" keeps the space: "--" is an error (it is how SQL starts a comment).
            if (n.operand() instanceof Negate || level(n.operand()) == UNARY) {
                out.append(' ');
            }
            print(n.operand(), UNARY, out);
        } else if (e instanceof Arithmetic a) {
            int lvl = level(a);
            print(a.left(), lvl, out);
            out.append(' ').append(a.op().symbol()).append(' ');
            print(a.right(), lvl + 1, out);
        } else if (e instanceof Comparison c) {
            print(c.left(), ADDITIVE, out);
            out.append(' ').append(c.op().symbol()).append(' ');
            print(c.right(), ADDITIVE, out);
        } else if (e instanceof And a) {
            join(a.operands(), " AND ", NOT, out);
        } else if (e instanceof Or o) {
            join(o.operands(), " OR ", AND, out);
        } else if (e instanceof Not n) {
            out.append("NOT ");
            print(n.operand(), NOT, out);
        } else if (e instanceof In in) {
            print(in.subject(), ADDITIVE, out);
            out.append(in.negated() ? " NOT IN (" : " IN (");
            for (int i = 0; i < in.items().size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                out.append(literal(in.items().get(i).value()));
            }
            out.append(')');
        } else if (e instanceof Like l) {
            print(l.subject(), ADDITIVE, out);
            out.append(l.negated() ? " NOT LIKE " : " LIKE ").append(literal(l.pattern().value()));
            if (l.escape() != null) {
                out.append(" ESCAPE ").append(literal(l.escape().value()));
            }
        } else if (e instanceof IsNull n) {
            print(n.subject(), ADDITIVE, out);
            out.append(n.negated() ? " IS NOT NULL" : " IS NULL");
        } else if (e instanceof Call c) {
            out.append(c.name().toUpperCase(java.util.Locale.ROOT)).append('(');
            for (int i = 0; i < c.arguments().size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                print(c.arguments().get(i), OR, out);
            }
            out.append(')');
        }
    }

    private static void join(List<Expr> operands, String op, int minLevel, StringBuilder out) {
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                out.append(op);
            }
            // A nested operand of the same operator gets parentheses, so it comes back as the same
            // (unflattened) tree: the parser flattens only what was written flat.
            print(operands.get(i), minLevel, out);
        }
    }

    /** The segments of a path in filter syntax. */
    public static String segments(List<Segment> segments) {
        StringBuilder out = new StringBuilder();
        for (Segment s : segments) {
            if (s instanceof Segment.Member m) {
                if (PLAIN_NAME.matcher(m.name()).matches()) {
                    out.append('.').append(m.name());
                } else {
                    out.append('[').append(quote(m.name())).append(']');
                }
            } else if (s instanceof Segment.Index i) {
                out.append('[').append(i.index()).append(']');
            } else if (s instanceof Segment.Wildcard w) {
                out.append("[*]");
            }
        }
        return out.toString();
    }

    /** A literal value in filter syntax. */
    public static String literal(Object v) {
        if (v instanceof String s) {
            return quote(s);
        } else if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        } else if (v instanceof JsonNull) {
            return "NULL";
        } else if (v instanceof Double d) {
            return Double.toString(d);
        }
        return String.valueOf(v);
    }

    /**
     * Quotes a string so that the lexer reads it back unchanged. A backslash right before the
     * delimiter always escapes it, so a value holding {@code \'} is written with double quotes.
     */
    public static String quote(String s) {
        char q = s.contains("\\'") && !s.contains("\\\"") ? '"' : '\'';
        StringBuilder out = new StringBuilder(s.length() + 2).append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == q) {
                out.append(q);
            }
            out.append(c);
        }
        return out.append(q).toString();
    }

    private static void tree(Expr e, StringBuilder out) {
        if (e instanceof Literal l) {
            out.append(l.value() instanceof Double d ? "%" + d : literal(l.value()));
        } else if (e instanceof Attribute a) {
            out.append(a.name());
        } else if (e instanceof DataPath p) {
            out.append("$body").append(segments(p.segments()));
        } else if (e instanceof ElementPath p) {
            out.append('@').append(segments(p.segments()));
        } else if (e instanceof Model m) {
            out.append("$model");
        } else if (e instanceof LegacyEventType t) {
            out.append("$eventType");
        } else if (e instanceof Negate n) {
            node(out, "neg", n.operand());
        } else if (e instanceof Arithmetic a) {
            node(out, a.op().symbol(), a.left(), a.right());
        } else if (e instanceof Comparison c) {
            node(out, c.op().symbol(), c.left(), c.right());
        } else if (e instanceof And a) {
            node(out, "and", a.operands().toArray(Expr[]::new));
        } else if (e instanceof Or o) {
            node(out, "or", o.operands().toArray(Expr[]::new));
        } else if (e instanceof Not n) {
            node(out, "not", n.operand());
        } else if (e instanceof In in) {
            out.append(in.negated() ? "(not-in " : "(in ");
            tree(in.subject(), out);
            for (Literal item : in.items()) {
                out.append(' ');
                tree(item, out);
            }
            out.append(')');
        } else if (e instanceof Like l) {
            out.append(l.negated() ? "(not-like " : "(like ");
            tree(l.subject(), out);
            out.append(' ').append(literal(l.pattern().value()));
            if (l.escape() != null) {
                out.append(" escape ").append(literal(l.escape().value()));
            }
            out.append(')');
        } else if (e instanceof IsNull n) {
            node(out, n.negated() ? "is-not-null" : "is-null", n.subject());
        } else if (e instanceof Call c) {
            node(out, c.name().toUpperCase(java.util.Locale.ROOT), c.arguments().toArray(Expr[]::new));
        }
    }

    private static void node(StringBuilder out, String head, Expr... children) {
        out.append('(').append(head);
        for (Expr c : children) {
            out.append(' ');
            tree(c, out);
        }
        out.append(')');
    }
}
