package io.eventroute.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server process is killed with SIGKILL while a client posts batches in a loop: every event whose
 * POST got a 2xx is at its endpoint afterwards.
 */
class IngressCrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesSigkill() throws Exception {
        Path out = dir.resolve("out.jsonl");
        CrashTarget.Started started = CrashTarget.launch(dir, out.toString());
        Process p = started.process();
        Set<String> acknowledged = new HashSet<>();
        int batches = 0;
        try {
            URI events = URI.create("http://127.0.0.1:" + started.port() + "/events");
            HttpClient client = HttpClient.newHttpClient();
            // Kill after a few acknowledged batches, while the next ones are in flight.
            for (int b = 0; b < 400; b++) {
                StringBuilder batch = new StringBuilder("[");
                List<String> ids = new java.util.ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String id = "b" + b + "-" + i;
                    ids.add(id);
                    batch.append(i == 0 ? "" : ",").append("{\"specversion\":\"1.0\",\"id\":\"").append(id)
                            .append("\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"twin-").append(i % 7)
                            .append("\",\"data\":{\"n\":").append(i).append("}}");
                }
                HttpRequest request = HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + TestServer.SENDER)
                        .header("Content-Type", "application/cloudevents-batch+json")
                        .POST(HttpRequest.BodyPublishers.ofString(batch.append("]").toString())).build();
                if (b == 20) {
                    // The kill lands while this batch is being sent or delivered.
                    client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
                    p.destroyForcibly();
                    break;
                }
                HttpResponse<String> r;
                try {
                    r = client.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    break;
                }
                if (r.statusCode() == 200) {
                    acknowledged.addAll(ids);
                    batches++;
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(20, batches, "the batches before the kill were acknowledged");
        Set<String> atEndpoint = new HashSet<>();
        for (String line : Files.readAllLines(out)) {
            if (!line.isBlank()) {
                atEndpoint.add(JSON.readTree(line).get("id").asText());
            }
        }
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(atEndpoint);
        assertEquals(Set.of(), missing, "acknowledged but not at the endpoint");
    }
}
