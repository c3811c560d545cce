package io.eventroute.compiler.internal.parse;

import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.Limits;
import io.eventroute.compiler.ast.Span;
import io.eventroute.compiler.internal.Problems;
import io.eventroute.compiler.internal.cesql.Syntax;
import io.eventroute.grammar.CesqlFilterLexer;
import io.eventroute.grammar.CesqlFilterParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Source text to syntax tree for the {@code cesql} dialect (CloudEvents SQL v1), wired like
 * {@link AdtFrontEnd}: limits checked on the text and the tokens before parsing, a lexer that never
 * fails, a parser without error listeners that bails at the first syntax error, SLL first and full LL
 * only when SLL fails. Chains of binary operators are built in loops, not by recursion. Stateless;
 * thread-safe.
 */
public final class CesqlFrontEnd {
    private static final long INT_MIN_MAGNITUDE = 2147483648L;

    private CesqlFrontEnd() {
    }

    /** Parses {@code source}; null when an error was reported to {@code problems}. */
    public static Syntax parse(String source, Limits limits, Problems problems) {
        Positions positions = new Positions(source);
        CommonTokenStream tokens = FrontEnds.tokens(source, CesqlFilterLexer::new, positions, limits, problems,
                all -> lexicallyValid(all, positions, problems), NESTING, "write TRUE to route every event");
        if (tokens == null) {
            return null;
        }
        CesqlFilterParser.FilterContext tree = FrontEnds.parse(tokens, new CesqlFilterParser(tokens),
                CesqlFilterParser::filter, positions, problems, OPERAND_TOKENS, STRING_TOKENS, IMPLIED_BY_OPERAND);
        if (tree == null) {
            return null;
        }
        Syntax built = new Builder(positions, limits, problems).logical(tree.logical());
        return problems.hasErrors() ? null : built;
    }

    private static boolean lexicallyValid(List<Token> tokens, Positions positions, Problems problems) {
        boolean ok = true;
        for (Token t : tokens) {
            if (t.getType() == CesqlFilterLexer.ERROR_CHAR) {
                String text = t.getText();
                problems.report(DiagnosticCode.INVALID_CHARACTER, positions.span(t),
                        "Unexpected character " + FrontEnds.describeChar(text), hint(text));
                ok = false;
            } else if (t.getType() == CesqlFilterLexer.UNTERMINATED_STRING) {
                char q = t.getText().charAt(0);
                problems.report(DiagnosticCode.UNTERMINATED_STRING, positions.span(t),
                        "The string starting here has no closing " + q,
                        "end it with " + q + " (a " + q + " inside is written \\" + q + ")");
                ok = false;
            }
        }
        return ok;
    }

    private static String hint(String text) {
        return switch (text) {
            case "&" -> "write AND";
            case "|" -> "write OR";
            case "!" -> "write NOT, or != for not equal";
            case "." -> "attribute names are letters and digits; CloudEvents SQL cannot read data";
            case "‘", "’", "“", "”" -> "use straight quotes ' or \"";
            default -> null;
        };
    }

    private static boolean endsOperand(int type) {
        switch (type) {
            case CesqlFilterLexer.NAME, CesqlFilterLexer.INTEGER, CesqlFilterLexer.SQ_STRING,
                    CesqlFilterLexer.DQ_STRING, CesqlFilterLexer.TRUE, CesqlFilterLexer.FALSE,
                    CesqlFilterLexer.RPAREN:
                return true;
            default:
                return false;
        }
    }

    private static final FrontEnds.Nesting NESTING =
            new FrontEnds.Nesting(CesqlFilterLexer.NOT, CesqlFilterLexer.MINUS, CesqlFilterLexer.LPAREN, CesqlFilterLexer.RPAREN,
                    CesqlFrontEnd::endsOperand);

    private static final Set<Integer> OPERAND_TOKENS = Set.of(CesqlFilterLexer.NAME, CesqlFilterLexer.INTEGER,
            CesqlFilterLexer.LPAREN);
    private static final Set<Integer> STRING_TOKENS = Set.of(CesqlFilterLexer.SQ_STRING, CesqlFilterLexer.DQ_STRING);
    private static final Set<String> IMPLIED_BY_OPERAND =
            Set.of("'-'", "'+'", "'('", "TRUE", "FALSE", "NOT", "EXISTS");

    /** Parse tree to {@link Syntax}; reports literal, name and limit problems. */
    private static final class Builder {
        private final Positions positions;
        private final Limits limits;
        private final Problems problems;

        Builder(Positions positions, Limits limits, Problems problems) {
            this.positions = positions;
            this.limits = limits;
            this.problems = problems;
        }

        private Span span(ParserRuleContext ctx) {
            Token stop = ctx.getStop() == null ? ctx.getStart() : ctx.getStop();
            if (stop.getTokenIndex() < ctx.getStart().getTokenIndex()) {
                stop = ctx.getStart();
            }
            return positions.span(ctx.getStart(), stop);
        }

        Syntax logical(CesqlFilterParser.LogicalContext ctx) {
            List<CesqlFilterParser.ComparisonContext> operands = ctx.comparison();
            List<Syntax> rest = new ArrayList<>();
            for (int i = 1; i < operands.size(); i++) {
                rest.add(comparison(operands.get(i)));
            }
            List<Syntax.Op> ops = new ArrayList<>();
            for (CesqlFilterParser.LogicalOpContext op : ctx.logicalOp()) {
                ops.add(op.AND() != null ? Syntax.Op.AND : op.OR() != null ? Syntax.Op.OR : Syntax.Op.XOR);
            }
            return chain(comparison(operands.get(0)), ops, rest, ctx.logicalOp(), ctx);
        }

        private Syntax comparison(CesqlFilterParser.ComparisonContext ctx) {
            List<CesqlFilterParser.AdditiveContext> operands = ctx.additive();
            List<Syntax> rest = new ArrayList<>();
            for (int i = 1; i < operands.size(); i++) {
                rest.add(additive(operands.get(i)));
            }
            List<Syntax.Op> ops = new ArrayList<>();
            for (CesqlFilterParser.CompOpContext op : ctx.compOp()) {
                ops.add(switch (op.getStart().getType()) {
                    case CesqlFilterLexer.EQ -> Syntax.Op.EQ;
                    case CesqlFilterLexer.NEQ -> Syntax.Op.NEQ;
                    case CesqlFilterLexer.LTGT -> Syntax.Op.LTGT;
                    case CesqlFilterLexer.LT -> Syntax.Op.LT;
                    case CesqlFilterLexer.LE -> Syntax.Op.LE;
                    case CesqlFilterLexer.GT -> Syntax.Op.GT;
                    default -> Syntax.Op.GE;
                });
            }
            return chain(additive(operands.get(0)), ops, rest, ctx.compOp(), ctx);
        }

        private Syntax additive(CesqlFilterParser.AdditiveContext ctx) {
            List<CesqlFilterParser.MultiplicativeContext> operands = ctx.multiplicative();
            List<Syntax> rest = new ArrayList<>();
            for (int i = 1; i < operands.size(); i++) {
                rest.add(multiplicative(operands.get(i)));
            }
            List<Syntax.Op> ops = new ArrayList<>();
            for (CesqlFilterParser.AdditiveOpContext op : ctx.additiveOp()) {
                ops.add(op.PLUS() != null ? Syntax.Op.PLUS : Syntax.Op.MINUS);
            }
            return chain(multiplicative(operands.get(0)), ops, rest, ctx.additiveOp(), ctx);
        }

        private Syntax multiplicative(CesqlFilterParser.MultiplicativeContext ctx) {
            List<CesqlFilterParser.PostfixContext> operands = ctx.postfix();
            List<Syntax> rest = new ArrayList<>();
            for (int i = 1; i < operands.size(); i++) {
                rest.add(postfix(operands.get(i)));
            }
            List<Syntax.Op> ops = new ArrayList<>();
            for (CesqlFilterParser.MultiplicativeOpContext op : ctx.multiplicativeOp()) {
                ops.add(op.STAR() != null ? Syntax.Op.STAR : op.SLASH() != null ? Syntax.Op.SLASH : Syntax.Op.PERCENT);
            }
            return chain(postfix(operands.get(0)), ops, rest, ctx.multiplicativeOp(), ctx);
        }

        private Syntax chain(Syntax first, List<Syntax.Op> ops, List<Syntax> rest,
                List<? extends ParserRuleContext> opNodes, ParserRuleContext ctx) {
            if (ops.isEmpty()) {
                return first;
            }
            List<Span> opSpans = new ArrayList<>();
            for (ParserRuleContext op : opNodes) {
                opSpans.add(span(op));
            }
            return new Syntax.Chain(first, ops, rest, opSpans, span(ctx));
        }

        private Syntax postfix(CesqlFilterParser.PostfixContext ctx) {
            Syntax result = unary(ctx.unary());
            for (CesqlFilterParser.PostfixOpContext op : ctx.postfixOp()) {
                Span whole = result.span().to(span(op));
                if (op instanceof CesqlFilterParser.LikeOpContext like) {
                    result = new Syntax.Like(result, likePattern(like.primary()), like.NOT() != null, whole);
                } else {
                    CesqlFilterParser.InOpContext in = (CesqlFilterParser.InOpContext) op;
                    List<CesqlFilterParser.LogicalContext> itemNodes = in.logical();
                    if (itemNodes.size() > limits.maxInItems()) {
                        problems.report(DiagnosticCode.TOO_MANY_IN_ITEMS, span(itemNodes.get(limits.maxInItems())),
                                "The IN list has " + itemNodes.size() + " items; the limit is " + limits.maxInItems(),
                                "split the list, or raise the limit");
                    }
                    List<Syntax> items = new ArrayList<>();
                    for (CesqlFilterParser.LogicalContext item : itemNodes) {
                        items.add(logical(item));
                    }
                    result = new Syntax.In(result, items, in.NOT() != null, whole);
                }
            }
            return result;
        }

        private String likePattern(CesqlFilterParser.PrimaryContext pattern) {
            if (pattern instanceof CesqlFilterParser.StringLiteralContext s) {
                return string(s.string().getStart());
            }
            problems.report(DiagnosticCode.INVALID_LIKE_PATTERN, span(pattern),
                    "The pattern of LIKE must be a string literal", "write the pattern in quotes, e.g. LIKE 'abc%'");
            return "";
        }

        /**
         * Unary operators nest to the right; they are collected in a loop and applied innermost first,
         * so a long run of them is not recursion either. A minus applied directly to a literal makes a
         * negative literal, which is how -2147483648 fits.
         */
        private Syntax unary(CesqlFilterParser.UnaryContext ctx) {
            List<CesqlFilterParser.UnaryContext> prefixes = new ArrayList<>();
            CesqlFilterParser.UnaryContext current = ctx;
            while (!(current instanceof CesqlFilterParser.PrimaryOperandContext)) {
                prefixes.add(current);
                current = current instanceof CesqlFilterParser.NotOperatorContext n ? n.unary()
                        : ((CesqlFilterParser.NegationContext) current).unary();
            }
            CesqlFilterParser.PrimaryContext primaryCtx = ((CesqlFilterParser.PrimaryOperandContext) current).primary();
            int i = prefixes.size() - 1;
            Syntax result;
            if (i >= 0 && prefixes.get(i) instanceof CesqlFilterParser.NegationContext
                    && primaryCtx instanceof CesqlFilterParser.IntegerLiteralContext lit) {
                result = integer(lit.INTEGER().getSymbol(), true, span(prefixes.get(i)));
                i--;
            } else {
                result = primary(primaryCtx);
            }
            for (; i >= 0; i--) {
                CesqlFilterParser.UnaryContext p = prefixes.get(i);
                Span s = span(p);
                result = p instanceof CesqlFilterParser.NotOperatorContext ? new Syntax.Not(result, s)
                        : new Syntax.Negate(result, s);
            }
            return result;
        }

        private Syntax primary(CesqlFilterParser.PrimaryContext ctx) {
            Span s = span(ctx);
            if (ctx instanceof CesqlFilterParser.IntegerLiteralContext lit) {
                return integer(lit.INTEGER().getSymbol(), false, s);
            } else if (ctx instanceof CesqlFilterParser.SignedLiteralContext lit) {
                return integer(lit.INTEGER().getSymbol(), false, s);
            } else if (ctx instanceof CesqlFilterParser.StringLiteralContext lit) {
                return new Syntax.Literal(string(lit.string().getStart()), s);
            } else if (ctx instanceof CesqlFilterParser.TrueLiteralContext) {
                return new Syntax.Literal(Boolean.TRUE, s);
            } else if (ctx instanceof CesqlFilterParser.FalseLiteralContext) {
                return new Syntax.Literal(Boolean.FALSE, s);
            } else if (ctx instanceof CesqlFilterParser.ExistsPrimaryContext e) {
                return new Syntax.Exists(attributeName(e.NAME().getSymbol()), s);
            } else if (ctx instanceof CesqlFilterParser.CallPrimaryContext call) {
                List<Syntax> args = new ArrayList<>();
                for (CesqlFilterParser.LogicalContext arg : call.logical()) {
                    args.add(logical(arg));
                }
                return new Syntax.Call(call.NAME().getText().toUpperCase(Locale.ROOT), args,
                        positions.span(call.NAME().getSymbol()), s);
            } else if (ctx instanceof CesqlFilterParser.AttributePrimaryContext a) {
                return new Syntax.Attribute(attributeName(a.NAME().getSymbol()), s);
            }
            return new Syntax.Paren(logical(((CesqlFilterParser.ParenPrimaryContext) ctx).logical()), s);
        }

        /** Attribute names are ASCII letters and digits (the CloudEvents naming rule), read lower-cased. */
        private String attributeName(Token t) {
            String name = t.getText().toLowerCase(Locale.ROOT);
            if (name.indexOf('_') >= 0) {
                problems.report(DiagnosticCode.INVALID_NAME, positions.span(t),
                        "'" + t.getText() + "' is not an attribute name: attribute names are letters and digits only",
                        "remove the underscores (CloudEvents attribute names have none)");
            }
            return name;
        }

        private Syntax integer(Token digits, boolean negative, Span s) {
            String text = digits.getText();
            String trimmed = text.replaceFirst("^0+(?=.)", "");
            long magnitude = trimmed.length() > 10 ? Long.MAX_VALUE : Long.parseLong(trimmed);
            if (magnitude > (negative ? INT_MIN_MAGNITUDE : Integer.MAX_VALUE)) {
                problems.report(DiagnosticCode.NUMBER_OUT_OF_RANGE, s,
                        "The number " + (negative ? "-" : "") + text + " is outside the 32-bit integer range",
                        "integers are from -2147483648 to 2147483647");
                return new Syntax.Literal(0, s);
            }
            return new Syntax.Literal((int) (negative ? -magnitude : magnitude), s);
        }

        /** Decodes a string token: the only escape is a backslash before the delimiter. */
        private static String string(Token t) {
            String text = t.getText();
            char q = text.charAt(0);
            StringBuilder b = new StringBuilder(text.length());
            for (int i = 1; i < text.length() - 1; i++) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length() - 1 && text.charAt(i + 1) == q) {
                    b.append(q);
                    i++;
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }
}
