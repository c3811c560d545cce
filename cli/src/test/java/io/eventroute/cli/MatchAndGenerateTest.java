package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventroute.cli.internal.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchAndGenerateTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        return Cli.write(dir, name, content);
    }

    @Test
    void matchPrintsTheRoutesOfEachEvent() throws Exception {
        Path routes = write("routes.jsonl", "{\"id\":\"creates\",\"filter\":\"type = 'Microsoft.DigitalTwins.Twin.Create'\"}\n"
                + "\n{\"id\":\"room21\",\"filter\":\"subject = 'room-21'\"}\n");
        Path events = write("events.jsonl", Files.readString(Path.of(Cli.event("twin-create.json"))).replace("\n", " ") + "\n"
                + Files.readString(Path.of(Cli.event("telemetry.json"))).replace("\n", " ") + "\n");
        Cli.Result r = Cli.run("match", "--routes", routes.toString(), "--events", events.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("{\"id\":\"6ccdb1cd-0dc3-450f-8730-ceccda8439be\",\"routes\":[\"creates\",\"room21\"]}\n"
                + "{\"id\":\"622e6818-f042-4be8-96df-1a77ee9caf9b\",\"routes\":[]}\n", r.out());
    }

    @Test
    void everyBadRouteIsReportedAndNothingIsMatched() throws Exception {
        Path routes = write("routes.jsonl", "{\"id\":\"ok\",\"filter\":\"true\"}\n{\"id\":\"bad\",\"filter\":\"type = \"}\nnot json\n"
                + "{\"id\":\"ok\",\"filter\":\"true\"}\n{\"filter\":\"true\"}\n");
        Path events = write("events.jsonl", "{\"id\":\"1\",\"type\":\"t\"}\n");
        Cli.Result r = Cli.run("match", "--routes", routes.toString(), "--events", events.toString());
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains("routes.jsonl:2: error: route 'bad' has an invalid filter"), r.err());
        assertTrue(r.err().contains("error[E1001]"), r.err());
        assertTrue(r.err().contains("routes.jsonl:3: error: not a JSON object"), r.err());
        assertTrue(r.err().contains("routes.jsonl:4: error: route id 'ok' appears twice"), r.err());
        assertTrue(r.err().contains("routes.jsonl:5: error: a route is"), r.err());
        assertTrue(r.err().contains("4 routes are invalid"), r.err());
    }

    @Test
    void matchReadsRouteLinesAsValidateDoes() throws Exception {
        // Lines read as a stream of tokens (the common ones) and as a tree (the rest) must be judged and
        // worded alike: match's errors are validate's, line for line.
        String content = "{\"id\":\"a\",\"filter\":\"true\",\"note\":{\"x\":[1,{\"y\":null}]},\"n\":1.50}\n"
                + "{\"id\":\"b\",\"filter\":\"true\"} trailing\n"
                + "{\"id\":\"c\",\"id\":\"d\",\"filter\":\"true\"}\n"
                + "{\"id\":5,\"filter\":\"true\"}\n"
                + "{\"id\":\"e\",\"filter\":\"true\",\"dialect\":5}\n"
                + "{\"id\":\"f\",\"filter\":\"true\",\"dialect\":\"sql\"}\n"
                + "{\"id\":\"f\",\"filter\":\"true\",\"dialect\":\"nope\"}\n"
                + "[{\"id\":\"g\",\"filter\":\"true\"}]\n"
                + "{\"id\":\"h\",\"filter\":\"true\",\"dialect\":\"cesql\"}\n";
        Path routes = write("routes.jsonl", content);
        Path events = write("events.jsonl", "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\",\"source\":\"s\"}\n");
        Cli.Result matched = Cli.run("match", "--routes", routes.toString(), "--events", events.toString());
        Cli.Result validated = Cli.run("validate", "--routes", routes.toString());
        assertEquals(1, matched.exit());
        List<String> matchErrors = matched.err().lines().filter(l -> l.contains(": error: ")).toList();
        List<String> validateErrors = validated.out().lines().filter(l -> l.contains(": error: ")).toList();
        assertEquals(7, matchErrors.size(), matched.err());
        for (int line : new int[] {2, 3, 4, 5, 6, 7, 8}) {
            assertTrue(matchErrors.stream().anyMatch(l -> l.contains("routes.jsonl:" + line + ": error: ")), line + "\n" + matched.err());
        }
        assertTrue(matched.err().contains("routes.jsonl:7: error: route id 'f' appears twice"), matched.err());
        assertEquals(validateErrors.stream().map(l -> l.substring(l.indexOf(": error: "))).toList(),
                matchErrors.stream().map(l -> l.substring(l.indexOf(": error: "))).toList(), validated.out());
    }

    @Test
    void routesCompiledInParallelAreReportedAndMatchedInFileOrder() throws Exception {
        // Enough routes for the compiling to be shared between threads; every 97th filter is invalid.
        StringBuilder lines = new StringBuilder();
        StringBuilder expectedErrors = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            boolean bad = i % 97 == 3;
            lines.append("{\"id\":\"r").append(i).append("\",\"filter\":\"")
                    .append(bad ? "subject = " : "subject = 'room-" + (i % 7) + "'").append("\"}\n");
            if (bad) {
                expectedErrors.append("routes.jsonl:").append(i + 1).append(": error: route 'r").append(i).append("'");
            }
        }
        Path routes = write("routes.jsonl", lines.toString());
        Path events = write("events.jsonl", "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\","
                + "\"subject\":\"room-3\"}\n");
        Cli.Result r = Cli.run("match", "--routes", routes.toString(), "--events", events.toString());
        assertEquals(1, r.exit());
        StringBuilder reported = new StringBuilder();
        for (String line : r.err().split("\n")) {
            int at = line.indexOf("routes.jsonl:");
            if (at >= 0 && line.contains("' has")) {
                reported.append(line, at, line.indexOf("' has")).append("'");
            }
        }
        assertEquals(expectedErrors.toString(), reported.toString(), r.err());

        Path good = write("good.jsonl", lines.toString().replace("\"subject = \"", "\"subject = 'x'\""));
        r = Cli.run("match", "--routes", good.toString(), "--events", events.toString());
        assertEquals(0, r.exit(), r.err());
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            if (i % 97 != 3 && i % 7 == 3) {
                expected.append(expected.length() == 0 ? "" : ",").append("\"r").append(i).append('"');
            }
        }
        assertEquals("{\"id\":\"1\",\"routes\":[" + expected + "]}\n", r.out());
    }

    @Test
    void aFiftyThousandSegmentPathMatchesWhenTheLimitsAreRaised() throws Exception {
        // Issue 16: this crashed with a StackOverflowError while building the read plan.
        String path = "$body" + ".a".repeat(50_000);
        Path routes = write("routes.jsonl", "{\"id\":\"deep\",\"filter\":\"" + path + " = 1\"}\n"
                + "{\"id\":\"near\",\"filter\":\"$body.a.a = 1\"}\n");
        String attributes = "\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\",";
        Path events = write("events.jsonl", "{" + attributes + "\"id\":\"1\",\"data\":{\"a\":{\"a\":1}}}\n"
                + "{" + attributes + "\"id\":\"2\",\"data\":" + "{\"a\":".repeat(1_001) + "1" + "}".repeat(1_001) + "}\n");
        Cli.Result r = Cli.run("match", "--routes", routes.toString(), "--events", events.toString(),
                "--max-length", "100000000", "--max-depth", "1000000");
        assertEquals(2, r.exit(), r.err());
        assertEquals("{\"id\":\"1\",\"routes\":[\"near\"]}\n", r.out());
        assertTrue(r.err().startsWith(events + ":2:") && r.err().contains("nested more than 1000 levels"), r.err());
    }

    @Test
    void aBadEventLineIsReportedAndTheRunGoesOn() throws Exception {
        Path routes = write("routes.jsonl", "{\"id\":\"all\",\"filter\":\"true\"}\n");
        String attributes = ",\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\"}";
        Path events = write("events.jsonl", "{\"id\":\"1\"" + attributes + "\n{\"id\": tru}\n[1]\n{\"id\":\"4\"" + attributes
                + "\n{\"id\":\"5\"}\n");
        Cli.Result r = Cli.run("match", "--routes", routes.toString(), "--events", events.toString());
        assertEquals(2, r.exit());
        assertEquals("{\"id\":\"1\",\"routes\":[\"all\"]}\n{\"id\":\"4\",\"routes\":[\"all\"]}\n", r.out());
        assertTrue(r.err().contains("events.jsonl:2:8: error: invalid JSON"), r.err());
        assertTrue(r.err().contains("events.jsonl:3:1: error: the event must be a JSON object, not an array"), r.err());
        assertTrue(r.err().contains("events.jsonl:5: error: the event has no 'specversion' attribute"), r.err());

        // The same bad lines, the same words from route.
        Path config = write("c.yaml", "endpoints: [{name: out, kind: file, path: " + dir.resolve("out.jsonl") + "}]\n"
                + "routes: [{id: all, endpoint: out, filter: \"true\"}]\n");
        Cli.Result route = Cli.run("route", "--config", config.toString(), "--events", events.toString());
        assertTrue(route.err().contains("events.jsonl:2:8: error: invalid JSON"), route.err());
        assertTrue(route.err().contains("events.jsonl:5: error: the event has no 'specversion' attribute"), route.err());
    }

    @Test
    void generatedWorkloadsAreSeededAndMatchAboutTenRoutesPerEvent() throws Exception {
        Path routes = dir.resolve("r.jsonl");
        Path events = dir.resolve("e.jsonl");
        Cli.Result g = Cli.run("generate", "--routes", "200", "--events", "1000", "--seed", "7",
                "--routes-out", routes.toString(), "--events-out", events.toString());
        assertEquals(0, g.exit(), g.err());
        List<String> first = Files.readAllLines(events);
        Cli.run("generate", "--routes", "200", "--events", "1000", "--seed", "7", "--routes-out", routes.toString(),
                "--events-out", events.toString());
        assertEquals(first, Files.readAllLines(events), "same seed, same workload");
        assertEquals(200, Files.readAllLines(routes).size());

        Cli.Result m = Cli.run("match", "--routes", routes.toString(), "--events", events.toString(), "--summary", "--passes", "2");
        assertEquals(0, m.exit(), m.err());
        JsonNode summary = Json.MAPPER.readTree(m.out());
        assertEquals(200, summary.get("routes").asInt());
        assertEquals(1000, summary.get("events").asInt());
        double perEvent = summary.get("matches").asDouble() / 1000;
        assertTrue(perEvent > 5 && perEvent < 20, "about ten matches per event: " + perEvent);
        long sum = 0;
        for (JsonNode n : summary.get("per_route")) {
            sum += n.asLong();
        }
        assertEquals(summary.get("matches").asLong(), sum);
        assertTrue(summary.get("match_ns_per_event").asLong() > 0);
        JsonNode passes = summary.get("pass_ns_per_event");
        assertEquals(2, passes.size(), "one figure per pass");
        assertEquals(Math.min(passes.get(0).asLong(), passes.get(1).asLong()), summary.get("match_ns_per_event").asLong(),
                "the best pass is the smaller one");

        String types = String.join("\n", first);
        assertTrue(types.contains("microsoft.iot.telemetry") && types.contains("Microsoft.DigitalTwins.Twin.Update")
                && types.contains("Microsoft.DigitalTwins.Relationship.Create") && types.contains("Microsoft.DigitalTwins.Twin.Create"));
    }

    @Test
    void aRouteConfigGivenAsRoutesIsRecognizedOnce() throws Exception {
        Path yaml = write("routes.yaml", "# routes\nendpoints:\n  - {name: a, kind: file, path: x}\nroutes: []\n");
        Cli.Result r = Cli.run("match", "--routes", yaml.toString(), "--events", "/dev/null");
        assertEquals(1, r.exit());
        assertEquals(yaml + ":1: error: this looks like a route config (YAML) for 'eventroute route --config', not JSON "
                + "Lines of routes, one {\"id\": \"...\", \"filter\": \"...\"} per line\n"
                + "eventroute: 1 route is invalid; nothing was matched\n", r.err());
    }

    @Test
    void matchReadsADirectoryAsRouteDoes() throws Exception {
        Path routes = write("routes.jsonl", "{\"id\":\"all\",\"filter\":\"true\"}\n");
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("b.jsonl"), "{\"specversion\":\"1.0\",\"id\":\"b\",\"source\":\"s\",\"type\":\"t\"}\n");
        Files.writeString(in.resolve("a.jsonl"), "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\"}\n");
        Cli.Result r = Cli.run("match", "--routes", routes.toString(), "--events", in.toString());
        assertEquals(new Cli.Result(0, "{\"id\":\"a\",\"routes\":[\"all\"]}\n{\"id\":\"b\",\"routes\":[\"all\"]}\n", ""), r);
    }

    @Test
    void aDashIsStandardOutputForGeneratedFiles() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Cli.Result r = Cli.run("generate", "--routes", "3", "--events", "2", "--routes-out", "-", "--events-out", events.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(3, r.out().lines().count(), r.out());
        assertEquals(2, Files.readAllLines(events).size());
        assertTrue(!Files.exists(dir.resolve("-")) && !Files.exists(Path.of("-")), "no file named '-'");

        Cli.Result both = Cli.run("generate", "--routes-out", "-", "--events-out", "-");
        assertEquals(2, both.exit());
        assertTrue(both.err().startsWith("eventroute: --routes-out and --events-out cannot both be '-'"), both.err());
    }

    @Test
    void aSummarySkipsAndReportsBadLinesInOrderAndCountsOnlyTheGoodOnes() throws Exception {
        Path routes = dir.resolve("routes.jsonl");
        Files.writeString(routes, "{\"id\":\"all\",\"filter\":\"true\"}\n{\"id\":\"none\",\"filter\":\"false\"}\n");
        Path events = dir.resolve("events.jsonl");
        // Line 2 is not JSON (refused by the table's reader in the first pass); line 4 is JSON without the
        // attributes every CloudEvent has (refused by the check after the passes).
        Files.writeString(events, Cli.cloudEvent(1) + "\n{not json\n" + Cli.cloudEvent(3) + "\n{\"id\":\"x\"}\n"
                + Cli.cloudEvent(5) + "\n");
        Cli.Result m = Cli.run("match", "--routes", routes.toString(), "--events", events.toString(), "--summary",
                "--passes", "3");
        JsonNode summary = Json.MAPPER.readTree(m.out());
        assertEquals(3, summary.get("events").asInt(), m.err());
        assertEquals(2, summary.get("rejected").asInt());
        assertEquals(3, summary.get("matches").asInt(), "one match per good event, none for the bad ones");
        assertEquals(3, summary.at("/per_route/all").asInt());
        assertEquals(0, summary.at("/per_route/none").asInt());
        assertEquals(3, summary.get("pass_ns_per_event").size());
        int second = m.err().indexOf(":2:");
        int fourth = m.err().indexOf(":4:");
        assertTrue(second >= 0 && fourth > second, "both bad lines, in order: " + m.err());
    }
}
