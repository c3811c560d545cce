package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.event.JsonEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file kind and the dead-letter layout, with real files in a temporary directory. */
class FileAndDeadLetterTest {
    @TempDir
    Path dir;

    @Test
    void writesOneJsonLinePerEventAndAppendsAcrossRestarts() throws Exception {
        Path out = dir.resolve("sub/events.jsonl");
        byte[] pretty = ("{\n  \"specversion\": \"1.0\",\n  \"id\": \"p1\",\r\n  \"source\": \"s\",\n  \"type\": \"t\",\n"
                + "  \"subject\": \"a\\nb\",\n  \"data\": {\"x\": [1,\n 2]}\n}\n").getBytes(StandardCharsets.UTF_8);
        try (Router router = Router.builder().build()) {
            router.putEndpoint("file", "file", Map.of("path", out.toString()));
            router.putRoute("r", "file", "true");
            for (int i = 0; i < 500; i++) {
                router.route(Events.twinUpdate("e" + i, "room-" + i % 5, i));
            }
            router.route(pretty);
            assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
            assertEquals(501, router.stats().endpoint("file").delivered());
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals(501, lines.size());
        for (int i = 0; i < 500; i++) {
            assertEquals(Events.text(Events.twinUpdate("e" + i, "room-" + i % 5, i)), lines.get(i));
        }
        JsonEvent last = JsonEvent.parse(lines.get(500));
        assertEquals("a\nb", last.attribute("subject"));
        assertFalse(lines.get(500).contains("\r"));

        try (Router router = Router.builder().build()) {
            router.putEndpoint("file", "file", Map.of("path", out.toString(), "fsync", "true"));
            router.putRoute("r", "file", "true");
            router.route(Events.twinUpdate("again", "room-1", 1));
        }
        lines = Files.readAllLines(out);
        assertEquals(502, lines.size());
        assertEquals("again", JsonEvent.parse(lines.get(501)).attribute("id"));
    }

    @Test
    void refusesAFileItCannotOpen() throws Exception {
        Path blocker = Files.writeString(dir.resolve("plain"), "x");
        try (Router router = Router.builder().build()) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> router.putEndpoint("f", "file", Map.of("path", blocker.resolve("events.jsonl").toString())));
            // The path is a setting like any other: the error names it, so a configuration file can point at it.
            assertTrue(e.getMessage().startsWith("file endpoint 'f': setting 'path' names a file that cannot be opened "
                    + "for appending: "), e.getMessage());
            assertEquals("path", ((io.eventroute.runtime.endpoint.EndpointSettingsException) e).setting());
        }
    }

    @Test
    void deadLettersUseTheDocumentedLayoutAndUniqueNames() throws Exception {
        Path dead = dir.resolve("dead");
        ZonedDateTime before = ZonedDateTime.now(ZoneOffset.UTC);
        try (ScriptedServer server = new ScriptedServer(n -> 404);
                Router router = Router.builder().deadLetterDirectory(dead).build()) {
            router.putEndpoint("hook-1", "webhook", Map.of("url", server.url("/x")));
            router.putRoute("a", "hook-1", "true");
            router.putRoute("b", "hook-1", "subject = 'room-1'");
            byte[] event = Events.twinUpdate("same-id", "room-1", 1);
            router.route(event);
            router.route(Events.twinUpdate("weird/../id", "room-2", 1));
            assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
            assertEquals(new DeliveryCounts(3, 0, 0, 3, 3), router.stats().endpoint("hook-1"));
            assertEquals(new DeliveryCounts(2, 0, 0, 2, 2), router.stats().route("a"));

            List<Path> files;
            try (Stream<Path> s = Files.walk(dead)) {
                files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            }
            assertEquals(6, files.size(), files.toString());
            Pattern layout = Pattern.compile("hook-1/(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/[^/]+");
            for (Path f : files) {
                String rel = dead.relativize(f).toString().replace('\\', '/');
                var m = layout.matcher(rel);
                assertTrue(m.matches(), rel);
                assertEquals(before.getYear(), Integer.parseInt(m.group(1)));
            }
            Path hour = files.get(0).getParent();
            assertEquals(Events.text(event), Files.readString(hour.resolve("same-id.json")));
            assertEquals(Events.text(event), Files.readString(hour.resolve("same-id~2.json")));
            String reason1 = Files.readString(hour.resolve("same-id.reason.json"));
            String reason2 = Files.readString(hour.resolve("same-id~2.reason.json"));
            assertTrue(reason1.contains("\"route\" : \"a\"") && reason2.contains("\"route\" : \"b\""),
                    reason1 + reason2);
            assertTrue(reason1.contains("\"partitionKey\" : \"room-1\""), reason1);
            assertTrue(reason1.contains("answered HTTP 404"), reason1);
            String weird = Files.readString(hour.resolve("weird_.._id.reason.json"));
            assertTrue(weird.contains("\"eventId\" : \"weird/../id\""), weird);
        }
    }

    @Test
    void withoutADeadLetterDirectoryFailuresAreCountedAsFailedOnly() throws Exception {
        try (ScriptedServer server = new ScriptedServer(n -> 403);
                Router router = Router.builder().build()) {
            router.putEndpoint("hook", "webhook", Map.of("url", server.url("/x")));
            router.putRoute("a", "hook", "true");
            router.route(Events.twinUpdate("e1", "room-1", 1));
            assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
            assertEquals(new DeliveryCounts(1, 0, 0, 0, 1), router.stats().endpoint("hook"));
        }
    }
}
