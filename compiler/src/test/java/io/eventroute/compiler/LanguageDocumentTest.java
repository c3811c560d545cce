package io.eventroute.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/filter-language.md} true to the code: its table of diagnostic codes lists exactly
 * the codes of {@link DiagnosticCode} with their severities and kinds, and its limits are {@link Limits#DEFAULT}.
 */
class LanguageDocumentTest {
    private static String document() throws IOException {
        String root = System.getProperty("eventroute.root");
        Path base = root == null || root.isBlank() ? Path.of("..") : Path.of(root);
        return Files.readString(base.resolve("docs").resolve("filter-language.md"));
    }

    @Test
    void everyDiagnosticCodeIsDocumentedWithItsSeverityAndKind() throws IOException {
        Matcher row = Pattern.compile("(?m)^\\| ([EW]\\d{4}) \\| (\\w+) \\| (\\w+) \\| .+ \\|$").matcher(document());
        Map<String, String> documented = new TreeMap<>();
        while (row.find()) {
            documented.put(row.group(1), row.group(2) + " " + row.group(3));
        }
        Map<String, String> actual = new TreeMap<>();
        for (DiagnosticCode c : DiagnosticCode.values()) {
            actual.put(c.code(), c.severity().name().toLowerCase(Locale.ROOT) + " " + c.kind());
        }
        assertEquals(actual, documented, "the table of section 8d against DiagnosticCode");
    }

    @Test
    void theDocumentedLimitsAreTheDefaults() throws IOException {
        String doc = document();
        assertTrue(doc.contains(String.format(Locale.ROOT, "| filter length, in code points | %,d |", Limits.DEFAULT.maxLength())), "length");
        assertTrue(doc.contains(String.format(Locale.ROOT, "| %,d | `maxDepth`", Limits.DEFAULT.maxDepth())), "depth");
        assertTrue(doc.contains(String.format(Locale.ROOT, "| items in one `IN` list | %,d |", Limits.DEFAULT.maxInItems())), "IN items");
    }
}
