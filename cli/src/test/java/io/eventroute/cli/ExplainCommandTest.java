package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.FilterCompiler;
import org.junit.jupiter.api.Test;

class ExplainCommandTest {
    private static final FilterCompiler COMPILER = FilterCompiler.builder().build();

    @Test
    void printsNormalizedFormPlanAndWhatTheFilterReads() {
        String filter = "type='Microsoft.DigitalTwins.Twin.Update' and STARTS_WITH($body.modelId, \"dtmi:sample:\")";
        Cli.Result r = Cli.run("explain", filter);
        assertEquals(new Cli.Result(0,
                "normalized:  type = 'Microsoft.DigitalTwins.Twin.Update' AND STARTS_WITH($body.modelId, 'dtmi:sample:')\n"
                        + "plan:        " + COMPILER.compile(filter).orThrow().plan() + "\n"
                        + "attributes:  type\n"
                        + "data paths:  $body.modelId\n"
                        + "diagnostics: none\n", ""), r);
    }

    @Test
    void listsAreSortedAndModelReadsEveryPlaceItLives() {
        String filter = "$model = 'dtmi:example:Room;1' AND $body.patch[*].path = '/temperature'";
        Cli.Result r = Cli.run("explain", filter);
        assertEquals(0, r.exit());
        String[] lines = r.out().split("\n");
        assertEquals("attributes:  dataschema, type", lines[2]);
        assertEquals("data paths:  $body.$metadata.$model, $body.modelId, $body.patch", lines[3]);
    }

    @Test
    void aFilterReadingNothingSaysNone() {
        Cli.Result r = Cli.run("explain", "true");
        assertEquals(new Cli.Result(0, "normalized:  TRUE\nplan:        " + COMPILER.compile("true").orThrow().plan()
                + "\nattributes:  (none)\ndata paths:  (none)\ndiagnostics: none\n", ""), r);
    }

    @Test
    void warningsAreRenderedUnderDiagnostics() {
        String filter = "type = 'microsoft.digitaltwins.twin.create'";
        CompileResult compiled = COMPILER.compile(filter);
        Cli.Result r = Cli.run("explain", filter);
        assertEquals(0, r.exit());
        assertTrue(r.out().endsWith("attributes:  type\ndata paths:  (none)\ndiagnostics:\n" + compiled.render()), r.out());
        assertTrue(compiled.render().startsWith("warning[W5001] at 1:8: "), compiled.render());
    }

    @Test
    void aFilterWithErrorsPrintsItsDiagnosticsAndExitsWithOne() {
        Cli.Result r = Cli.run("explain", "Type = 'x'");
        assertEquals(new Cli.Result(1, COMPILER.compile("Type = 'x'").render(), ""), r);
        assertTrue(r.out().startsWith("error[E2001] at 1:1: "), r.out());
    }

    @Test
    void takesExactlyOneFilter() {
        Cli.Result r = Cli.run("explain", "true", "false");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertEquals("eventroute: Unmatched argument at index 2: 'false'\n"
                + "Try 'eventroute explain --help' for more information.\n", r.err());
    }

    @Test
    void jsonShowsWhatTheTextShows() {
        Cli.Result r = Cli.run("explain", "--json", "type = 'x' AND $body.a > 1");
        assertEquals(new Cli.Result(0, "{\"filter\":\"type = 'x' AND $body.a > 1\",\"valid\":true,\"diagnostics\":[],"
                + "\"normalized\":\"type = 'x' AND $body.a > 1\",\"plan\":\"(and (= type 'x') (> $body.a 1))\","
                + "\"attributes\":[\"type\"],\"dataPaths\":[\"$body.a\"]}\n", ""), r);
        Cli.Result bad = Cli.run("explain", "--json", "type = ");
        assertEquals(1, bad.exit());
        assertTrue(bad.out().startsWith("{\"filter\":\"type = \",\"valid\":false,\"diagnostics\":[{\"code\":\"E1001\""),
                bad.out());
    }
}
