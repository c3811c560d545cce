package io.eventroute.compiler.internal.parse;

import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.Limits;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.internal.Problems;
import io.eventroute.grammar.AdtFilterLexer;
import io.eventroute.grammar.AdtFilterParser;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/**
 * Source text to syntax tree for the {@code adt} dialect: the only place that touches ANTLR. The
 * lexer never fails (odd characters become tokens that get their own diagnostics); the parser bails
 * at the first syntax error (no invented tokens), first in SLL mode and in full LL only when SLL
 * fails; nesting is measured on the tokens before parsing, so deep input cannot overflow the stack.
 */
public final class AdtFrontEnd {

    private AdtFrontEnd() {
    }

    /** Parses {@code source}; null when an error was reported to {@code problems}. */
    public static Expr parse(String source, Limits limits, Problems problems) {
        // A filter of a shape parsed before is copied from it (see Shapes); within the length limit only,
        // so that an over-long one is reported as always (the scan gives up on anything but UTF-16 = code points).
        Shapes.Scan scan = source.length() <= Math.min(limits.maxLength(), Shapes.MAX_LENGTH) ? Shapes.scan(source) : null;
        if (scan != null) {
            Expr copied = Shapes.copy(scan, source, limits);
            if (copied != null) {
                return copied;
            }
        }
        int reportedBefore = problems.reported();
        Expr built = parseWithParser(source, limits, problems);
        if (scan != null && built != null && problems.reported() == reportedBefore) {
            Shapes.remember(scan, source, limits, built);
        }
        return built;
    }

    /** Parses {@code source} with ANTLR, whatever was parsed before; null when an error was reported. */
    static Expr parseWithParser(String source, Limits limits, Problems problems) {
        Positions positions = new Positions(source);
        CommonTokenStream tokens = FrontEnds.tokens(source, AdtFilterLexer::new, positions, limits, problems,
                all -> lexicallyValid(all, positions, problems), NESTING, "write true to route every event");
        if (tokens == null) {
            return null;
        }
        AdtFilterParser.FilterContext tree = FrontEnds.parse(tokens, new AdtFilterParser(tokens), AdtFilterParser::filter,
                positions, problems, OPERAND_TOKENS, STRING_TOKENS, IMPLIED_BY_OPERAND);
        if (tree == null) {
            return null;
        }
        return new AstBuilder(source, positions, limits, problems).build(tree);
    }

    private static boolean lexicallyValid(List<Token> tokens, Positions positions, Problems problems) {
        boolean ok = true;
        Token previous = null;
        for (Token t : tokens) {
            Token before = previous;
            previous = t;
            switch (t.getType()) {
                case AdtFilterLexer.ERROR_CHAR -> {
                    String text = t.getText();
                    if (before != null && before.getType() == AdtFilterLexer.IDENT && before.getText().equals("data")
                            && before.getStopIndex() + 1 == t.getStartIndex() && (text.equals(".") || text.equals("["))) {
                        // "data.x": the payload written the CloudEvents way; say how this language reaches it.
                        problems.report(DiagnosticCode.DATA_IS_NOT_AN_ATTRIBUTE, positions.span(before),
                                "'data' is the payload, not an attribute; the payload is reached as $body",
                                "did you mean $body" + pathText(problems.source(), positions.span(t).offset()) + "?");
                        ok = false;
                        continue;
                    }
                    problems.report(DiagnosticCode.INVALID_CHARACTER, positions.span(t),
                            "Unexpected character " + FrontEnds.describeChar(text), hint(text));
                    ok = false;
                }
                case AdtFilterLexer.UNTERMINATED_STRING -> {
                    char q = t.getText().charAt(0);
                    problems.report(DiagnosticCode.UNTERMINATED_STRING, positions.span(t),
                            "The string starting here has no closing " + q,
                            "end it with " + q + " (a " + q + " inside is written twice, or as \\" + q + ")");
                    ok = false;
                }
                case AdtFilterLexer.DOUBLE_MINUS -> {
                    problems.report(DiagnosticCode.DOUBLE_MINUS, positions.span(t),
                            "'--' is not allowed: comments are not supported, and a double negative is written - -x",
                            "remove the comment, or put a space or parentheses between the two minus signs");
                    ok = false;
                }
                default -> {
                }
            }
        }
        return ok;
    }

    /** The path-like text from {@code offset}: what followed "data" in "data.x[0].y". */
    private static String pathText(String source, int offset) {
        int end = offset;
        while (end < source.length() && (Character.isLetterOrDigit(source.charAt(end)) || "_$.[]*'".indexOf(source.charAt(end)) >= 0)) {
            end++;
        }
        return source.substring(offset, end);
    }

    private static String hint(String text) {
        return switch (text) {
            case "&" -> "write AND";
            case "|" -> "write OR";
            case "!" -> "write NOT, or != for not equal";
            case "==" , "=" -> "write = for equality";
            case "[", "]", "." -> "paths start with $body, e.g. $body.items[0].name (no spaces inside a path)";
            case "‘", "’", "“", "”" -> "use straight quotes ' or \"";
            default -> null;
        };
    }

    private static boolean endsOperand(int type) {
        return endsOperandToken(type) || type == AdtFilterLexer.RPAREN;
    }

    private static boolean endsOperandToken(int type) {
        switch (type) {
            case AdtFilterLexer.IDENT, AdtFilterLexer.DOLLAR_PATH, AdtFilterLexer.AT_PATH, AdtFilterLexer.INTEGER,
                    AdtFilterLexer.DECIMAL, AdtFilterLexer.HEX, AdtFilterLexer.SQ_STRING, AdtFilterLexer.DQ_STRING,
                    AdtFilterLexer.TRUE, AdtFilterLexer.FALSE, AdtFilterLexer.NULL:
                return true;
            default:
                return false;
        }
    }

    private static final FrontEnds.Nesting NESTING =
            new FrontEnds.Nesting(AdtFilterLexer.NOT, AdtFilterLexer.MINUS, AdtFilterLexer.LPAREN, AdtFilterLexer.RPAREN,
                    AdtFrontEnd::endsOperand);

    // Where any of these may come, any expression may: say "an expression" instead of listing them.
    private static final Set<Integer> OPERAND_TOKENS = Set.of(AdtFilterLexer.IDENT, AdtFilterLexer.DOLLAR_PATH,
            AdtFilterLexer.AT_PATH, AdtFilterLexer.INTEGER, AdtFilterLexer.DECIMAL, AdtFilterLexer.HEX,
            AdtFilterLexer.LPAREN);
    private static final Set<Integer> STRING_TOKENS = Set.of(AdtFilterLexer.SQ_STRING, AdtFilterLexer.DQ_STRING);
    private static final Set<String> IMPLIED_BY_OPERAND = Set.of("'-'", "'('", "TRUE", "FALSE", "NULL", "NOT");
}
