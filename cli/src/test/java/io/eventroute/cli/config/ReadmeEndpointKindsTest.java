package io.eventroute.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.EndpointKinds;
import io.eventroute.runtime.endpoint.SettingsSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The README's table of endpoint kinds lists each kind's settings exactly as its {@link SettingsSpec}
 * describes them, so the documentation cannot drift from what the senders and the file's checks read.
 * On a difference the message gives the row to paste.
 */
class ReadmeEndpointKindsTest {
    private static final String SECTION = "#### Endpoint kinds\n";

    @Test
    void theReadmesTableOfKindsIsTheSpecifications() throws Exception {
        String readme = Files.readString(root().resolve("README.md"));
        int at = readme.indexOf(SECTION);
        assertTrue(at >= 0, "the README has a section '" + SECTION.trim() + "'");
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : readme.substring(at + SECTION.length()).split("\n")) {
            if (line.startsWith("| `")) {
                // | `kind` | settings | delivers |: the settings cell has no '|' of its own.
                String[] cells = line.split(" \\| ");
                rows.put(cells[0].substring(3, cells[0].length() - 1), cells[1]);
            } else if (!rows.isEmpty() && !line.startsWith("|")) {
                break;
            }
        }
        EndpointKinds kinds = EndpointKinds.defaults();
        List<String> withSpecs = new ArrayList<>();
        for (String kind : List.of("eventgrid", "eventhubs", "file", "memory", "servicebus", "webhook")) {
            kinds.spec(kind).ifPresent(s -> withSpecs.add(s.kind()));
        }
        assertEquals(new TreeSet<>(withSpecs), new TreeSet<>(rows.keySet()), "the kinds of the README's table");
        for (String kind : withSpecs) {
            String expected = settingsCell(kinds.spec(kind).orElseThrow());
            assertEquals(expected, rows.get(kind), "the settings of kind '" + kind + "' in the README; write:\n"
                    + expected + "\n");
        }
    }

    @Test
    void theCellNamesRequiredSettingsDefaultsAndTheFileSpellingOfAFamily() {
        SettingsSpec spec = SettingsSpec.of("k",
                SettingsSpec.Setting.required("url", SettingsSpec.Type.URL, false, "where"),
                SettingsSpec.Setting.optional("header.", SettingsSpec.Type.MAP_PREFIX, true, null, "extra headers"),
                SettingsSpec.Setting.optional("batch", SettingsSpec.Type.BOOLEAN, false, "false", "one array per request"));
        assertEquals("`url` (required; where), `headers` (secret; extra headers), `batch` (default false; one array per "
                + "request)",
                settingsCell(spec));
    }

    /** "`name` (required; secret; default d; description)" for each setting, in the specification's order. */
    static String settingsCell(SettingsSpec spec) {
        List<String> settings = new ArrayList<>();
        for (SettingsSpec.Setting s : spec.settings()) {
            List<String> parts = new ArrayList<>();
            if (s.required()) {
                parts.add("required");
            }
            if (s.secret()) {
                parts.add("secret");
            }
            if (s.defaultValue() != null) {
                parts.add("default " + s.defaultValue());
            }
            parts.add(s.description());
            settings.add("`" + EndpointsSection.fileKey(s) + "` (" + String.join("; ", parts) + ")");
        }
        return String.join(", ", settings);
    }

    private static Path root() {
        String root = System.getProperty("eventroute.root");
        return root == null || root.isBlank() ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
    }
}
