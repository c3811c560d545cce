package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.FilterCompiler;
import org.junit.jupiter.api.Test;

class ValidateCommandTest {
    private static final FilterCompiler COMPILER = FilterCompiler.builder().build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFilterWithoutDiagnosticsPrintsOk() {
        Cli.Result r = Cli.run("validate", "type = 'Microsoft.DigitalTwins.Twin.Create'");
        assertEquals(new Cli.Result(0, "ok: type = 'Microsoft.DigitalTwins.Twin.Create'\n", ""), r);
    }

    @Test
    void everyFilterIsReportedInOrderAndAnErrorMakesExitCodeOne() {
        Cli.Result r = Cli.run("validate", "true", "type = 5", "subjet = 'room-21'");
        assertEquals(1, r.exit());
        assertEquals("ok: true\n" + render("type = 5") + render("subjet = 'room-21'"), r.out());
        assertEquals("", r.err());
        String[] lines = r.out().split("\n");
        assertEquals("error[E3002] at 1:1: " + first("type = 5").message(), lines[1]);
        assertEquals("1 | type = 5", lines[3]);
        assertEquals("  | ^^^^^^^^", lines[4]);
        assertEquals("warning[W5004] at 1:1: " + first("subjet = 'room-21'").message(), lines[6]);
    }

    @Test
    void theAdtServicesExampleOfABadFilterIsAnError() {
        Cli.Result r = Cli.run("validate", "this is not a valid filter");
        assertEquals(1, r.exit());
        assertEquals(render("this is not a valid filter"), r.out());
        assertEquals("error[E1001]", r.out().substring(0, 12));
    }

    @Test
    void warningsAloneExitWithZero() {
        Cli.Result r = Cli.run("validate", "type = 'Microsoft.DigitalTwins.Twin.Craete'");
        assertEquals(0, r.exit());
        assertEquals(render("type = 'Microsoft.DigitalTwins.Twin.Craete'"), r.out());
        assertEquals("warning[W5001] at 1:8: ", r.out().substring(0, 23));
    }

    @Test
    void theOkLineShowsAMultiLineFilterOnOneLine() {
        Cli.Result r = Cli.run("validate", "type = 'Microsoft.DigitalTwins.Twin.Create'\n  AND subject = 'room-21'\n");
        assertEquals(new Cli.Result(0, "ok: type = 'Microsoft.DigitalTwins.Twin.Create' AND subject = 'room-21'\n", ""),
                r);
    }

    @Test
    void jsonPrintsOneObjectPerFilterWithEveryField() throws JsonProcessingException {
        Cli.Result r = Cli.run("validate", "--json", "true", "type = 5", "type = 'x' #");
        assertEquals(1, r.exit());
        Diagnostic mismatch = first("type = 5");
        Diagnostic character = first("type = 'x' #");
        assertEquals("{\"filter\":\"true\",\"valid\":true,\"diagnostics\":[]}\n"
                + "{\"filter\":\"type = 5\",\"valid\":false,\"diagnostics\":[{\"code\":\"E3002\",\"kind\":\"type\","
                + "\"severity\":\"error\",\"line\":1,\"column\":1,\"length\":8,\"message\":" + quote(mismatch.message())
                + ",\"suggestion\":" + quote(mismatch.suggestion().orElseThrow()) + "}]}\n"
                + "{\"filter\":\"type = 'x' #\",\"valid\":false,\"diagnostics\":[{\"code\":\"E1002\",\"kind\":\"parse\","
                + "\"severity\":\"error\",\"line\":1,\"column\":12,\"length\":1,\"message\":"
                + quote(character.message()) + ",\"suggestion\":null}]}\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void jsonMarksAFilterWithOnlyWarningsValid() {
        Cli.Result r = Cli.run("validate", "--json", "type = 'A' AND type = 'B'");
        assertEquals(0, r.exit());
        assertEquals("{\"filter\":\"type = 'A' AND type = 'B'\",\"valid\":true,\"diagnostics\":[{\"code\":\"W5002\","
                + "\"kind\":\"warning\",\"severity\":\"warning\",\"line\":1,\"column\":1,\"length\":25,"
                + "\"message\":" + quote(first("type = 'A' AND type = 'B'").message())
                + ",\"suggestion\":" + quote(first("type = 'A' AND type = 'B'").suggestion().orElseThrow()) + "}]}\n", r.out());
    }

    @Test
    void jsonPositionsAreLinesAndCodePointColumnsOfTheFilter() {
        Cli.Result r = Cli.run("validate", "--json", "subject = '\uD83D\uDE00' AND type = 5", "true AND\ntype = 5");
        assertEquals(1, r.exit());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].contains("\"code\":\"E3002\",\"kind\":\"type\",\"severity\":\"error\","
                + "\"line\":1,\"column\":19,\"length\":8"), lines[0]);
        assertTrue(lines[0].startsWith("{\"filter\":\"subject = '\uD83D\uDE00' AND type = 5\""), lines[0]);
        assertTrue(lines[1].contains("\"line\":2,\"column\":1,\"length\":8"), lines[1]);
    }

    @Test
    void aFilterStartingWithMinusGoesAfterDoubleDash() {
        assertEquals(new Cli.Result(0, "ok: -1 < $body.x\n", ""), Cli.run("validate", "--", "-1 < $body.x"));
        Cli.Result forgotten = Cli.run("validate", "-1 < $body.x");
        assertEquals(2, forgotten.exit());
        assertEquals("", forgotten.out());
        assertEquals("eventroute: Unknown option: '-1 < $body.x'\n"
                + "A filter that starts with '-' goes after --, e.g. eventroute validate -- '-1 < $body.x'\n"
                + "Try 'eventroute validate --help' for more information.\n", forgotten.err());
    }

    @Test
    void limitsCanBeSet() {
        Cli.Result r = Cli.run("validate", "--json", "--max-depth", "2", "(((true)))");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("\"code\":\"E4002\""), r.out());
        assertEquals(new Cli.Result(0, "ok: (((true)))\n", ""), Cli.run("validate", "--max-depth=3", "(((true)))"));
        Cli.Result zero = Cli.run("validate", "--max-in-items=0", "true");
        assertEquals(new Cli.Result(2, "", "eventroute: --max-length, --max-depth and --max-in-items must be positive\n"),
                zero);
    }

    @Test
    void unknownDialectIsAUsageError() {
        Cli.Result r = Cli.run("validate", "--dialect", "jsonlogic", "true");
        assertEquals(new Cli.Result(2, "", "eventroute: Invalid value for option '--dialect': unknown dialect 'jsonlogic'"
                + " (known: adt, cesql)\nTry 'eventroute validate --help' for more information.\n"), r);
        assertEquals(new Cli.Result(0, "ok: true\n", ""), Cli.run("validate", "--dialect=ADT", "true"));
    }

    @Test
    void noFilterIsAUsageError() {
        Cli.Result r = Cli.run("validate", "--json");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertEquals("eventroute: Missing required parameter: 'FILTER' (or --routes FILE)\n"
                + "Try 'eventroute validate --help' for more information.\n", r.err());
    }

    @Test
    void aMistypedOptionGetsASuggestion() {
        Cli.Result r = Cli.run("validate", "--jsn", "true");
        assertEquals(new Cli.Result(2, "", "eventroute: Unknown option: '--jsn'\nPossible solutions: --json\n"
                + "Try 'eventroute validate --help' for more information.\n"), r);
    }

    static String render(String filter) {
        return COMPILER.compile(filter).render();
    }

    static Diagnostic first(String filter) {
        return COMPILER.compile(filter).diagnostics().get(0);
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aLimitErrorNamesTheOptionThatRaisesIt() {
        Cli.Result r = Cli.run("validate", "--max-length", "5", "type = 'abc'");
        assertEquals(1, r.exit());
        assertTrue(r.out().endsWith("hint: --max-length N raises this limit\n"), r.out());
    }
}
