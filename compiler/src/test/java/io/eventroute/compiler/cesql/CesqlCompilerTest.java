package io.eventroute.compiler.cesql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.EvaluationResult;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.compiler.Limits;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Diagnostics, limits, the public API and printing of the cesql dialect. */
class CesqlCompilerTest {
    private static final FilterCompiler CESQL = FilterCompiler.builder().dialect(Dialect.CESQL).build();
    private static final EventView EVENT = EventView.of(Map.of("specversion", "1.0", "id", "1", "source", "s",
            "type", "t", "myext", "abc", "myint", 7, "data", Map.of("x", 1)));

    private static Diagnostic firstError(String filter) {
        CompileResult r = CESQL.compile(filter);
        assertTrue(r.hasErrors(), () -> filter + " compiled");
        return r.errors().get(0);
    }

    @Test
    void dialectIsSelectedPerCompiler() {
        assertEquals(Dialect.CESQL, Dialect.fromId("CeSQL"));
        assertEquals("cesql", Dialect.CESQL.id());
        // XOR is a keyword in cesql only; the adt compiler is unchanged.
        assertFalse(CESQL.compile("TRUE XOR FALSE").hasErrors());
        assertTrue(FilterCompiler.builder().build().compile("TRUE XOR FALSE").hasErrors());
        assertEquals(Dialect.CESQL, CESQL.compile("TRUE").orThrow().dialect());
    }

    @Test
    void syntaxErrorsSayWhereAndWhat() {
        Diagnostic d = firstError("myext = = 1");
        assertEquals(DiagnosticCode.SYNTAX, d.code());
        assertEquals(1, d.line());
        assertEquals(9, d.column());
        assertEquals("parse", d.code().kind(Dialect.CESQL));
        assertEquals("Unexpected input '='", d.message());
        assertEquals("expected an expression", d.suggestion().orElseThrow());

        Diagnostic open = firstError("ABC(");
        assertEquals(DiagnosticCode.SYNTAX, open.code());
        assertEquals("Unexpected end of filter", open.message());
        assertEquals(5, open.column());
    }

    @Test
    void lexicalErrorsArePrecise() {
        Diagnostic bang = firstError("a ! b");
        assertEquals(DiagnosticCode.INVALID_CHARACTER, bang.code());
        assertEquals(3, bang.column());
        Diagnostic unterminated = firstError("x = 'abc");
        assertEquals(DiagnosticCode.UNTERMINATED_STRING, unterminated.code());
        assertEquals(5, unterminated.column());
        Diagnostic range = firstError("x = 2147483648");
        assertEquals(DiagnosticCode.NUMBER_OUT_OF_RANGE, range.code());
        assertEquals(5, range.column());
        Diagnostic like = firstError("x LIKE 123");
        assertEquals(DiagnosticCode.INVALID_LIKE_PATTERN, like.code());
        assertEquals(8, like.column());
        Diagnostic name = firstError("my_ext = 1");
        assertEquals(DiagnosticCode.INVALID_NAME, name.code());
        assertEquals("parse", name.code().kind(Dialect.CESQL));
        assertEquals(DiagnosticCode.EMPTY_FILTER, firstError(" \n ").code());
    }

    @Test
    void columnsCountCodePoints() {
        Diagnostic d = firstError("'😀😀' = = 1");
        assertEquals(DiagnosticCode.SYNTAX, d.code());
        assertEquals(8, d.column());
    }

    @Test
    void functionsAreResolvedAtCompileTime() {
        Diagnostic unknown = firstError("LENGTH(myext) = 3 AND FOO(1)");
        assertEquals(DiagnosticCode.UNKNOWN_FUNCTION, unknown.code());
        assertEquals("missingFunction", unknown.code().kind(Dialect.CESQL));
        assertEquals(23, unknown.column());
        Diagnostic arity = firstError("concat_ws()");
        assertEquals(DiagnosticCode.WRONG_ARGUMENT_COUNT, arity.code());
        assertEquals("write CONCAT_WS(String, String...)", arity.suggestion().orElseThrow());
        assertEquals("write SUBSTRING(String, Integer) or SUBSTRING(String, Integer, Integer)",
                firstError("SUBSTRING('a')").suggestion().orElseThrow());
    }

    @Test
    void limitsAreParseErrorsInCesql() {
        FilterCompiler small = FilterCompiler.builder().dialect(Dialect.CESQL).limits(new Limits(20, 3, 2)).build();
        Diagnostic tooLong = small.compile("myext = 'abcdefghijklmnop'").errors().get(0);
        assertEquals(DiagnosticCode.FILTER_TOO_LONG, tooLong.code());
        assertEquals("limit", tooLong.code().kind());
        assertEquals("parse", tooLong.code().kind(Dialect.CESQL));
        assertEquals(DiagnosticCode.NESTING_TOO_DEEP, small.compile("((((TRUE))))").errors().get(0).code());
        assertEquals(DiagnosticCode.NESTING_TOO_DEEP, small.compile("NOT NOT NOT NOT TRUE").errors().get(0).code());
        assertFalse(small.compile("(((TRUE)))").hasErrors());
        Diagnostic items = small.compile("1 IN (1, 2, 3)").errors().get(0);
        assertEquals(DiagnosticCode.TOO_MANY_IN_ITEMS, items.code());
        assertEquals(13, items.column());
    }

    @Test
    void longChainsCompileAndEvaluateWithoutDeepRecursion() {
        StringBuilder sum = new StringBuilder("1");
        StringBuilder or = new StringBuilder("myint = 0");
        while (sum.length() < 7990) {
            sum.append("+1");
        }
        while (or.length() < 7970) {
            or.append(" OR myint = 0");
        }
        or.append(" OR myint = 7");
        FilterCompiler unfolded = FilterCompiler.builder().dialect(Dialect.CESQL).constantFolding(false).build();
        CompiledFilter s = unfolded.compile(sum + " = myint").orThrow();
        assertFalse(s.matches(EVENT));
        assertEquals(List.of(), s.evaluateValue(EVENT).errors());
        assertTrue(unfolded.compile(or.toString()).orThrow().matches(EVENT));
        assertTrue(CESQL.compile(or.toString()).orThrow().matches(EVENT));
    }

    @Test
    void evaluateValueGivesValueAndErrorKinds() {
        CompiledFilter f = CESQL.compile("myint * 2").orThrow();
        assertEquals(14L, f.evaluateValue(EVENT).value());
        assertFalse(f.matches(EVENT));
        assertNull(f.evaluate(EVENT));
        EvaluationResult missing = CESQL.compile("missing = 1").orThrow().evaluateValue(EVENT);
        assertEquals(Boolean.FALSE, missing.value());
        assertEquals(List.of("missingAttribute"), missing.errors());
        assertFalse(missing.matches());
        assertNull(CESQL.compile("missing = 1").orThrow().evaluate(EVENT));
        CompiledFilter ok = CESQL.compile("myext LIKE 'a%' AND myint > 5").orThrow();
        assertTrue(ok.matches(EVENT));
        assertEquals(Boolean.TRUE, ok.evaluate(EVENT));
        assertTrue(ok.evaluateValue(EVENT).matches());
        // A String 'true' is not a match: no cast at the filter boundary.
        assertFalse(CESQL.compile("'true'").orThrow().matches(EVENT));
        assertFalse(CESQL.compile("1").orThrow().matches(EVENT));
    }

    @Test
    void evaluateValueForAdtFilters() {
        FilterCompiler adt = FilterCompiler.builder().build();
        EvaluationResult r = adt.compile("type = 't'").orThrow().evaluateValue(EVENT);
        assertEquals(Boolean.TRUE, r.value());
        assertEquals(List.of(), r.errors());
        assertTrue(r.matches());
        EvaluationResult undefined = adt.compile("$body.nope = 1").orThrow().evaluateValue(EVENT);
        assertNull(undefined.value());
        assertFalse(undefined.matches());
    }

    @Test
    void explainsWhatItRead() {
        CompiledFilter f = CESQL.compile("EXISTS subject AND myext = 'x' OR EXISTS id").orThrow();
        assertEquals(Set.of("subject", "myext"), f.attributes());
        assertEquals(Set.of(), f.dataPointers());
        assertTrue(f.tree().isEmpty());
        assertEquals("(or (and (exists subject) (= myext 'x')) TRUE)", f.plan());
        assertEquals("1 + 2", FilterCompiler.builder().dialect(Dialect.CESQL).constantFolding(false).build()
                .compile("1+2").orThrow().normalized());
        assertEquals("3", CESQL.compile("1+2").orThrow().plan());
        assertEquals("(= (int myext) 3)", CESQL.compile("INT(myext) = 3").orThrow().plan());
        assertEquals("(- (integer myext))", CESQL.compile("-myext").orThrow().plan());
    }

    @Test
    void normalizedFormParsesBackToTheSameMeaning() {
        String[] filters = {
            "false and (false or true)", "(false and false) or true", "not (1 = 2)", "(not 1) = 2",
            "- -4", "3 - (2 - 1)", "x not like 'a\\_%'", "x NOT IN (1, 'a', true)", "concat_ws(',', \"it's\", 'b')",
            "exists Subject", "-2147483648", "1 + 'abc' like 'a%'", "(1 + 2) * 3", "NOT myext LIKE 'x'",
        };
        for (String f : filters) {
            CompiledFilter first = CESQL.compile(f).orThrow();
            CompiledFilter again = CESQL.compile(first.normalized()).orThrow();
            assertEquals(first.plan(), again.plan(), () -> f + " -> " + first.normalized());
            assertEquals(first.normalized(), again.normalized(), f);
        }
        assertEquals("FALSE AND (FALSE OR TRUE)", CESQL.compile("false and (false or true)").orThrow().normalized());
        assertEquals("NOT (1 = 2)", CESQL.compile("not (1 = 2)").orThrow().normalized());
        assertEquals("CONCAT_WS(',', 'it\\'s', 'b')",
                CESQL.compile("concat_ws(',', \"it's\", 'b')").orThrow().normalized());
    }

    @Test
    void warningsExplainTheSurprises() {
        CompileResult mixed = CESQL.compile("FALSE AND FALSE OR TRUE");
        Diagnostic w = mixed.warnings().get(0);
        assertEquals(DiagnosticCode.MIXED_LOGICAL_OPERATORS, w.code());
        assertEquals(17, w.column());
        assertTrue(w.message().endsWith("this reads as (FALSE AND FALSE) OR TRUE"), w.message());
        Diagnostic not = CESQL.compile("NOT myext = 'abc'").warnings().get(0);
        assertEquals(DiagnosticCode.NOT_APPLIES_TO_LEFT_OPERAND, not.code());
        assertEquals(1, not.column());
        assertTrue(not.message().contains("negates only myext"), not.message());
        Diagnostic fails = CESQL.compile("myext = 'a' OR 1 / 0 = 1").warnings().get(0);
        assertEquals(DiagnosticCode.ALWAYS_FAILS, fails.code());
        assertEquals(16, fails.column());
        assertTrue(fails.message().startsWith("This always raises a math error"), fails.message());
        // The same warnings with folding off.
        assertEquals(List.of(DiagnosticCode.ALWAYS_FAILS), FilterCompiler.builder().dialect(Dialect.CESQL)
                .constantFolding(false).build().compile("myext = 'a' OR 1 / (2 - 2) = 1").warnings().stream()
                .map(Diagnostic::code).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void hostileInputNeverThrows() {
        String[] inputs = {"(".repeat(5000), "NOT ".repeat(3000) + "TRUE", "'" + "\\".repeat(100), "\u0000",
            "\uD800", "1 IN (" + "1,".repeat(2000) + "1)", "-".repeat(200) + "1", "\"" , "EXISTS", "x LIKE",
            "LENGTH('a' LIKE 'a'", "🙂 = 1"};
        for (String in : inputs) {
            CompileResult r = CESQL.compile(in);
            assertTrue(r.hasErrors(), () -> in.substring(0, Math.min(40, in.length())));
            assertFalse(r.render().isEmpty());
        }
    }
}
