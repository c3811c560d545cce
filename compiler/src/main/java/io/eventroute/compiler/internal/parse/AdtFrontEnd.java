package io.eventroute.compiler.internal.parse;

import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.Limits;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.internal.Problems;
import io.eventroute.grammar.AdtFilterLexer;
import io.eventroute.grammar.AdtFilterParser;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

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
        int codePoints = source.codePointCount(0, source.length());
        if (codePoints > limits.maxLength()) {
            int at = source.offsetByCodePoints(0, limits.maxLength());
            problems.report(DiagnosticCode.FILTER_TOO_LONG, at, 0,
                    "The filter is " + codePoints + " characters long; the limit is " + limits.maxLength(), null);
            return null;
        }
        Positions positions = new Positions(source);
        AdtFilterLexer lexer = new AdtFilterLexer(CharStreams.fromString(source));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        List<Token> all = tokens.getTokens();
        if (!lexicallyValid(all, positions, problems) || !withinDepth(all, limits, positions, problems)) {
            return null;
        }
        if (all.size() == 1) {
            problems.report(DiagnosticCode.EMPTY_FILTER, 0, source.length(),
                    "The filter is empty", "write true to route every event");
            return null;
        }
        AdtFilterParser parser = new AdtFilterParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        AdtFilterParser.FilterContext tree;
        try {
            tree = parser.filter();
        } catch (ParseCancellationException sllFailed) {
            tokens.seek(0);
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            try {
                tree = parser.filter();
            } catch (ParseCancellationException e) {
                reportSyntaxError(e, parser, positions, problems);
                return null;
            }
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
                            "Unexpected character " + describeChar(text), hint(text));
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

    private static String describeChar(String text) {
        int cp = text.codePointAt(0);
        if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.getType(cp) == Character.FORMAT) {
            return String.format("U+%04X", cp);
        }
        return "'" + text + "' (U+" + String.format("%04X", cp) + ")";
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

    /**
     * Measures nesting on the token stream: parentheses (including calls) and runs of NOT and unary
     * minus. The first point beyond the limit is reported and nothing is parsed.
     */
    private static boolean withinDepth(List<Token> tokens, Limits limits, Positions positions, Problems problems) {
        int[] stack = new int[16];
        int sp = 0;
        int base = 0;
        int prefixRun = 0;
        int previous = Token.INVALID_TYPE;
        for (Token t : tokens) {
            int type = t.getType();
            boolean unaryMinus = type == AdtFilterLexer.MINUS && !endsOperand(previous);
            if (type == AdtFilterLexer.NOT && previous != Token.INVALID_TYPE && endsOperand(previous)) {
                // "x NOT IN", "x NOT LIKE": not a prefix operator.
                previous = type;
                continue;
            }
            if (type == AdtFilterLexer.NOT || unaryMinus) {
                prefixRun++;
            } else if (type == AdtFilterLexer.LPAREN) {
                if (sp == stack.length) {
                    stack = java.util.Arrays.copyOf(stack, sp * 2);
                }
                stack[sp++] = base;
                base = base + prefixRun + 1;
                prefixRun = 0;
            } else if (type == AdtFilterLexer.RPAREN) {
                base = sp > 0 ? stack[--sp] : 0;
                prefixRun = 0;
            } else {
                prefixRun = 0; // an operand or a binary operator ends a run of prefix operators
            }
            if (base + prefixRun > limits.maxDepth()) {
                return tooDeep(t, base + prefixRun, limits, positions, problems);
            }
            previous = type;
        }
        return true;
    }

    private static boolean tooDeep(Token t, int depth, Limits limits, Positions positions, Problems problems) {
        problems.report(DiagnosticCode.NESTING_TOO_DEEP, positions.span(t),
                "The filter nests more than " + limits.maxDepth() + " levels deep here",
                "simplify it, or raise the nesting limit");
        return false;
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

    private static void reportSyntaxError(ParseCancellationException e, AdtFilterParser parser,
            Positions positions, Problems problems) {
        Token offending = null;
        IntervalSet expected = null;
        if (e.getCause() instanceof RecognitionException re) {
            offending = re.getOffendingToken();
            try {
                expected = re.getExpectedTokens();
            } catch (RuntimeException ignored) {
                expected = null; // ANTLR cannot always compute it after a bail-out
            }
        }
        if (offending == null) {
            offending = parser.getCurrentToken();
        }
        String what = offending.getType() == Token.EOF
                ? "Unexpected end of filter"
                : "Unexpected input '" + offending.getText() + "'";
        problems.report(DiagnosticCode.SYNTAX, positions.span(offending), what, expectedWords(expected, parser.getVocabulary()));
    }

    // Where any of these may come, any expression may: say "an expression" instead of listing them.
    private static final Set<Integer> OPERAND_TOKENS = Set.of(AdtFilterLexer.IDENT, AdtFilterLexer.DOLLAR_PATH,
            AdtFilterLexer.AT_PATH, AdtFilterLexer.INTEGER, AdtFilterLexer.DECIMAL, AdtFilterLexer.HEX,
            AdtFilterLexer.LPAREN);

    /** Turns an expected-token set into words: "expected AND, OR or the end of the filter". */
    static String expectedWords(IntervalSet expected, Vocabulary vocabulary) {
        if (expected == null || expected.isNil()) {
            return null;
        }
        Set<String> words = new TreeSet<>();
        boolean operand = false;
        boolean end = false;
        for (int type : expected.toList()) {
            if (OPERAND_TOKENS.contains(type)) {
                operand = true;
            } else if (type == Token.EOF) {
                end = true;
            } else if (type == AdtFilterLexer.SQ_STRING || type == AdtFilterLexer.DQ_STRING) {
                words.add("a string");
            } else {
                String literal = vocabulary.getLiteralName(type);
                if (literal == null) {
                    words.add(vocabulary.getSymbolicName(type));
                } else {
                    String bare = literal.substring(1, literal.length() - 1);
                    // Keywords read as keywords (NULL), punctuation stays quoted (')').
                    words.add(Character.isLetter(bare.charAt(0)) ? bare.toUpperCase(java.util.Locale.ROOT) : "'" + bare + "'");
                }
            }
        }
        if (operand) {
            words.remove("a string");
            words.removeIf(w -> w.equals("'-'") || w.equals("'('") || w.equals("TRUE") || w.equals("FALSE") || w.equals("NULL") || w.equals("NOT"));
            words.add("an expression");
        }
        List<String> list = new java.util.ArrayList<>(words);
        if (end) {
            list.add("the end of the filter");
        }
        if (list.isEmpty()) {
            return null;
        }
        if (list.size() == 1) {
            return "expected " + list.get(0);
        }
        return "expected " + String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
    }
}
