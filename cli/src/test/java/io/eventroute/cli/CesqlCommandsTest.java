package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate, explain and eval with {@code --dialect cesql}. */
class CesqlCommandsTest {
    @TempDir
    Path dir;

    @Test
    void validateReportsCesqlKinds() {
        Cli.Result r = Cli.run("validate", "--dialect", "cesql", "--json", "FOO(1)");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("\"code\":\"E2004\",\"kind\":\"missingFunction\""), r.out());
        Cli.Result tooLong = Cli.run("validate", "--dialect", "cesql", "--json", "--max-length", "3", "TRUE");
        assertTrue(tooLong.out().contains("\"code\":\"E4001\",\"kind\":\"parse\""), tooLong.out());
        assertEquals(new Cli.Result(0, "ok: true XOR false\n", ""), Cli.run("validate", "--dialect=cesql", "true XOR false"));
    }

    @Test
    void explainShowsTheCesqlPlan() {
        Cli.Result r = Cli.run("explain", "--dialect", "cesql", "false and false or EXISTS subject");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("normalized:  FALSE AND FALSE OR EXISTS subject", lines[0]);
        assertEquals("plan:        (or (and FALSE FALSE) (exists subject))", lines[1]);
        assertEquals("attributes:  subject", lines[2]);
        assertEquals("data paths:  (none)", lines[3]);
        assertTrue(r.out().contains("W6001"), r.out());
    }

    @Test
    void evalSaysWhyACesqlFilterDidNotMatch() throws IOException {
        Path event = dir.resolve("e.json");
        Files.writeString(event, "{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"s\", \"type\": \"t\","
                + " \"myint\": 5}", StandardCharsets.UTF_8);
        String e = event.toString();
        assertEquals(new Cli.Result(0, e + ": match\n", ""), Cli.run("eval", "--dialect", "cesql", "--filter",
                "myint > 4", e));
        assertEquals(new Cli.Result(0, e + ": no match\n", ""), Cli.run("eval", "--dialect", "cesql", "--filter",
                "myint > 5", e));
        assertEquals(new Cli.Result(0, e + ": no match (value false, error missingAttribute)\n", ""),
                Cli.run("eval", "--dialect", "cesql", "--filter", "missing = 1", e));
        assertEquals(new Cli.Result(0, e + ": no match (value 'true')\n", ""),
                Cli.run("eval", "--dialect", "cesql", "--filter", "'true'", e));
    }

    @Test
    void casesMixDialectsPerLine() {
        String input = "{\"filter\": \"1 + 1\", \"event\": {}, \"dialect\": \"cesql\"}\n"
                + "{\"filter\": \"true\", \"event\": {}}\n"
                + "{\"filter\": \"x LIKE 1\", \"event\": {}, \"dialect\": \"cesql\"}\n";
        Cli.Result r = Cli.runWithInput(input, "eval", "--cases", "-");
        String[] lines = r.out().split("\n");
        assertEquals("{\"match\":false,\"value\":2,\"errors\":[]}", lines[0]);
        assertEquals("{\"match\":true,\"value\":true}", lines[1]);
        assertTrue(lines[2].startsWith("{\"error\":{\"code\":\"E1008\",\"kind\":\"parse\",\"line\":1,\"column\":8,"),
                lines[2]);
    }
}
