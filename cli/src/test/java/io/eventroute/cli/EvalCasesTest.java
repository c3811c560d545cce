package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.FilterCompiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCasesTest {
    private static final String EVENT = "{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"s\", \"type\": \"t\","
            + " \"data\": {\"n\": 5, \"f\": 1.0, \"big\": 9223372036854775808}}";

    @TempDir
    Path dir;

    @Test
    void theExampleCasesFile() {
        Diagnostic typeMismatch = FilterCompiler.builder().build().compile("type = 5").errors().get(0);
        Cli.Result r = Cli.run("eval", "--cases", Cli.root().resolve("examples/cases.jsonl").toString());
        assertEquals(new Cli.Result(0, "{\"match\":true,\"value\":true}\n"
                + "{\"match\":true,\"value\":true}\n"
                + "{\"match\":false,\"value\":null}\n"
                + "{\"match\":false,\"value\":false}\n"
                + "{\"error\":{\"code\":\"E3002\",\"kind\":\"type\",\"line\":1,\"column\":1,\"message\":"
                + ValidateCommandTest.quote(typeMismatch.message()) + "}}\n", ""), r);
    }

    @Test
    void resultsFromStandardInput() {
        String cases = line("$body.n = 5") + line("$body.n = 6") + line("$body.s = 5") + line("NOT ($body.s = 5)")
                + line("$body.n > 4 OR $body.s = 1") + line("$body.n > 9 AND $body.s = 1");
        Cli.Result r = Cli.runWithInput(cases, "eval", "--cases", "-");
        assertEquals(new Cli.Result(0, "{\"match\":true,\"value\":true}\n{\"match\":false,\"value\":false}\n"
                + "{\"match\":false,\"value\":null}\n{\"match\":false,\"value\":null}\n"
                + "{\"match\":true,\"value\":true}\n{\"match\":false,\"value\":false}\n", ""), r);
    }

    @Test
    void numbersKeepTheirKindAndSize() {
        // 1.0 stays a float (1.0 / 2 = 0.5), 5 an integer (5 / 2 = 2), and 2^63 exact.
        String cases = line("$body.f / 2 = 0.5") + line("$body.n / 2 = 2") + line("$body.big > 9223372036854775807");
        Cli.Result r = Cli.runWithInput(cases, "eval", "--cases", "-");
        assertEquals(new Cli.Result(0, "{\"match\":true,\"value\":true}\n".repeat(3), ""), r);
    }

    @Test
    void compileErrorsGiveTheFirstErrorWithItsPosition() {
        Cli.Result r = Cli.runWithInput(line("true AND\\n  $Body.x = 1 AND type = 5"), "eval", "--cases", "-");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("{\"error\":{\"code\":\"E2003\",\"kind\":\"name\",\"line\":2,\"column\":3,"
                + "\"message\":"), r.out());
    }

    @Test
    void everyMalformedLineGetsAnInputErrorAndTheRunGoesOn() {
        String input = String.join("\n",
                "not json",
                "[1]",
                "{\"event\": {}}",
                "{\"filter\": 5, \"event\": {}}",
                "{\"filter\": \"true\", \"event\": [1]}",
                "{\"filter\": \"true\"}",
                "{\"filter\": \"true\", \"event\": {}, \"dialect\": \"jsonlogic\"}",
                "{\"filter\": \"true\", \"event\": {}, \"dialect\": 1}",
                "{\"filter\": \"true\", \"event\": {}} x",
                "{\"filter\": \"true\", \"filter\": \"false\", \"event\": {}}",
                "{\"filter\": \"true\", \"event\": {\"a\": 1, \"a\": 2}}",
                "{\"filter\": \"true\", \"event\": {\"a\":",
                "{\"filter\": \"true\", \"event\": {}}") + "\n";
        Cli.Result r = Cli.runWithInput(input, "eval", "--cases", "-");
        assertEquals(0, r.exit());
        assertEquals("", r.err());
        String[] out = r.out().split("\n");
        assertEquals(13, out.length);
        assertEquals(inputError(1, 1, "invalid JSON: Unrecognized token 'not': was expecting (JSON String, Number, "
                + "Array, Object or token 'null', 'true' or 'false')"), out[0]);
        assertEquals(inputError(2, 1, "expected an object {\\\"filter\\\": \\\"...\\\", \\\"event\\\": {...}}, not an array"),
                out[1]);
        assertEquals(inputError(3, 1, "the case has no \\\"filter\\\""), out[2]);
        assertEquals(inputError(4, 1, "\\\"filter\\\" must be a string, not a number"), out[3]);
        assertEquals(inputError(5, 1, "\\\"event\\\" must be a JSON object, not an array"), out[4]);
        assertEquals(inputError(6, 1, "the case has no \\\"event\\\""), out[5]);
        assertEquals(inputError(7, 1, "unknown dialect 'jsonlogic' (known: adt, cesql)"), out[6]);
        assertEquals(inputError(8, 1, "\\\"dialect\\\" must be a string, not a number"), out[7]);
        assertTrue(out[8].startsWith("{\"error\":{\"code\":\"E0001\",\"kind\":\"input\",\"line\":9,\"column\":33,"
                + "\"message\":\"input line 9: invalid JSON: Unrecognized token 'x'"), out[8]);
        assertTrue(out[9].startsWith("{\"error\":{\"code\":\"E0001\",\"kind\":\"input\",\"line\":10,\"column\":28,"
                + "\"message\":\"input line 10: invalid JSON: Duplicate field 'filter'"), out[9]);
        assertTrue(out[10].contains("\"line\":11,") && out[10].contains("Duplicate field 'a'"), out[10]);
        assertTrue(out[11].contains("\"line\":12,") && out[11].contains("invalid JSON: Unexpected end-of-input"),
                out[11]);
        assertEquals("{\"match\":true,\"value\":true}", out[12]);
    }

    @Test
    void blankLinesAreSkippedButCountedInLineNumbers() {
        String input = "\n" + line("true") + "   \n\t\n" + "oops\n" + "\n";
        Cli.Result r = Cli.runWithInput(input, "eval", "--cases", "-");
        assertEquals(new Cli.Result(0, "{\"match\":true,\"value\":true}\n" + inputError(5, 1,
                "invalid JSON: Unrecognized token 'oops': was expecting (JSON String, Number, Array, Object or token "
                        + "'null', 'true' or 'false')") + "\n", ""), r);
    }

    @Test
    void anEmptyInputGivesNoOutput() {
        assertEquals(new Cli.Result(0, "", ""), Cli.runWithInput("", "eval", "--cases", "-"));
    }

    @Test
    void aFileWithByteOrderMarkAndWindowsLineEnds() throws IOException {
        Path file = dir.resolve("cases.jsonl");
        Files.writeString(file, "\uFEFF" + line("$body.n = 5").replace("\n", "\r\n") + line("false").replace("\n", "\r\n"),
                StandardCharsets.UTF_8);
        assertEquals(new Cli.Result(0, "{\"match\":true,\"value\":true}\n{\"match\":false,\"value\":false}\n", ""),
                Cli.run("eval", "--cases", file.toString()));
    }

    @Test
    void limitsPerCaseAndFromOptions() {
        String input = "{\"filter\": \"(((true)))\", \"event\": {}, \"limits\": {\"maxDepth\": 2}}\n"
                + "{\"filter\": \"(((true)))\", \"event\": {}, \"limits\": {\"maxDepth\": 3}}\n"
                + "{\"filter\": \"(((true)))\", \"event\": {}}\n"
                + "{\"filter\": \"true\", \"event\": {}, \"limits\": {\"depth\": 3}}\n"
                + "{\"filter\": \"true\", \"event\": {}, \"limits\": {\"maxDepth\": 0}}\n";
        Cli.Result r = Cli.runWithInput(input, "eval", "--max-depth", "2", "--cases", "-");
        String[] out = r.out().split("\n");
        assertEquals(5, out.length, r.out());
        assertTrue(out[0].startsWith("{\"error\":{\"code\":\"E4002\",\"kind\":\"limit\",\"line\":1,\"column\":3,"), out[0]);
        assertEquals("{\"match\":true,\"value\":true}", out[1]);
        assertTrue(out[2].startsWith("{\"error\":{\"code\":\"E4002\""), out[2]);
        assertEquals(inputError(4, 1, "unknown limit \\\"depth\\\" (known: maxLength, maxDepth, maxInItems)"), out[3]);
        assertEquals(inputError(5, 1, "limit \\\"maxDepth\\\" must be a positive integer, not 0"), out[4]);
    }

    @Test
    void dialectPerCase() {
        String input = "{\"filter\": \"true\", \"event\": {}, \"dialect\": \"ADT\"}\n"
                + "{\"filter\": \"true\", \"event\": {}, \"dialect\": null}\n";
        assertEquals(new Cli.Result(0, "{\"match\":true,\"value\":true}\n".repeat(2), ""),
                Cli.runWithInput(input, "eval", "--cases", "-"));
    }

    @Test
    void aMissingCasesFileIsAnError() {
        String missing = dir.resolve("nope.jsonl").toString();
        assertEquals(new Cli.Result(2, "", "eventroute: " + missing + ": no such file\n"), Cli.run("eval", "--cases", missing));
    }

    private static String line(String filter) {
        return "{\"filter\": \"" + filter + "\", \"event\": " + EVENT + "}\n";
    }

    private static String inputError(int line, int column, String message) {
        return "{\"error\":{\"code\":\"E0001\",\"kind\":\"input\",\"line\":" + line + ",\"column\":" + column
                + ",\"message\":\"input line " + line + ": " + message + "\"}}";
    }
}
