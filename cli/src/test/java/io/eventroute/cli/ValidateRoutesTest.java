package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventroute.compiler.FilterCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate --routes}: the filters of a whole route set, one result per route with its id and line. */
class ValidateRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINES = "{\"id\":\"typed\",\"filter\":\"type = 5\"}\n"   // 1
            + "\n"                                                                           // 2: blank, skipped
            + "{\"id\":\"never\",\"filter\":\"null IN (30)\"}\n"                            // 3
            + "not json\n"                                                                   // 4
            + "{\"id\":\"typed\",\"filter\":\"true\"}\n"                                    // 5
            + "{\"id\":\"sql\",\"filter\":\"subject LIKE 'room-%'\",\"dialect\":\"cesql\"}\n" // 6
            + "{\"id\":\"fine\",\"filter\":\"subject = 'room-21'\"}\n";                     // 7

    /** A route configuration with one file endpoint, {@code out}, and these routes from line 4 on. */
    private static Path configuration(Path dir, String routes) throws Exception {
        return Files.writeString(dir.resolve("routes.yaml"), "endpoints:\n"
                + "  - {name: out, kind: file, path: " + dir.resolve("out.jsonl") + "}\n"
                + "routes:\n" + routes);
    }

    private static String render(String filter) {
        return FilterCompiler.builder().build().compile(filter).diagnostics().get(0).render();
    }

    @Test
    void everyRouteOfAJsonLinesFileGetsOneResultNamingItsIdAndLine(@TempDir Path dir) throws Exception {
        Path routes = Files.writeString(dir.resolve("routes.jsonl"), LINES);
        Cli.Result r = Cli.run("validate", "--routes", routes.toString());
        String at = routes + ":";
        assertEquals(new Cli.Result(1, at + "1: route 'typed': " + render("type = 5")
                + at + "3: route 'never': " + render("null IN (30)")
                + at + "4: error: not a JSON object: Unrecognized token 'not': was expecting (JSON String, Number, "
                + "Array, Object or token 'null', 'true' or 'false')\n"
                + at + "5: route 'typed': error: route id 'typed' appears twice\n"
                + at + "6: route 'sql': ok\n"
                + at + "7: route 'fine': ok\n", ""), r);
    }

    @Test
    void jsonObjectsCarryTheIdAndLineAndStandardInputWorks() throws Exception {
        Cli.Result r = Cli.runWithInput(LINES, "validate", "--json", "--routes", "-");
        assertEquals(1, r.exit());
        List<JsonNode> objects = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            objects.add(JSON.readTree(line));
        }
        assertEquals(6, objects.size());
        assertEquals(List.of(1, 3, 4, 5, 6, 7), objects.stream().map(o -> o.get("line").asInt()).toList());
        assertEquals("typed", objects.get(0).get("id").asText());
        assertEquals("E3002", objects.get(0).at("/diagnostics/0/code").asText());
        assertEquals("W5002", objects.get(1).at("/diagnostics/0/code").asText());
        assertTrue(objects.get(1).get("valid").asBoolean());
        assertTrue(objects.get(2).get("id").isNull());
        assertEquals("E0001", objects.get(2).at("/error/code").asText());
        assertEquals("route id 'typed' appears twice", objects.get(3).at("/error/message").asText());
        assertEquals(JSON.readTree("{\"id\":\"fine\",\"line\":7,\"filter\":\"subject = 'room-21'\",\"valid\":true,"
                + "\"diagnostics\":[]}"), objects.get(5));
    }

    @Test
    void tenThousandRoutesAreCheckedWhereTheArgumentListWouldNotHoldThem(@TempDir Path dir) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            b.append("{\"id\":\"r").append(i).append("\",\"filter\":\"subject = 'room-").append(i).append("'\"}\n");
        }
        Path routes = Files.writeString(dir.resolve("many.jsonl"), b);
        Cli.Result r = Cli.run("validate", "--routes", routes.toString());
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(10_000, lines.length);
        assertEquals(routes + ":10000: route 'r9999': ok", lines[9_999]);
    }

    @Test
    void aRouteConfigurationGetsOneResultPerRouteWithItsLine(@TempDir Path dir) throws Exception {
        Path config = configuration(dir, "  - id: updates\n"                   // 4
                + "    endpoint: out\n"                                                // 5
                + "    filter: \"type = 'Microsoft.DigitalTwins.Twin.Update'\"\n"     // 6
                + "  - id: odd\n"                                                      // 7
                + "    endpoint: out\n"                                                // 8
                + "    filter: \"null = 'a'\"\n");                                     // 9
        Cli.Result r = Cli.run("validate", "--routes", config.toString());
        assertEquals(new Cli.Result(0, config + ":4: route 'updates': ok\n"
                + config + ":7: route 'odd': " + render("null = 'a'"), ""), r);
    }

    @Test
    void aRouteConfigurationWithErrorsPrintsItsProblemsWithTheirLines(@TempDir Path dir) throws Exception {
        Path config = configuration(dir, "  - id: broken\n"                    // 4
                + "    endpoint: out\n"                                                // 5
                + "    filter: \"type = 5\"\n");                                       // 6
        Cli.Result r = Cli.run("validate", "--routes", config.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().startsWith(config + ":6: error: route 'broken': the filter has 1 error\n"), r.out());
        assertTrue(r.out().contains("E3002"), r.out());
    }

    @Test
    void filtersAndRoutesAreOneOrTheOther() {
        Cli.Result neither = Cli.run("validate");
        assertEquals(2, neither.exit());
        assertTrue(neither.err().contains("Missing required parameter: 'FILTER' (or --routes FILE)"), neither.err());
        Cli.Result both = Cli.run("validate", "--routes", "-", "true");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("give FILTERs or --routes, not both"), both.err());
    }
}
