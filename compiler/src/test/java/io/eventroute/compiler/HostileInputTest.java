package io.eventroute.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Hostile input gets a diagnostic or a result: never a crash, a hang or a stack overflow. The time
 * bound only detects hangs; it is far above the expected time and measures nothing.
 */
class HostileInputTest {
    private static final Duration HANG = Duration.ofSeconds(60);
    private static final Limits UNLIMITED = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    private static final EventView EVENT = EventView.of(Map.of("specversion", "1.0", "id", "1", "source", "s",
            "type", "t42", "subject", "room-21"));

    private static CompileResult compile(Limits limits, String source) {
        return assertTimeoutPreemptively(HANG, () -> FilterCompiler.builder().limits(limits).build().compile(source));
    }

    private static String repeat(int n, Supplier<String> first, java.util.function.IntFunction<String> item, String sep) {
        StringBuilder b = new StringBuilder(first.get());
        for (int i = 1; i < n; i++) {
            b.append(sep).append(item.apply(i));
        }
        return b.toString();
    }

    private static String orChain(int terms) {
        return repeat(terms, () -> "type = 't0'", i -> "type = 't" + i + "'", " OR ");
    }

    @Test
    void fiftyThousandTermOrChainIsRefusedByTheLengthLimit() {
        CompileResult r = compile(Limits.DEFAULT, orChain(50_000));
        assertTrue(r.hasErrors());
        assertEquals(DiagnosticCode.FILTER_TOO_LONG, r.errors().get(0).code());
        assertEquals(1, r.diagnostics().size());
    }

    @Test
    void fiftyThousandTermOrChainCompilesAndRunsWithoutLimits() {
        CompileResult r = compile(UNLIMITED, orChain(50_000));
        assertFalse(r.hasErrors(), r::render);
        assertTrue(r.orThrow().matches(EVENT));
    }

    @Test
    void fiftyThousandTermArithmeticChainNeverOverflowsTheStack() {
        String source = repeat(50_000, () -> "$body.x", i -> "1", " + ") + " > 0";
        CompileResult r = compile(UNLIMITED, source);
        // Either it compiles (and evaluates to undefined, $body.x being absent) or it is refused as too complex.
        if (r.hasErrors()) {
            assertEquals(DiagnosticCode.TOO_COMPLEX, r.errors().get(0).code());
        } else {
            assertEquals(null, r.orThrow().evaluate(EVENT));
        }
    }

    @Test
    void tenThousandNestedParenthesesAreRefusedByTheDepthLimit() {
        String source = "(".repeat(10_000) + "type = 'a'" + ")".repeat(10_000);
        CompileResult r = compile(new Limits(1_000_000, 100, 1_000), source);
        assertTrue(r.hasErrors());
        Diagnostic d = r.errors().get(0);
        assertEquals(DiagnosticCode.NESTING_TOO_DEEP, d.code());
        assertEquals(101, d.column(), "the first parenthesis beyond the limit");
    }

    @Test
    void tenThousandNestedParenthesesWithoutDepthLimitGiveADiagnosticNotAStackOverflow() {
        String source = "(".repeat(10_000) + "type = 'a'" + ")".repeat(10_000);
        CompileResult r = compile(UNLIMITED, source);
        if (r.hasErrors()) {
            assertEquals(DiagnosticCode.TOO_COMPLEX, r.errors().get(0).code());
        } else {
            assertFalse(r.orThrow().matches(EVENT));
        }
    }

    @Test
    void deepNotChainIsRefusedByTheDepthLimit() {
        CompileResult r = compile(new Limits(1_000_000, 100, 1_000), "NOT ".repeat(10_000) + "type = 'a'");
        assertEquals(DiagnosticCode.NESTING_TOO_DEEP, r.errors().get(0).code());
    }

    @Test
    void deepUnaryMinusChainIsRefusedByTheDepthLimit() {
        CompileResult r = compile(new Limits(1_000_000, 100, 1_000), "- ".repeat(10_000) + "1 > 0");
        assertEquals(DiagnosticCode.NESTING_TOO_DEEP, r.errors().get(0).code());
    }

    @Test
    void oneMegabyteLiteralIsRefusedByDefaultAndWorksWithoutLimit() {
        String big = "x".repeat(1 << 20);
        String source = "subject = '" + big + "'";
        assertEquals(DiagnosticCode.FILTER_TOO_LONG, compile(Limits.DEFAULT, source).errors().get(0).code());
        CompileResult r = compile(UNLIMITED, source);
        assertFalse(r.hasErrors());
        assertFalse(r.orThrow().matches(EVENT));
        assertTrue(r.orThrow().matches(EventView.of(Map.of("subject", big))));
    }

    @Test
    void controlCharactersOutsideStringsAreReportedWithTheirPosition() {
        CompileResult r = compile(Limits.DEFAULT, "type = 'a'\u0000 AND subject = 'b'");
        Diagnostic d = r.errors().get(0);
        assertEquals(DiagnosticCode.INVALID_CHARACTER, d.code());
        assertEquals(11, d.column());
        assertTrue(d.message().contains("U+0000"), d.message());
    }

    @Test
    void controlCharactersInsideStringsAreOrdinaryCharacters() {
        CompileResult r = compile(Limits.DEFAULT, "subject = 'a\u0001\u001fb'");
        assertFalse(r.hasErrors());
        assertTrue(r.orThrow().matches(EventView.of(Map.of("subject", "a\u0001\u001fb"))));
    }

    @Test
    void nonBmpCharactersCountAsOneColumnAndOneCharacter() {
        CompileResult ok = compile(Limits.DEFAULT, "LENGTH(subject) = 1 AND subject LIKE '_'");
        assertTrue(ok.orThrow().matches(EventView.of(Map.of("subject", "😀"))));
        CompileResult bad = compile(Limits.DEFAULT, "subject = '😀😀' AND 😀 = 1");
        Diagnostic d = bad.errors().get(0);
        assertEquals(DiagnosticCode.INVALID_CHARACTER, d.code());
        assertEquals(20, d.column(), "columns count code points");
        assertEquals(1, d.length());
    }

    @Test
    void loneSurrogatesAreReportedNotCrashedOn() {
        CompileResult r = compile(Limits.DEFAULT, "subject = 'a' AND \uD800 = 1");
        assertTrue(r.hasErrors());
        assertEquals(DiagnosticCode.INVALID_CHARACTER, r.errors().get(0).code());
    }

    @Test
    void manyMistakesAreCappedNotQuadratic() {
        String source = repeat(20_000, () -> "Type = 'a'", i -> "Type = 'a'", " OR ");
        CompileResult r = compile(UNLIMITED, source);
        assertTrue(r.hasErrors());
        assertTrue(r.diagnostics().size() <= 100, "capped: " + r.diagnostics().size());
    }

    @Test
    void likeIsLinearOnAdversarialPatterns() {
        CompiledFilter f = compile(Limits.DEFAULT, "subject LIKE '%a%a%a%a%a%a%a%a%a%a%b'").orThrow();
        String input = "a".repeat(200_000);
        assertFalse(assertTimeoutPreemptively(HANG, () -> f.matches(EventView.of(Map.of("subject", input)))));
    }

    @Test
    void hugeIntegerLiteralsAreRefusedWithoutParsingEveryDigit() {
        // A million digits took minutes as a BigInteger (quadratic); 64 bits hold at most 19 significant digits.
        String digits = "7".repeat(1_000_000);
        for (String literal : List.of(digits, "-" + digits, "0x" + "F".repeat(1_000_000))) {
            CompileResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> compile(UNLIMITED, "$body.x = " + literal));
            assertEquals(DiagnosticCode.NUMBER_OUT_OF_RANGE, r.errors().get(0).code());
        }
        CompiledFilter zeros = compile(UNLIMITED, "$body.x = " + "0".repeat(1_000_000) + "42").orThrow();
        assertTrue(zeros.matches(EventView.of(Map.of("data", Map.of("x", 42L)))));
        CompiledFilter min = compile(UNLIMITED, "$body.x = -" + "0".repeat(1_000) + "9223372036854775808").orThrow();
        assertTrue(min.matches(EventView.of(Map.of("data", Map.of("x", Long.MIN_VALUE)))));
    }

    @Test
    void aLongConjunctionOfEqualitiesIsIndexedWithoutTryingEveryPair() {
        // The index looked for the best pair of equalities among all of them: 30,000 took minutes.
        String source = repeat(30_000, () -> "x0 = 'v'", i -> "x" + i + " = 'v'", " AND ");
        CompiledFilter f = compile(UNLIMITED, source).orThrow();
        RouteIndex index = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> RouteIndex.empty().with("r", f));
        assertEquals(List.of(), index.match(EVENT));
    }

    @Test
    void aDiagnosticInAMillionCharacterLineShowsOnlyItsSurroundings() {
        // Each of the 100 diagnostics printed the whole line: 100 MB of output for one filter.
        String source = repeat(70_000, () -> "Type = 'a'", i -> "Type = 'a'", " OR ");
        CompileResult r = compile(UNLIMITED, source);
        assertEquals(100, r.diagnostics().size());
        assertTrue(r.render().length() < 100 * 600, () -> "rendered " + r.render().length() + " characters");
        Diagnostic middle = r.diagnostics().get(50);
        String[] lines = middle.render().split("\n");
        assertEquals("error[E2001] at 1:" + middle.column() + ": " + middle.message(), lines[0]);
        assertEquals("1 | ...pe = 'a' OR Type = 'a' OR Type = 'a' OR Type = 'a' OR Type = 'a' OR Type = 'a' OR Ty...",
                lines[2]);
        assertEquals("  | " + " ".repeat(3 + 40) + "^^^^", lines[3]);
        // A region at the start of the line, and one at its end.
        String huge = "1 = '" + "x".repeat(1_000_000) + "'";
        String[] start = compile(UNLIMITED, huge).errors().get(0).render().split("\n");
        assertEquals("1 | 1 = '" + "x".repeat(115) + "...", start[2]);
        assertEquals("  | " + "^".repeat(80), start[3]);
        String[] end = compile(UNLIMITED, huge + " AND").errors().get(0).render().split("\n");
        assertEquals("1 | ..." + "x".repeat(35) + "' AND", end[2]);
        assertEquals("  | " + " ".repeat(3 + 40) + "^", end[3]);
    }

    @Test
    void hugeInListIsRefusedByItsLimit() {
        String source = "subject IN (" + repeat(1_001, () -> "'0'", i -> "'" + i + "'", ", ") + ")";
        CompileResult r = compile(new Limits(1_000_000, 100, 1_000), source);
        assertEquals(DiagnosticCode.TOO_MANY_IN_ITEMS, r.errors().get(0).code());
    }
}
