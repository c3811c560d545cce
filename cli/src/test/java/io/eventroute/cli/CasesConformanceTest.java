package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the data-driven conformance suite ({@code compiler/src/test/resources/conformance/*.yaml})
 * through the command line: every case becomes one line of a single {@code eval --cases} run, and
 * warning expectations are checked with one {@code validate --json} run per set of limits.
 */
class CasesConformanceTest {
    private static final String SHARED_EVENTS = "events.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectNode EMPTY_EVENT = JsonNodeFactory.instance.objectNode()
            .put("specversion", "1.0").put("id", "x").put("source", "s").put("type", "t");

    /** One case of the suite, with what the CLI printed for it. */
    private static final class Case {
        final String where;
        final JsonNode spec;
        final ObjectNode line = JSON.createObjectNode();
        final String problem;
        JsonNode evalOutput;
        JsonNode validateOutput;

        Case(String where, JsonNode spec, Map<String, JsonNode> events) {
            this.where = where;
            this.spec = spec;
            this.problem = build(spec, events);
        }

        /** Fills {@link #line}; returns why the case cannot run, or null. */
        private String build(JsonNode c, Map<String, JsonNode> events) {
            if (!c.path("filter").isTextual()) {
                return "the case has no filter string";
            }
            if (!c.has("result") && !c.has("error") && !c.has("warning") && !c.has("no_warning")) {
                return "the case has no result, error or warning";
            }
            line.put("filter", c.get("filter").textValue());
            JsonNode event = c.get("event");
            if (event == null) {
                line.set("event", EMPTY_EVENT);
            } else if (event.isTextual()) {
                JsonNode named = events.get(event.textValue());
                if (named == null) {
                    return "unknown event '" + event.textValue() + "' (not in this file's events or " + SHARED_EVENTS + ")";
                }
                line.set("event", named);
            } else {
                line.set("event", event);
            }
            if (c.hasNonNull("dialect")) {
                line.set("dialect", c.get("dialect"));
            }
            if (c.hasNonNull("limits")) {
                line.set("limits", c.get("limits"));
            }
            return null;
        }

        boolean checksWarnings() {
            return problem == null && !spec.has("error") && (spec.has("warning") || spec.has("no_warning"));
        }

        void check() {
            if (problem != null) {
                fail(where + ": " + problem);
            }
            String filter = spec.get("filter").textValue();
            if (spec.has("error")) {
                JsonNode error = evalOutput.path("error");
                assertEquals(spec.get("error").asText(), error.path("code").asText(),
                        () -> where + ": first error of `" + filter + "`; eval printed " + evalOutput);
                if (spec.has("line")) {
                    assertEquals(spec.get("line").asInt(), error.path("line").asInt(), () -> where + ": line; " + evalOutput);
                }
                if (spec.has("column")) {
                    assertEquals(spec.get("column").asInt(), error.path("column").asInt(),
                            () -> where + ": column; " + evalOutput);
                }
                return;
            }
            assertFalse(evalOutput.has("error"), () -> where + ": `" + filter + "` gave " + evalOutput);
            if (spec.has("result")) {
                JsonNode result = spec.get("result");
                ObjectNode expected = JSON.createObjectNode();
                expected.put("match", result.asBoolean(false) && result.isBoolean());
                expected.set("value", result.isNull() ? JSON.nullNode() : result);
                assertEquals(expected, evalOutput, () -> where + ": result of `" + filter + "` on " + line.get("event"));
            }
            if (checksWarnings()) {
                List<String> found = new ArrayList<>();
                validateOutput.path("diagnostics").forEach(d -> found.add(d.path("code").asText()));
                for (String code : codes(spec.get("warning"))) {
                    assertTrue(found.contains(code), () -> where + ": expected warning " + code + " for `" + filter
                            + "`; validate printed " + validateOutput);
                }
                for (String code : codes(spec.get("no_warning"))) {
                    assertFalse(found.contains(code), () -> where + ": unexpected warning " + code + " for `" + filter
                            + "`; validate printed " + validateOutput);
                }
            }
        }

        /**
         * Runs {@link #check()}. As in the compiler's ConformanceTest, a case marked {@code known_bug} must
         * fail, and fails the run once it passes, so that a fixed bug's marker is removed (the data checks
         * itself: a skipped case would hide both).
         */
        void run() {
            if (!spec.has("known_bug")) {
                check();
                return;
            }
            try {
                check();
            } catch (AssertionError | RuntimeException expected) {
                return;
            }
            fail(where + ": known_bug case passes now; remove its known_bug marker (" + spec.get("known_bug").asText()
                    + ")");
        }
    }

    @TestFactory
    Stream<DynamicTest> conformanceSuiteThroughEvalCases() throws IOException {
        Path dir = Cli.root().resolve("compiler/src/test/resources/conformance");
        assertTrue(Files.isDirectory(dir), () -> "no conformance directory at " + dir);
        List<Case> cases = load(dir);
        assertFalse(cases.isEmpty(), () -> "no conformance cases found under " + dir);

        List<Case> runnable = cases.stream().filter(c -> c.problem == null).collect(Collectors.toList());
        String input = runnable.stream().map(c -> c.line.toString() + "\n").collect(Collectors.joining());
        Cli.Result eval = Cli.runWithInput(input, "eval", "--cases", "-");
        assertEquals(0, eval.exit(), eval.err());
        List<String> out = eval.out().lines().collect(Collectors.toList());
        assertEquals(runnable.size(), out.size(), "eval --cases prints one line per case");
        for (int i = 0; i < out.size(); i++) {
            runnable.get(i).evalOutput = JSON.readTree(out.get(i));
        }
        validateWarnings(runnable.stream().filter(Case::checksWarnings).collect(Collectors.toList()));

        return cases.stream().map(c -> DynamicTest.dynamicTest(c.where, c::run));
    }

    /** One {@code validate --json} run per distinct dialect and limits, since validate takes them as options. */
    private static void validateWarnings(List<Case> cases) throws IOException {
        Map<String, List<Case>> bySettings = new LinkedHashMap<>();
        for (Case c : cases) {
            String key = c.line.get("dialect") + " " + c.line.get("limits");
            bySettings.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        for (List<Case> group : bySettings.values()) {
            List<String> args = new ArrayList<>(List.of("validate", "--json"));
            JsonNode dialect = group.get(0).line.get("dialect");
            if (dialect != null) {
                args.add("--dialect=" + dialect.asText());
            }
            JsonNode limits = group.get(0).line.get("limits");
            if (limits != null) {
                limits.properties().forEach(e -> args.add("--" + e.getKey().replaceAll("([A-Z])", "-$1")
                        .toLowerCase(java.util.Locale.ROOT) + "=" + e.getValue().asInt()));
            }
            args.add("--");
            group.forEach(c -> args.add(c.line.get("filter").textValue()));
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            List<String> out = r.out().lines().collect(Collectors.toList());
            assertEquals(group.size(), out.size(), () -> "validate --json prints one line per filter; " + r.err());
            for (int i = 0; i < out.size(); i++) {
                group.get(i).validateOutput = JSON.readTree(out.get(i));
            }
        }
    }

    private static List<Case> load(Path dir) throws IOException {
        Map<String, JsonNode> shared = new LinkedHashMap<>();
        Path sharedFile = dir.resolve(SHARED_EVENTS);
        if (Files.exists(sharedFile)) {
            YAML.readTree(sharedFile.toFile()).properties().forEach(e -> shared.put(e.getKey(), e.getValue()));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.equals(sharedFile))
                    .sorted()
                    .collect(Collectors.toList());
        }
        List<Case> cases = new ArrayList<>();
        for (Path file : files) {
            String fileName = dir.relativize(file).toString().replace('\\', '/').replaceAll("\\.yaml$", "");
            JsonNode suite = YAML.readTree(file.toFile());
            if (suite.has("models")) {
                // A suite with a DTDL model set (inheritance.yaml): eval and validate take no models yet; the
                // compiler's ConformanceTest runs it (tree and index), ModelsConfigTest routes by models: from the CLI.
                continue;
            }
            Map<String, JsonNode> events = new LinkedHashMap<>(shared);
            suite.path("events").properties().forEach(e -> events.put(e.getKey(), e.getValue()));
            JsonNode list = suite.path("cases");
            assertTrue(list.isArray(), () -> fileName + ": has no 'cases' list");
            int index = 0;
            for (JsonNode c : list) {
                index++;
                String name = c.path("name").asText("case " + index);
                cases.add(new Case(fileName + ": " + name, c, events));
            }
        }
        return cases;
    }

    private static List<String> codes(JsonNode node) {
        List<String> codes = new ArrayList<>();
        if (node == null || node.isNull()) {
            return codes;
        }
        if (node.isArray()) {
            node.forEach(n -> codes.add(n.asText()));
        } else {
            codes.add(node.asText());
        }
        return codes;
    }
}
