package io.eventroute.runtime.endpoint.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventroute.runtime.endpoint.OutgoingEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches larger than the endpoint's write buffer, and events larger than it, arrive whole and in order. */
class FileEndpointTest {
    @TempDir
    Path dir;

    private static OutgoingEvent event(String id, int padding) {
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"s\",\"type\":\"t\",\"data\":\""
                + "x".repeat(padding) + "\"}";
        return new OutgoingEvent("r", id, null, json.getBytes(StandardCharsets.UTF_8), Map.of(), null, null);
    }

    @Test
    void largeBatchesAndLargeEventsAreWrittenWholeInOrder() throws Exception {
        Path file = dir.resolve("out.jsonl");
        List<OutgoingEvent> batch = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            // Every 1,000th event is larger than the 256 KiB buffer; the batch is about 1.5 MB in all.
            OutgoingEvent e = event("e" + i, i % 1_000 == 999 ? 300_000 : 200);
            batch.add(e);
            expected.add(new String(e.structuredJson(), StandardCharsets.UTF_8));
        }
        try (FileEndpoint endpoint = FileEndpoint.create("files", Map.of("path", file.toString()))) {
            endpoint.send(null, batch.subList(0, 1_500), Duration.ofSeconds(10));
            endpoint.send(null, batch.subList(1_500, 3_000), Duration.ofSeconds(10));
        }
        assertEquals(expected, Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    @Test
    void lineBreaksAnywhereInAnEventBecomeSpacesOnOneLine() throws Exception {
        Path file = dir.resolve("breaks.jsonl");
        List<OutgoingEvent> batch = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        String compact = "{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"type\":\"t\"}";
        // A break at every position after the first byte (where JSON allows white space or not, the
        // endpoint only replaces bytes), as \n, \r and \r\n, and none.
        for (int at = 1; at < compact.length(); at++) {
            for (String br : List.of("\n", "\r", "\r\n")) {
                String json = compact.substring(0, at) + br + compact.substring(at);
                batch.add(new OutgoingEvent("r", "e", null, json.getBytes(StandardCharsets.UTF_8), Map.of(), null, null));
                expected.add(json.replace('\n', ' ').replace('\r', ' '));
            }
        }
        OutgoingEvent plain = new OutgoingEvent("r", "e", null, compact.getBytes(StandardCharsets.UTF_8), Map.of(), null, null);
        batch.add(plain);
        batch.add(plain); // the same array twice in a row, as for two routes of one endpoint
        expected.add(compact);
        expected.add(compact);
        try (FileEndpoint endpoint = FileEndpoint.create("files", Map.of("path", file.toString()))) {
            endpoint.send(null, batch, Duration.ofSeconds(10));
        }
        assertEquals(expected, Files.readAllLines(file, StandardCharsets.UTF_8));
    }
}
