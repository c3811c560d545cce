package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of the CloudEvents SQL TCK, and our own cesql cases, through one
 * {@code eval --dialect cesql --cases -} run: one dynamic test per case ({@code file: case name})
 * checking its output line. The TCK is read as the compiler's suite reads it (raw scalars, the minimal
 * default event); the cases that contradict the spec come from the same list,
 * {@code compiler/src/test/resources/cesql-tck-deviations.yaml}.
 */
class CesqlCasesCliTest {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KINDS = Set.of("parse", "math", "cast", "missingAttribute", "missingFunction",
            "functionEvaluation", "generic");

    private record Case(String id, String expression, JsonNode result, String error, ObjectNode event) {
    }

    @TestFactory
    Stream<DynamicTest> tck() throws IOException {
        List<Case> cases = applyDeviations(load(Cli.root().resolve("compiler/src/test/resources/cesql-tck")));
        assertEquals(275, cases.size(), "the TCK README counts 275 cases");
        return run(cases);
    }

    @TestFactory
    Stream<DynamicTest> ownCases() throws IOException {
        return run(load(Cli.root().resolve("compiler/src/test/resources/cesql")));
    }

    private static Stream<DynamicTest> run(List<Case> cases) {
        StringBuilder input = new StringBuilder();
        for (Case c : cases) {
            ObjectNode line = JSON.createObjectNode().put("filter", c.expression);
            line.set("event", c.event);
            input.append(line).append('\n');
        }
        Cli.Result r = Cli.runWithInput(input.toString(), "eval", "--dialect", "cesql", "--cases", "-");
        assertEquals(0, r.exit(), r.err());
        String[] out = r.out().split("\n", -1);
        assertEquals(cases.size() + 1, out.length, "one output line per case");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String line = out[i];
            tests.add(DynamicTest.dynamicTest(c.id, () -> check(c, JSON.readTree(line))));
        }
        return tests.stream();
    }

    private static void check(Case c, JsonNode out) {
        String where = c.id + ": " + c.expression + " -> " + out;
        if (out.has("error")) {
            String kind = out.get("error").get("kind").asText();
            assertEquals(c.error, kind, where);
            assertNotEquals(null, KINDS.contains(kind) ? kind : null, where + ": not a TCK error kind");
            return;
        }
        assertFalse("parse".equals(c.error), where + ": expected a parse error");
        ArrayNode errors = JsonNodeFactory.instance.arrayNode();
        if (c.error != null) {
            errors.add(c.error);
        }
        ObjectNode expected = JSON.createObjectNode();
        expected.put("match", c.result.isBoolean() && c.result.booleanValue() && c.error == null);
        expected.set("value", c.result);
        expected.set("errors", errors);
        assertEquals(expected.toString(), out.toString(), where);
    }

    private static List<Case> applyDeviations(List<Case> cases) throws IOException {
        JsonNode list = new ObjectMapper(YAML).readTree(
                Cli.root().resolve("compiler/src/test/resources/cesql-tck-deviations.yaml").toFile()).get("deviations");
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        list.forEach(d -> byId.put(d.get("case").asText(), d));
        List<Case> corrected = new ArrayList<>();
        for (Case c : cases) {
            JsonNode d = byId.remove(c.id);
            corrected.add(d == null ? c : new Case(c.id, c.expression, d.get("result"),
                    d.hasNonNull("error") ? d.get("error").asText() : null, c.event));
        }
        assertEquals(Set.of(), byId.keySet(), "deviations that name no TCK case");
        return corrected;
    }

    // ---- loading: raw scalars, so that unquoted TRUE, -10 and timestamps stay as written

    private record Scalar(String text, JsonToken token) {
        JsonNode typed() {
            switch (token) {
                case VALUE_TRUE:
                case VALUE_FALSE:
                    return JsonNodeFactory.instance.booleanNode(token == JsonToken.VALUE_TRUE);
                case VALUE_NUMBER_INT:
                    return JsonNodeFactory.instance.numberNode(Long.parseLong(text.trim()));
                default:
                    return JsonNodeFactory.instance.textNode(text);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Case> load(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
        }
        List<Case> cases = new ArrayList<>();
        for (Path f : files) {
            Map<String, Object> doc;
            try (JsonParser p = YAML.createParser(f.toFile())) {
                p.nextToken();
                doc = (Map<String, Object>) read(p);
            }
            String file = f.getFileName().toString().replace(".yaml", "");
            Set<String> names = new HashSet<>();
            List<Object> tests = (List<Object>) doc.get("tests");
            for (int i = 0; i < tests.size(); i++) {
                Map<String, Object> t = (Map<String, Object>) tests.get(i);
                String name = ((Scalar) t.get("name")).text();
                if (!names.add(name)) {
                    name = name + " #" + (i + 1);
                }
                ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", "1")
                        .put("source", "http://localhost/source").put("type", "mock.test");
                if (t.containsKey("event")) {
                    event = JSON.createObjectNode();
                    putAll(event, (Map<String, Object>) t.get("event"));
                }
                if (t.containsKey("eventOverrides")) {
                    putAll(event, (Map<String, Object>) t.get("eventOverrides"));
                }
                Scalar result = (Scalar) t.get("result");
                Scalar error = (Scalar) t.get("error");
                cases.add(new Case(file + ": " + name, ((Scalar) t.get("expression")).text(),
                        result == null ? null : result.typed(), error == null ? null : error.text().trim(), event));
            }
        }
        return cases;
    }

    private static void putAll(ObjectNode event, Map<String, Object> values) {
        values.forEach((k, v) -> event.set(k, ((Scalar) v).typed()));
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Object> m = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                m.put(key, read(p));
            }
            return m;
        }
        if (t == JsonToken.START_ARRAY) {
            List<Object> l = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                l.add(read(p));
            }
            return l;
        }
        return new Scalar(p.getText(), t);
    }
}
