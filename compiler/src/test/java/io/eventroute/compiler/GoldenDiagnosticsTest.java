package io.eventroute.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the full rendered text of representative bad filters. Run with
 * {@code -Deventroute.updateGolden=true} to rewrite the file after a deliberate change, then review the diff.
 */
class GoldenDiagnosticsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/diagnostics.txt");

    static final List<String> FILTERS = List.of(
            "this is not a valid filter",
            "this is not a valid filter string",
            "type = 'Microsoft.DigitalTwins.Twin.Create' AND",
            "type = 'a' b",
            "(type = 'a'",
            "type = 'unterminated",
            "type = \"unterminated",
            "$body.x > 1 -- comment",
            "type = 'a' && subject = 'b'",
            "type ＝ 'a'",
            "",
            "Type = 'Microsoft.DigitalTwins.Twin.Create'",
            "data.temperature > 20",
            "$Body.temperature > 20",
            "$body. = 1",
            "$body.items[x] = 1",
            "STARTSWITH(subject, 'room')",
            "STARTS_WITH(subject)",
            "@.path = '/x'",
            "$eventType = 'DigitalTwinTelemetryMessage'",
            "$eventType > 'x'",
            "type",
            "type = 5",
            "specversion > 2",
            "subject + 1 > 2",
            "$body.x < true",
            "5 LIKE '5%'",
            "subject LIKE 'abc\\'",
            "subject LIKE 'a%' ESCAPE 'ab'",
            "STARTS_WITH(1, 'a')",
            "ANY('abc', @ = 'a')",
            "type IN ('a', 1)",
            "$body.n = 9223372036854775808",
            "$body.n = 1e400",
            "type = 'Microsoft.DigitalTwins.Twin.Craete'",
            "type = 'microsoft.digitaltwins.twin.create'",
            "subjet = 'room-21'",
            "type = 'A' AND type = 'B'",
            "1 = 1 OR subject = 'x'",
            "$eventType = 'DigitalTwinChangeNotification'",
            "type = 'Microsoft.DigitalTwins.Twin.Create'\n  AND $body.😀 = 1");

    static String renderAll() {
        FilterCompiler compiler = FilterCompiler.builder().build();
        StringBuilder out = new StringBuilder();
        for (String f : FILTERS) {
            out.append("### ").append(f.replace("\n", "\\n")).append('\n');
            CompileResult r = compiler.compile(f);
            out.append(r.diagnostics().isEmpty() ? "(no diagnostics)\n" : r.render());
        }
        return out.toString();
    }

    @Test
    void renderedDiagnosticsMatchTheGoldenFile() throws IOException {
        String actual = renderAll();
        if (Boolean.getBoolean("eventroute.updateGolden")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), actual);
    }

    @Test
    void everyGoldenFilterGetsAtLeastOneDiagnostic() {
        FilterCompiler compiler = FilterCompiler.builder().build();
        for (String f : FILTERS) {
            assertFalse(compiler.compile(f).diagnostics().isEmpty(), () -> "no diagnostic for: " + f);
        }
    }
}
