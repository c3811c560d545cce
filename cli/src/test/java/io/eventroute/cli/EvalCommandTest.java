package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.FilterCompiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
    private static final String CREATE = "type = 'Microsoft.DigitalTwins.Twin.Create'";

    @TempDir
    Path dir;

    @Test
    void readsAnEventFromStandardInput() throws IOException {
        String event = Files.readString(Path.of(Cli.event("twin-create.json")));
        assertEquals(new Cli.Result(0, "-: match\n", ""), Cli.runWithInput(event, "eval", "--filter", CREATE, "-"));
    }

    @Test
    void undefinedIsReportedApartFromFalse() throws IOException {
        Path event = write("e.json", "{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"s\", \"type\": \"t\","
                + " \"data\": {\"n\": 5, \"s\": \"x\"}}");
        assertEquals(new Cli.Result(0, event + ": match\n", ""), Cli.run("eval", "--filter", "$body.n > 4", event.toString()));
        assertEquals(new Cli.Result(0, event + ": no match\n", ""), Cli.run("eval", "--filter", "$body.n > 5", event.toString()));
        assertEquals(new Cli.Result(0, event + ": no match (undefined)\n", ""),
                Cli.run("eval", "--filter", "$body.s > 5", event.toString()));
    }

    @Test
    void theRequiredAttributesAreNotRequired() throws IOException {
        Path event = write("bare.json", "{\"data\": {\"x\": 1}}");
        assertEquals(new Cli.Result(0, event + ": match\n", ""), Cli.run("eval", "--filter", "$body.x = 1", event.toString()));
    }

    @Test
    void aMissingFileIsReportedAndTheOthersAreStillEvaluated() {
        String missing = dir.resolve("missing.json").toString();
        String create = Cli.event("twin-create.json");
        Cli.Result r = Cli.run("eval", "--filter", CREATE, missing, create);
        assertEquals(new Cli.Result(2, create + ": match\n", "eventroute: " + missing + ": no such file\n"), r);
    }

    @Test
    void aDirectoryIsNotAnEvent() {
        Cli.Result r = Cli.run("eval", "--filter", CREATE, dir.toString());
        assertEquals(new Cli.Result(2, "", "eventroute: " + dir + ": is a directory, not a file\n"), r);
    }

    @Test
    void invalidJsonNamesTheFileLineAndColumn() throws IOException {
        Path bad = write("bad.json", "{\"type\": \"t\",\n  \"id\": oops}");
        Cli.Result r = Cli.run("eval", "--filter", CREATE, bad.toString());
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(bad + ":2:9: error: invalid JSON: Unrecognized token 'oops'"), r.err());
    }

    @Test
    void anEventThatIsNotAnObjectIsRejected() throws IOException {
        Path array = write("array.json", "[{\"type\": \"t\"}]");
        Cli.Result r = Cli.run("eval", "--filter", CREATE, array.toString());
        assertEquals(new Cli.Result(2, "", array + ":1:1: error: the event must be a JSON object, not an array\n"), r);
    }

    @Test
    void duplicateMembersAreRejected() throws IOException {
        Path dup = write("dup.json", "{\"type\": \"Microsoft.DigitalTwins.Twin.Create\", \"type\": \"x\"}");
        Cli.Result r = Cli.run("eval", "--filter", CREATE, dup.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith(dup + ":1:54: error: invalid JSON: Duplicate field 'type'"), r.err());
    }

    @Test
    void aBadFilterPrintsDiagnosticsAndEvaluatesNothing() {
        Cli.Result r = Cli.run("eval", "--filter", "type = 5", Cli.event("twin-create.json"));
        String rendered = FilterCompiler.builder().build().compile("type = 5").render();
        assertEquals(new Cli.Result(1, "", rendered), r);
        assertTrue(rendered.startsWith("error[E3002] at 1:1: "), rendered);
    }

    @Test
    void warningsGoToStandardErrorAndResultsToStandardOutput() {
        String filter = "type = 'microsoft.digitaltwins.twin.create'";
        Cli.Result r = Cli.run("eval", "--filter", filter, Cli.event("twin-create.json"));
        assertEquals(new Cli.Result(0, Cli.event("twin-create.json") + ": no match\n",
                FilterCompiler.builder().build().compile(filter).render()), r);
    }

    @Test
    void nonAsciiEventsAndFiltersRoundTrip() throws IOException {
        Path event = write("u.json", "{\"subject\": \"Raum-\u00fc\uD83D\uDE00\"}");
        assertEquals(new Cli.Result(0, event + ": match\n", ""),
                Cli.run("eval", "--filter", "subject = 'Raum-\u00fc\uD83D\uDE00'", event.toString()));
    }

    @Test
    void usageErrors() {
        assertEquals(new Cli.Result(2, "", "eventroute: give --filter F with event files, or --cases FILE\n"
                + "Try 'eventroute eval --help' for more information.\n"), Cli.run("eval", Cli.event("telemetry.json")));
        assertEquals(new Cli.Result(2, "", "eventroute: give at least one event file to evaluate --filter on\n"
                + "Try 'eventroute eval --help' for more information.\n"), Cli.run("eval", "--filter", "true"));
        assertEquals(new Cli.Result(2, "", "eventroute: --cases takes no --filter and no event files: each case line"
                + " has its own\nTry 'eventroute eval --help' for more information.\n"),
                Cli.run("eval", "--cases", "-", "--filter", "true"));
        Cli.Result dialect = Cli.run("eval", "--dialect", "sql", "--filter", "true", Cli.event("telemetry.json"));
        assertEquals(2, dialect.exit());
        assertTrue(dialect.err().startsWith("eventroute: Invalid value for option '--dialect': unknown dialect 'sql'"),
                dialect.err());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void filterResultsAsJson() {
        Cli.Result r = Cli.run("eval", "--json", "--filter", "$body.errorCode > 200", Cli.event("twin-create.json"),
                Cli.event("twin-delete.json"));
        assertEquals(new Cli.Result(0, "{\"event\":\"" + Cli.event("twin-create.json") + "\",\"match\":false,\"value\":null}\n"
                + "{\"event\":\"" + Cli.event("twin-delete.json") + "\",\"match\":true,\"value\":true}\n", ""), r);
    }
}
