package io.eventroute.compiler.internal.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.eventroute.compiler.Limits;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.internal.Problems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A tree copied from a shape's template must be the tree the parser builds, spans included, for every
 * filter of the suites and for each of them with its literals changed in content and length.
 */
class ShapesTest {
    private static final Limits LIMITS = Limits.DEFAULT;

    @Test
    void copiesEqualWhatTheParserBuildsOnEveryFilterOfTheSuites() throws IOException {
        int copied = 0;
        int compared = 0;
        for (String filter : suiteFilters()) {
            if (filter.length() > Shapes.MAX_LENGTH) {
                continue; // always parsed; and comparing trees that deep would overflow the test's stack
            }
            // The filter itself first (it may become its shape's template), then variants of it.
            List<String> variants = new ArrayList<>();
            variants.add(filter);
            variants.addAll(variants(filter));
            for (String v : variants) {
                Problems viaShapes = new Problems(v);
                Problems viaParser = new Problems(v);
                Shapes.Scan scan = Shapes.scan(v);
                boolean copy = scan != null && Shapes.copy(scan, v, LIMITS) != null;
                Expr got = AdtFrontEnd.parse(v, LIMITS, viaShapes);
                Expr expected = AdtFrontEnd.parseWithParser(v, LIMITS, viaParser);
                assertEquals(expected, got, v);
                assertEquals(viaParser.sorted(), viaShapes.sorted(), v);
                copied += copy ? 1 : 0;
                compared++;
            }
        }
        // Most variants share a shape parsed before: the copy is really exercised, not skipped.
        assertTrue(copied > compared / 3, copied + " of " + compared + " copied");
    }

    @Test
    void aRoutesShapeIsParsedOnceThenCopied() {
        String first = "type = 'Microsoft.DigitalTwins.Twin.Update' AND subject = 'room-1-2-3' AND $body.Temperature > 15";
        String second = "type = 'Microsoft.DigitalTwins.Twin.Update' AND subject = 'thermostat-77-1' AND $body.Temperature > 1234567";
        AdtFrontEnd.parse(first, LIMITS, new Problems(first));
        Shapes.Scan scan = Shapes.scan(second);
        assertNotNull(scan);
        Expr copy = Shapes.copy(scan, second, LIMITS);
        assertNotNull(copy, "the second filter of a shape is copied");
        assertEquals(AdtFrontEnd.parseWithParser(second, LIMITS, new Problems(second)), copy);
    }

    @Test
    void whatTheScanDoesNotHandleTakesTheParser() {
        for (String filter : List.of("subject = 'it''s'", "subject = 'a\\'b'", "$body.x = 1.5", "$body.x = 0x1f",
                "$body.items[0] = 1", "$body['a b'] = 1", "subject = 'unterminated", "subject = 'caf\u00e9' AND \u00e9 = 1",
                "$body.x = 1234567890123456789", "subject = '\ud83d\ude00'")) {
            assertNull(Shapes.scan(filter), filter);
        }
    }

    @Test
    void aShapeWhoseParseReportedSomethingIsNeverATemplate() {
        String bad = "$body.x = 99999999999999999999 AND subject = 'a'"; // out of range: the scan gives up on 20 digits
        assertNull(Shapes.scan(bad));
        String warned = "subject = 'a' AND NOT NOT NOT subject = 'b'";
        Problems problems = new Problems(warned);
        AdtFrontEnd.parse(warned, LIMITS, problems);
        String other = "subject = 'aa' AND NOT NOT NOT subject = 'bb'";
        assertEquals(AdtFrontEnd.parseWithParser(other, LIMITS, new Problems(other)),
                AdtFrontEnd.parse(other, LIMITS, new Problems(other)));
    }

    @Test
    void theLimitsAreOfTheShape() {
        String filter = "subject IN ('a', 'b', 'c')";
        AdtFrontEnd.parse(filter, LIMITS, new Problems(filter));
        Limits two = new Limits(LIMITS.maxLength(), LIMITS.maxDepth(), 2);
        Problems problems = new Problems(filter);
        AdtFrontEnd.parse("subject IN ('x', 'y', 'z')", two, problems);
        assertTrue(problems.hasErrors(), "three items over a limit of two are reported, template or not");
        Limits short10 = new Limits(10, LIMITS.maxDepth(), LIMITS.maxInItems());
        Problems tooLong = new Problems(filter);
        assertNull(AdtFrontEnd.parse(filter, short10, tooLong));
        assertTrue(tooLong.hasErrors());
    }

    /** The filter with each literal changed: longer, shorter, other digits. */
    private static List<String> variants(String filter) {
        Shapes.Scan scan = Shapes.scan(filter);
        if (scan == null || scan.count() == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int mode = 0; mode < 3; mode++) {
            StringBuilder b = new StringBuilder();
            int at = 0;
            for (int k = 0; k < scan.count(); k++) {
                int start = scan.starts()[k];
                int end = scan.ends()[k];
                b.append(filter, at, start);
                if (scan.strings()[k]) {
                    char q = filter.charAt(start);
                    String content = filter.substring(start + 1, end - 1);
                    String changed = switch (mode) {
                        case 0 -> content + "-longer." + k;
                        case 1 -> content.isEmpty() ? "" : content.substring(0, content.length() / 2);
                        default -> "dtmi:x:" + k + ";1";
                    };
                    b.append(q).append(changed).append(q);
                } else {
                    long value = Long.parseLong(filter, start, end, 10);
                    b.append(switch (mode) {
                        case 0 -> value * 1000 + 7;
                        case 1 -> value / 10;
                        default -> k;
                    });
                }
                at = end;
            }
            b.append(filter.substring(at));
            out.add(b.toString());
        }
        return out;
    }

    private static Set<String> suiteFilters() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/conformance"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                collect(yaml.readTree(file.toFile()), out);
            }
        }
        for (String line : Files.readAllLines(Path.of("src/test/resources/golden/diagnostics.txt"))) {
            if (line.startsWith("### ")) {
                out.add(line.substring(4));
            }
        }
        out.addAll(List.of(
                "type = 'Microsoft.DigitalTwins.Twin.Update' AND subject = 'room-1-2-3'",
                "type = 'microsoft.iot.telemetry' AND dataschema = 'dtmi:contoso:t1:Thermostat;1' AND $body.Temperature > 17",
                "source = 't1.api.wus2.digitaltwins.azure.net' AND STARTS_WITH(subject, 'room-1-2-')",
                "$model = 'dtmi:contoso:t3:Room;1'",
                "IS_OF_MODEL('dtmi:example:Room;1', exact) OR IS_OF_MODEL($body.$metadata.$model, 'dtmi:a;1')",
                "subject IN ('a', \"b\", 'c') AND NOT $body.x IN (1, 2, -3)",
                "$body.name LIKE 'a%b_' ESCAPE '!' AND $body.n NOT LIKE \"x%\"",
                "($body.a + 2) * 3 - -4 > 10 % 3 AND $body.b / 2 <= 100",
                "ANY($body.items, @.price > 10 AND @.name = 'x')",
                "$body.x = 0 AND $body.y = 00012 AND $body.z = ''",
                "\"\" = subject OR ''=type",
                "type = 'a'   AND\n  subject = 'b'\tOR $body.x=5",
                "ENDS_WITH(subject, 'x') AND CONTAINS(source, \"y\") AND IS_STRING($body.s)",
                "$body.x IS NOT NULL AND $body.y IS NULL AND $body.t = true AND $body.f = FALSE"));
        return out;
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("filter") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }
}
