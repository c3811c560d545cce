package io.eventroute.compiler.internal.parse;

import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.JsonNull;
import io.eventroute.compiler.Limits;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.ast.Expr.ArithmeticOp;
import io.eventroute.compiler.ast.Expr.ComparisonOp;
import io.eventroute.compiler.ast.Expr.Literal;
import io.eventroute.compiler.ast.Segment;
import io.eventroute.compiler.ast.Span;
import io.eventroute.compiler.internal.Problems;
import io.eventroute.grammar.AdtFilterLexer;
import io.eventroute.grammar.AdtFilterParser;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Parse tree to syntax tree: literals decoded, paths split into segments, AND/OR flattened where they
 * were written flat. Reports what only the text can tell (numbers out of range, bad path segments);
 * names and types are the checker's business.
 */
final class AstBuilder {
    private static final BigInteger LONG_MIN_MAGNITUDE = BigInteger.ONE.shiftLeft(63);

    private final String source;
    private final Positions positions;
    private final Limits limits;
    private final Problems problems;

    AstBuilder(String source, Positions positions, Limits limits, Problems problems) {
        this.source = source;
        this.positions = positions;
        this.limits = limits;
        this.problems = problems;
    }

    private int depth;
    private boolean depthReported;

    /**
     * The tree; it is returned even when a literal or path was reported, so that the checker can
     * report the remaining mistakes too (the compiler stops before lowering when there are errors).
     */
    Expr build(AdtFilterParser.FilterContext filter) {
        return orExpr(filter.orExpr());
    }

    /**
     * Enters one nesting level (parenthesis, call, NOT, unary minus) and reports the first point
     * beyond the limit. The token scan before parsing bounds runaway nesting; this is the exact count.
     */
    private void enter(ParserRuleContext ctx) {
        depth++;
        if (depth > limits.maxDepth() && !depthReported) {
            depthReported = true;
            problems.report(DiagnosticCode.NESTING_TOO_DEEP, positions.span(ctx.getStart()),
                    "The filter nests more than " + limits.maxDepth() + " levels deep here",
                    "simplify it, or raise the nesting limit");
        }
    }

    private void leave() {
        depth--;
    }

    private Span span(ParserRuleContext ctx) {
        Token stop = ctx.getStop() == null || ctx.getStop().getTokenIndex() < ctx.getStart().getTokenIndex()
                ? ctx.getStart() : ctx.getStop();
        return positions.span(ctx.getStart(), stop);
    }

    // orExpr : andExpr ( OR andExpr )*
    private Expr orExpr(AdtFilterParser.OrExprContext ctx) {
        List<AdtFilterParser.AndExprContext> parts = ctx.andExpr();
        if (parts.size() == 1) {
            return andExpr(parts.get(0));
        }
        List<Expr> operands = new ArrayList<>(parts.size());
        for (AdtFilterParser.AndExprContext p : parts) {
            operands.add(andExpr(p));
        }
        return new Expr.Or(operands, span(ctx));
    }

    // andExpr : notExpr ( AND notExpr )*
    private Expr andExpr(AdtFilterParser.AndExprContext ctx) {
        List<AdtFilterParser.NotExprContext> parts = ctx.notExpr();
        if (parts.size() == 1) {
            return notExpr(parts.get(0));
        }
        List<Expr> operands = new ArrayList<>(parts.size());
        for (AdtFilterParser.NotExprContext p : parts) {
            operands.add(notExpr(p));
        }
        return new Expr.And(operands, span(ctx));
    }

    // notExpr : NOT notExpr | predicate
    private Expr notExpr(AdtFilterParser.NotExprContext ctx) {
        if (ctx instanceof AdtFilterParser.NotOperatorContext not) {
            enter(ctx);
            Expr operand = notExpr(not.notExpr());
            leave();
            return new Expr.Not(operand, span(ctx));
        }
        return predicate(((AdtFilterParser.PredicateOperandContext) ctx).predicate());
    }

    // predicate : additive predicateTail?
    private Expr predicate(AdtFilterParser.PredicateContext ctx) {
        Expr subject = additive(ctx.additive());
        AdtFilterParser.PredicateTailContext tail = ctx.predicateTail();
        if (tail == null) {
            return subject;
        }
        Span span = span(ctx);
        if (tail instanceof AdtFilterParser.ComparisonTailContext c) {
            return new Expr.Comparison(comparisonOp(c.compOp()), subject, additive(c.additive()), span);
        }
        if (tail instanceof AdtFilterParser.InTailContext in) {
            List<AdtFilterParser.InItemContext> inItems = in.inItem();
            if (inItems.size() > limits.maxInItems()) {
                problems.report(DiagnosticCode.TOO_MANY_IN_ITEMS, span(inItems.get(limits.maxInItems())),
                        "The IN list has " + inItems.size() + " items; the limit is " + limits.maxInItems(),
                        "split the list, or raise the IN-list limit");
            }
            List<Literal> items = new ArrayList<>(inItems.size());
            for (AdtFilterParser.InItemContext item : inItems) {
                items.add(inItem(item));
            }
            return new Expr.In(subject, items, in.NOT() != null, span);
        }
        if (tail instanceof AdtFilterParser.LikeTailContext like) {
            Literal pattern = string(like.string(0));
            Literal escape = like.string().size() > 1 ? string(like.string(1)) : null;
            return new Expr.Like(subject, pattern, escape, like.NOT() != null, span);
        }
        AdtFilterParser.IsNullTailContext isNull = (AdtFilterParser.IsNullTailContext) tail;
        return new Expr.IsNull(subject, isNull.NOT() != null, span);
    }

    private static ComparisonOp comparisonOp(AdtFilterParser.CompOpContext op) {
        return switch (op.getStart().getType()) {
            case AdtFilterLexer.EQ -> ComparisonOp.EQ;
            case AdtFilterLexer.NEQ, AdtFilterLexer.LTGT -> ComparisonOp.NE;
            case AdtFilterLexer.LT -> ComparisonOp.LT;
            case AdtFilterLexer.LE -> ComparisonOp.LE;
            case AdtFilterLexer.GT -> ComparisonOp.GT;
            case AdtFilterLexer.GE -> ComparisonOp.GE;
            default -> throw new IllegalStateException("comparison token " + op.getText());
        };
    }

    // additive : term ( additiveOp term )*   (left-associative)
    private Expr additive(AdtFilterParser.AdditiveContext ctx) {
        // The generated ctx.term(i) scans all children on each call; fetch the lists once (long chains).
        List<AdtFilterParser.TermContext> terms = ctx.term();
        List<AdtFilterParser.AdditiveOpContext> ops = ctx.additiveOp();
        Expr left = term(terms.get(0));
        for (int i = 1; i < terms.size(); i++) {
            ArithmeticOp op = ops.get(i - 1).PLUS() != null ? ArithmeticOp.ADD : ArithmeticOp.SUBTRACT;
            Expr right = term(terms.get(i));
            left = new Expr.Arithmetic(op, left, right, left.span().to(right.span()));
        }
        return left;
    }

    // term : unary ( termOp unary )*   (left-associative)
    private Expr term(AdtFilterParser.TermContext ctx) {
        List<AdtFilterParser.UnaryContext> unaries = ctx.unary();
        List<AdtFilterParser.TermOpContext> ops = ctx.termOp();
        Expr left = unary(unaries.get(0));
        for (int i = 1; i < unaries.size(); i++) {
            AdtFilterParser.TermOpContext t = ops.get(i - 1);
            ArithmeticOp op = t.STAR() != null ? ArithmeticOp.MULTIPLY
                    : t.SLASH() != null ? ArithmeticOp.DIVIDE : ArithmeticOp.MODULO;
            Expr right = unary(unaries.get(i));
            left = new Expr.Arithmetic(op, left, right, left.span().to(right.span()));
        }
        return left;
    }

    // unary : MINUS unary | primary
    private Expr unary(AdtFilterParser.UnaryContext ctx) {
        if (ctx instanceof AdtFilterParser.NegationContext neg) {
            // -9223372036854775808 is the one integer whose magnitude alone is out of range.
            if (neg.unary() instanceof AdtFilterParser.PrimaryOperandContext p
                    && p.primary() instanceof AdtFilterParser.LiteralPrimaryContext lit
                    && lit.literal().number() != null && lit.literal().number().INTEGER() != null
                    && LONG_MIN_MAGNITUDE.equals(integer(lit.literal().number().INTEGER().getText(), 10))) {
                return new Literal(Long.MIN_VALUE, span(ctx));
            }
            enter(ctx);
            Expr operand = unary(neg.unary());
            leave();
            return new Expr.Negate(operand, span(ctx));
        }
        return primary(((AdtFilterParser.PrimaryOperandContext) ctx).primary());
    }

    private Expr primary(AdtFilterParser.PrimaryContext ctx) {
        if (ctx instanceof AdtFilterParser.LiteralPrimaryContext lit) {
            return literal(lit.literal());
        }
        if (ctx instanceof AdtFilterParser.CallPrimaryContext call) {
            List<Expr> args = new ArrayList<>();
            enter(ctx);
            for (AdtFilterParser.OrExprContext a : call.orExpr()) {
                args.add(orExpr(a));
            }
            leave();
            return new Expr.Call(call.IDENT().getText(), args, positions.span(call.IDENT()), span(ctx));
        }
        if (ctx instanceof AdtFilterParser.AttributePrimaryContext attr) {
            return new Expr.Attribute(attr.IDENT().getText().intern(), span(ctx));
        }
        if (ctx instanceof AdtFilterParser.DollarPrimaryContext dollar) {
            return dollarPath(dollar.DOLLAR_PATH());
        }
        if (ctx instanceof AdtFilterParser.ElementPrimaryContext element) {
            TerminalNode t = element.AT_PATH();
            Span s = positions.span(t);
            return new Expr.ElementPath(segments(t.getText(), 1, s.offset()), s);
        }
        enter(ctx);
        Expr inner = orExpr(((AdtFilterParser.ParenPrimaryContext) ctx).orExpr());
        leave();
        return inner;
    }

    private Literal literal(AdtFilterParser.LiteralContext ctx) {
        if (ctx.number() != null) {
            return number(ctx.number(), false);
        }
        if (ctx.string() != null) {
            return string(ctx.string());
        }
        Span s = span(ctx);
        if (ctx.TRUE() != null) {
            return new Literal(Boolean.TRUE, s);
        }
        if (ctx.FALSE() != null) {
            return new Literal(Boolean.FALSE, s);
        }
        return new Literal(JsonNull.INSTANCE, s);
    }

    private Literal inItem(AdtFilterParser.InItemContext ctx) {
        if (ctx.number() != null) {
            Literal n = number(ctx.number(), ctx.MINUS() != null);
            return ctx.MINUS() != null ? new Literal(n.value(), span(ctx)) : n;
        }
        if (ctx.string() != null) {
            return string(ctx.string());
        }
        Span s = span(ctx);
        if (ctx.TRUE() != null) {
            return new Literal(Boolean.TRUE, s);
        }
        if (ctx.FALSE() != null) {
            return new Literal(Boolean.FALSE, s);
        }
        return new Literal(JsonNull.INSTANCE, s);
    }

    private Literal number(AdtFilterParser.NumberContext ctx, boolean negative) {
        Span s = span(ctx);
        String text = ctx.getText();
        if (ctx.INTEGER() != null || ctx.HEX() != null) {
            boolean hex = ctx.HEX() != null;
            BigInteger v = hex ? integer(text.substring(2), 16) : integer(text, 10);
            if (v != null && negative) {
                v = v.negate();
            }
            if (v == null || v.bitLength() >= 64 || (hex && negative && v.signum() < 0 && v.negate().bitLength() >= 64)) {
                problems.report(DiagnosticCode.NUMBER_OUT_OF_RANGE, s,
                        "The number " + text + " does not fit in a 64-bit integer", "write it as a decimal, e.g. " + text + ".0");
                return new Literal(0L, s);
            }
            return new Literal(v.longValue(), s);
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            problems.report(DiagnosticCode.NUMBER_OUT_OF_RANGE, s,
                    "The number " + text + " is too large for a 64-bit floating-point number", null);
            return new Literal(0.0, s);
        }
        return new Literal(negative ? -d : d, s);
    }

    /**
     * The value of an integer literal's digits, or null when there are more significant digits than
     * any 64-bit value has: parsing a huge literal would take time quadratic in its length.
     */
    private static BigInteger integer(String digits, int radix) {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        return digits.length() - start > (radix == 16 ? 16 : 19) ? null : new BigInteger(digits.substring(start), radix);
    }

    private Literal string(AdtFilterParser.StringContext ctx) {
        Token t = ctx.getStart();
        String text = t.getText();
        // Routes repeat the same literals ('microsoft.iot.telemetry'): sharing them keeps evaluation
        // on hot memory and lets equal strings compare by identity first.
        String value = unquote(text);
        return new Literal(value.length() <= 256 ? value.intern() : value, positions.span(t));
    }

    /**
     * Decodes a quoted string: the delimiter written twice, or a backslash right before the
     * delimiter, stands for the delimiter; every other backslash is an ordinary character.
     */
    static String unquote(String quoted) {
        char q = quoted.charAt(0);
        int end = quoted.length() - 1;
        StringBuilder out = new StringBuilder(end);
        for (int i = 1; i < end; i++) {
            char c = quoted.charAt(i);
            if ((c == '\\' || c == q) && i + 1 < end && quoted.charAt(i + 1) == q) {
                out.append(q);
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private Expr dollarPath(TerminalNode node) {
        String text = node.getText();
        Span s = positions.span(node);
        int i = 1;
        while (i < text.length() && text.charAt(i) != '.' && text.charAt(i) != '[') {
            i++;
        }
        String root = text.substring(1, i);
        List<Segment> segments = segments(text, i, s.offset());
        switch (root) {
            case "body":
                return new Expr.DataPath(segments, s);
            case "model":
            case "eventType":
                if (!segments.isEmpty()) {
                    problems.report(DiagnosticCode.INVALID_PATH, s.offset() + i, s.length() - i,
                            "$" + root + " is a string and has no members", null);
                }
                return root.equals("model") ? new Expr.Model(s) : new Expr.LegacyEventType(s);
            default:
                String suggestion = switch (root.toLowerCase(Locale.ROOT)) {
                    case "body", "data" -> "$body" + text.substring(i);
                    case "model" -> "$model";
                    case "eventtype" -> "$eventType";
                    default -> "$body." + text.substring(0, i) + text.substring(i);
                };
                problems.report(DiagnosticCode.UNKNOWN_DOLLAR_NAME, s.offset(), i,
                        "Unknown name '" + text.substring(0, i) + "'; the names starting with $ are $body, $model and $eventType",
                        "did you mean " + suggestion + "?");
                return new Expr.DataPath(segments, s);
        }
    }

    /** Splits path segments starting at {@code from} of a path token whose text starts at {@code base}. */
    private List<Segment> segments(String text, int from, int base) {
        List<Segment> out = new ArrayList<>();
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < text.length() && text.charAt(i) != '.' && text.charAt(i) != '[') {
                    i++;
                }
                String name = text.substring(start, i);
                if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
                    String hint = name.isEmpty() ? null : "write [" + name + "] for an index or ['" + name + "'] for a member";
                    problems.report(DiagnosticCode.INVALID_PATH, base + start - 1, Math.max(1, name.length() + 1),
                            name.isEmpty() ? "A path segment needs a name after '.'" : "The path segment '." + name + "' does not start with a letter, _ or $",
                            hint);
                } else {
                    out.add(new Segment.Member(name));
                }
            } else if (c == '[') {
                int start = i;
                int close = closingBracket(text, i + 1);
                if (close < 0) {
                    problems.report(DiagnosticCode.INVALID_PATH, base + start, text.length() - start,
                            "The path segment has no closing ]", null);
                    return out;
                }
                String inner = text.substring(i + 1, close);
                i = close + 1;
                if (inner.equals("*")) {
                    out.add(new Segment.Wildcard());
                } else if (!inner.isEmpty() && inner.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    try {
                        out.add(new Segment.Index(Integer.parseInt(inner)));
                    } catch (NumberFormatException tooBig) {
                        problems.report(DiagnosticCode.INVALID_PATH, base + start, close + 1 - start,
                                "The index " + inner + " is too large", null);
                    }
                } else if (inner.length() >= 2 && (inner.charAt(0) == '\'' || inner.charAt(0) == '"')
                        && inner.charAt(inner.length() - 1) == inner.charAt(0)) {
                    out.add(new Segment.Member(unquote(inner)));
                } else {
                    problems.report(DiagnosticCode.INVALID_PATH, base + start, close + 1 - start,
                            "Invalid path segment [" + inner + "]: write [N] for an index, [*] for every element or ['name'] for a member",
                            null);
                }
            } else {
                problems.report(DiagnosticCode.INVALID_PATH, base + i, 1, "Unexpected '" + c + "' in a path", null);
                return out;
            }
        }
        return out;
    }

    private static int closingBracket(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i++;
                while (i < text.length()) {
                    char d = text.charAt(i);
                    if ((d == '\\' || d == c) && i + 1 < text.length() && text.charAt(i + 1) == c) {
                        i += 2;
                    } else if (d == c) {
                        break;
                    } else {
                        i++;
                    }
                }
            } else if (c == ']') {
                return i;
            }
            i++;
        }
        return -1;
    }
}
