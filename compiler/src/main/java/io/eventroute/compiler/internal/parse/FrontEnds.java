package io.eventroute.compiler.internal.parse;

import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.Limits;
import io.eventroute.compiler.internal.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The ANTLR wiring every dialect's front end shares: the length limit before lexing, a parser that
 * bails at the first error instead of inventing tokens, SLL first and full LL only when SLL fails, and
 * syntax errors worded for people ("expected AND, OR or the end of the filter").
 */
final class FrontEnds {
    private FrontEnds() {
    }

    /** Reports {@link DiagnosticCode#FILTER_TOO_LONG} and returns false when the source is over the limit. */
    static boolean withinLength(String source, Limits limits, Problems problems) {
        int codePoints = source.codePointCount(0, source.length());
        if (codePoints <= limits.maxLength()) {
            return true;
        }
        int at = source.offsetByCodePoints(0, limits.maxLength());
        problems.report(DiagnosticCode.FILTER_TOO_LONG, at, 0,
                "The filter is " + codePoints + " characters long; the limit is " + limits.maxLength(), null);
        return false;
    }

    /** The token types of a dialect that nesting is measured by, and which tokens end an operand. */
    record Nesting(int not, int minus, int lparen, int rparen, IntPredicate endsOperand) {
    }

    /**
     * All tokens of {@code source}, or null after reporting why it cannot be parsed: over the length
     * limit, not lexically valid ({@code lexicallyValid} reports), nested too deep, or empty.
     */
    static CommonTokenStream tokens(String source, Function<CharStream, Lexer> lexer, Positions positions, Limits limits,
            Problems problems, Predicate<List<Token>> lexicallyValid, Nesting nesting, String emptySuggestion) {
        if (!withinLength(source, limits, problems)) {
            return null;
        }
        Lexer l = lexer.apply(CharStreams.fromString(source));
        l.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(l);
        tokens.fill();
        List<Token> all = tokens.getTokens();
        if (!lexicallyValid.test(all) || !withinDepth(all, nesting, limits, positions, problems)) {
            return null;
        }
        if (all.size() == 1) {
            problems.report(DiagnosticCode.EMPTY_FILTER, 0, source.length(), "The filter is empty", emptySuggestion);
            return null;
        }
        return tokens;
    }

    /**
     * Measures nesting on the token stream: parentheses (calls and lists included) and runs of NOT and
     * unary minus. The first point beyond the limit is reported and nothing is parsed, so deep input
     * cannot overflow the parser's stack.
     */
    private static boolean withinDepth(List<Token> tokens, Nesting n, Limits limits, Positions positions,
            Problems problems) {
        int[] stack = new int[16];
        int sp = 0;
        int base = 0;
        int prefixRun = 0;
        int previous = Token.INVALID_TYPE;
        for (Token t : tokens) {
            int type = t.getType();
            boolean unaryMinus = type == n.minus() && !n.endsOperand().test(previous);
            if (type == n.not() && n.endsOperand().test(previous)) {
                previous = type; // "x NOT IN", "x NOT LIKE": not a prefix operator
                continue;
            }
            if (type == n.not() || unaryMinus) {
                prefixRun++;
            } else if (type == n.lparen()) {
                if (sp == stack.length) {
                    stack = java.util.Arrays.copyOf(stack, sp * 2);
                }
                stack[sp++] = base;
                base = base + prefixRun + 1;
                prefixRun = 0;
            } else if (type == n.rparen()) {
                base = sp > 0 ? stack[--sp] : 0;
                prefixRun = 0;
            } else {
                prefixRun = 0; // an operand or a binary operator ends a run of prefix operators
            }
            if (base + prefixRun > limits.maxDepth()) {
                problems.report(DiagnosticCode.NESTING_TOO_DEEP, positions.span(t),
                        "The filter nests more than " + limits.maxDepth() + " levels deep here",
                        "simplify it, or raise the nesting limit");
                return false;
            }
            previous = type;
        }
        return true;
    }

    /**
     * Runs {@code rule} on {@code parser} in SLL mode, then in LL mode if SLL failed; null when LL fails
     * too, after reporting the syntax error.
     *
     * @param operandTokens tokens that start an expression ("an expression" replaces them in messages)
     * @param stringTokens tokens of string literals ("a string")
     */
    static <P extends Parser, T> T parse(CommonTokenStream tokens, P parser, Function<P, T> rule, Positions positions,
            Problems problems, Set<Integer> operandTokens, Set<Integer> stringTokens, Set<String> impliedByOperand) {
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        try {
            return rule.apply(parser);
        } catch (ParseCancellationException sllFailed) {
            tokens.seek(0);
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            try {
                return rule.apply(parser);
            } catch (ParseCancellationException e) {
                reportSyntaxError(e, parser, positions, problems, operandTokens, stringTokens, impliedByOperand);
                return null;
            }
        }
    }

    private static void reportSyntaxError(ParseCancellationException e, Parser parser, Positions positions,
            Problems problems, Set<Integer> operandTokens, Set<Integer> stringTokens, Set<String> impliedByOperand) {
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
        problems.report(DiagnosticCode.SYNTAX, positions.span(offending), what,
                expectedWords(expected, parser.getVocabulary(), operandTokens, stringTokens, impliedByOperand));
    }

    /** Turns an expected-token set into words: "expected AND, OR or the end of the filter". */
    static String expectedWords(IntervalSet expected, Vocabulary vocabulary, Set<Integer> operandTokens,
            Set<Integer> stringTokens, Set<String> impliedByOperand) {
        if (expected == null || expected.isNil()) {
            return null;
        }
        Set<String> words = new TreeSet<>();
        boolean operand = false;
        boolean end = false;
        for (int type : expected.toList()) {
            if (operandTokens.contains(type)) {
                operand = true;
            } else if (type == Token.EOF) {
                end = true;
            } else if (stringTokens.contains(type)) {
                words.add("a string");
            } else {
                String literal = vocabulary.getLiteralName(type);
                if (literal == null) {
                    words.add(vocabulary.getSymbolicName(type));
                } else {
                    String bare = literal.substring(1, literal.length() - 1);
                    // Keywords read as keywords (NULL), punctuation stays quoted (')').
                    words.add(Character.isLetter(bare.charAt(0)) ? bare.toUpperCase(Locale.ROOT) : "'" + bare + "'");
                }
            }
        }
        if (operand) {
            words.remove("a string");
            words.removeAll(impliedByOperand);
            words.add("an expression");
        }
        List<String> list = new ArrayList<>(words);
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

    /** A character for a message: quoted with its code point, or the code point alone when invisible. */
    static String describeChar(String text) {
        int cp = text.codePointAt(0);
        if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.getType(cp) == Character.FORMAT) {
            return String.format("U+%04X", cp);
        }
        return "'" + text + "' (U+" + String.format("%04X", cp) + ")";
    }
}
