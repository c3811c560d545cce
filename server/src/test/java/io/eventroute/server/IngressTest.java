package io.eventroute.server;

import static io.eventroute.server.TestServer.ADMIN;
import static io.eventroute.server.TestServer.API;
import static io.eventroute.server.TestServer.READER;
import static io.eventroute.server.TestServer.SENDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.memory.MemoryEndpoint;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events in over HTTP: the CloudEvents binding (structured, batch, binary) and ADT's telemetry API. */
class IngressTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TestServer t;

    @BeforeEach
    void start() {
        t = TestServer.start(dir);
        assertEquals(204, t.put("all", "{\"endpointName\":\"archive\",\"filter\":\"true\"}").statusCode());
        assertEquals(204, t.put("hot", "{\"endpointName\":\"alerts\",\"filter\":\"$body.t > 30\"}").statusCode());
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private static String event(String id, double temperature) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"s\",\"type\":\"Microsoft.DigitalTwins.Twin.Update\","
                + "\"subject\":\"room-1\",\"datacontenttype\":\"application/json\",\"data\":{\"t\":" + temperature + "}}";
    }

    private HttpResponse<String> post(String path, String token, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(t.uri(path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return t.client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).join();
    }

    private List<OutgoingEvent> received(String endpoint) {
        return t.router.sender(endpoint, MemoryEndpoint.class).orElseThrow().events();
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }

    @Test
    void structuredAndBatchEventsAreAcknowledgedOnceDelivered() {
        HttpResponse<String> one = post("/events", SENDER, "application/cloudevents+json", event("e1", 40), Map.of());
        assertEquals(200, one.statusCode(), one.body());
        assertEquals(json("{\"events\":1,\"matched\":2,\"delivered\":2,\"deadLettered\":0}"), json(one.body()));
        // Acknowledged means delivered: both endpoints hold it already.
        assertEquals(1, received("archive").size());
        assertEquals(1, received("alerts").size());
        assertEquals(event("e1", 40), new String(received("archive").get(0).structuredJson(), StandardCharsets.UTF_8),
                "a structured event is delivered byte for byte");

        HttpResponse<String> batch = post("/events", SENDER, "application/cloudevents-batch+json",
                "[" + event("e2", 10) + "," + event("e3", 50) + "]", Map.of());
        assertEquals(200, batch.statusCode(), batch.body());
        assertEquals(json("{\"events\":2,\"matched\":3,\"delivered\":3,\"deadLettered\":0}"), json(batch.body()));

        // A batch's events are delivered as the client wrote them, spaces and all: never parsed and rewritten.
        String spaced = "{ \"specversion\": \"1.0\", \"id\": \"e4\", \"source\": \"s\", \"type\": \"t\", \"data\": {\"t\": 1.50} }";
        HttpResponse<String> kept = post("/events", SENDER, "application/cloudevents-batch+json",
                "[\n  " + spaced + " ,\n  " + event("e5", 2) + "\n]", Map.of());
        assertEquals(200, kept.statusCode(), kept.body());
        Map<String, String> archived = new java.util.HashMap<>();
        received("archive").forEach(e -> archived.put(e.eventId(), new String(e.structuredJson(), StandardCharsets.UTF_8)));
        assertEquals(spaced, archived.get("e4"));
        assertEquals(event("e5", 2), archived.get("e5"));
    }

    @Test
    void binaryModeKeepsJsonRoutableAndOtherContentByteForByte() throws Exception {
        HttpResponse<String> r = post("/events", SENDER, "application/json", "{\"t\":99}", Map.of("ce-specversion", "1.0",
                "ce-id", "b1", "ce-source", "urn:x", "ce-type", "Microsoft.DigitalTwins.Twin.Update", "ce-subject", "room-9",
                "ce-traceparent", "00-2aa957558db348f387ef704b37631a1d-96f834571bf4fe45-01"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(2, json(r.body()).get("matched").asInt(), "$body.t > 30 read the JSON data");
        JsonNode delivered = JSON.readTree(received("alerts").get(0).structuredJson());
        assertEquals("room-9", delivered.get("subject").asText());
        assertEquals("00-2aa957558db348f387ef704b37631a1d-96f834571bf4fe45-01", delivered.get("traceparent").asText());
        assertEquals(99, delivered.get("data").get("t").asInt());

        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xFF};
        HttpResponse<String> bin = t.client.sendAsync(HttpRequest.newBuilder(t.uri("/events"))
                .header("Authorization", "Bearer " + SENDER).header("Content-Type", "image/png")
                .header("ce-specversion", "1.0").header("ce-id", "b2").header("ce-source", "urn:x").header("ce-type", "t")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofString()).join();
        assertEquals(200, bin.statusCode(), bin.body());
        JsonNode stored = JSON.readTree(received("archive").get(1).structuredJson());
        assertEquals("image/png", stored.get("datacontenttype").asText());
        assertEquals(Base64.getEncoder().encodeToString(png), stored.get("data_base64").asText(), "kept byte for byte");
    }

    @Test
    void aBatchWithABadEventIsRefusedWholeAndRoutesNothing() {
        HttpResponse<String> r = post("/events", SENDER, "application/cloudevents-batch+json",
                "[" + event("ok", 1) + ",{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\"},42," + event("ok2", 2) + "]",
                Map.of());
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = json(r.body()).get("error");
        assertEquals("InvalidArgument", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("2 of the 4 events are not valid; nothing was routed"), r.body());
        assertEquals("[1]", error.get("details").get(0).get("target").asText());
        assertTrue(error.get("details").get(0).get("message").asText().contains("'source'"), r.body());
        assertEquals("[2]", error.get("details").get(1).get("target").asText());
        assertEquals(0, received("archive").size(), "nothing of the batch was routed");
    }

    @Test
    void badRequestsChangeNothing() {
        assertEquals(415, post("/events", SENDER, "text/plain", "hello", Map.of()).statusCode());
        assertEquals(400, post("/events", SENDER, "application/cloudevents+json", "{\"id\":", Map.of()).statusCode());
        assertEquals(400, post("/events", SENDER, "application/cloudevents+json", "[]", Map.of()).statusCode());
        assertEquals(400, post("/events", SENDER, "application/cloudevents-batch+json", "[]", Map.of()).statusCode());
        assertEquals(400, post("/events", SENDER, "application/cloudevents+json",
                "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"type\":\"u\"}", Map.of()).statusCode());
        assertEquals(413, post("/events", SENDER, "application/cloudevents+json",
                event("big", 1).replace("\"t\":1", "\"t\":1,\"pad\":\"" + "x".repeat(1 << 20) + "\""), Map.of()).statusCode());
        assertEquals(401, post("/events", null, "application/cloudevents+json", event("e", 1), Map.of()).statusCode());
        assertEquals(403, post("/events", READER, "application/cloudevents+json", event("e", 1), Map.of()).statusCode());
        assertEquals(0, received("archive").size());
    }

    @Test
    void theBadEventsOfARefusedBatchCountAsRejectedAsABadEventSentAloneDoes() {
        String noSource = "{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\"}";
        HttpResponse<String> batch = post("/events", SENDER, "application/cloudevents-batch+json",
                "[" + event("good", 1) + "," + noSource + ",\"text\"]", Map.of());
        assertEquals(400, batch.statusCode(), batch.body());
        assertEquals(2, json(t.send("GET", "/stats", READER, null).body()).get("rejected").asLong(),
                "the two bad events; the good one was not offered");
        assertEquals(400, post("/events", SENDER, "application/cloudevents+json", noSource, Map.of()).statusCode());
        assertEquals(3, json(t.send("GET", "/stats", READER, null).body()).get("rejected").asLong());
        String metrics = t.send("GET", "/metrics", READER, null).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("eventroute_events_rejected_total") && l.endsWith(" 3.0")),
                metrics);
        assertEquals(0, received("archive").size());
    }

    @Test
    void aBadSingleEventIsRefusedByTheRoutersOwnReadWithWhatIsWrong() {
        HttpResponse<String> structured = post("/events", SENDER, "application/cloudevents+json",
                "{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\"}", Map.of());
        TestServer.assertError(structured, 400, "InvalidArgument", "The event is not a valid CloudEvent");
        assertTrue(json(structured.body()).get("error").get("message").asText().contains("'source'"), structured.body());
        HttpResponse<String> binary = post("/events", SENDER, "application/json", "{\"t\":1}",
                Map.of("ce-specversion", "1.0", "ce-id", "b", "ce-type", "t"));
        TestServer.assertError(binary, 400, "InvalidArgument", "'source'");
        HttpResponse<String> notJson = post("/events", SENDER, "application/cloudevents+json", "{\"id\": [", Map.of());
        TestServer.assertError(notJson, 400, "InvalidArgument", "The event is not a valid CloudEvent");
        assertEquals(0, received("archive").size(), "nothing was routed");
        assertEquals(0, t.router.stats().events(), "nothing was counted routed");
    }

    @Test
    void telemetryBecomesTheCloudEventAdtEmits() throws Exception {
        HttpResponse<String> r = post("/digitaltwins/thermostat-7/components/component1/telemetry?" + API, SENDER,
                "application/json", "{\"t\":45}", Map.of("Message-Id", "m-1", "Telemetry-Source-Time", "2021-12-09T20:28:52.6745538Z"));
        assertEquals(204, r.statusCode(), r.body());
        assertEquals("", r.body());
        JsonNode e = JSON.readTree(received("alerts").get(0).structuredJson());
        assertEquals("m-1", e.get("id").asText());
        assertEquals("microsoft.iot.telemetry", e.get("type").asText());
        assertEquals("127.0.0.1/digitaltwins/thermostat-7", e.get("source").asText());
        assertEquals("component1", e.get("subject").asText());
        assertEquals("2021-12-09T20:28:52.6745538Z", e.get("time").asText());
        assertEquals(45, e.get("data").get("t").asInt());

        HttpResponse<String> twinLevel = post("/digitaltwins/thermostat-7/telemetry?" + API, SENDER, "application/json",
                "{\"t\":1}", Map.of("Message-Id", "m-2"));
        assertEquals(204, twinLevel.statusCode());
        assertTrue(JSON.readTree(received("archive").get(1).structuredJson()).get("subject") == null);

        assertEquals(400, post("/digitaltwins/thermostat-7/telemetry?" + API, SENDER, "application/json", "{}", Map.of())
                .statusCode(), "no Message-Id");
        assertEquals(400, post("/digitaltwins/thermostat-7/telemetry", SENDER, "application/json", "{}",
                Map.of("Message-Id", "m")).statusCode(), "no api-version");
        assertEquals(400, post("/digitaltwins/thermostat-7/telemetry?" + API, SENDER, "application/json", "{}",
                Map.of("Message-Id", "m", "Telemetry-Source-Time", "yesterday")).statusCode());
        assertEquals(415, post("/digitaltwins/thermostat-7/telemetry?" + API, SENDER, "text/plain", "{}",
                Map.of("Message-Id", "m")).statusCode());
        assertEquals(2, received("archive").size(), "refused requests routed nothing");
    }

    @Test
    void telemetryNamesTheTwinsModelFromTheTwinsFileOrLearnedFromTwinEvents(@TempDir Path other) throws Exception {
        Path twinsFile = other.resolve("twins.json");
        java.nio.file.Files.writeString(twinsFile, "{\"thermostat-7\": \"dtmi:example:Thermostat;1\"}");
        t.close();
        t = TestServer.start(other.resolve("store"), io.eventroute.runtime.TwinModels.seeded(100, twinsFile));
        assertEquals(204, t.put("all", "{\"endpointName\":\"archive\",\"filter\":\"true\"}").statusCode());
        // Routes read the model as ADT's do: from the telemetry's dataschema.
        assertEquals(204, t.put("rooms", "{\"endpointName\":\"alerts\",\"filter\":\"$model = 'dtmi:example:Room;1'\"}")
                .statusCode());

        assertEquals(204, telemetry("thermostat-7", "m-1").statusCode());
        assertEquals("dtmi:example:Thermostat;1", lastArchived().path("dataschema").asText(null), "known from the twins file");

        assertEquals(204, telemetry("room-21", "m-2").statusCode());
        assertTrue(lastArchived().get("dataschema") == null, "not known yet: no dataschema");

        String create = "{\"specversion\":\"1.0\",\"id\":\"c-1\",\"source\":\"contoso.api.wus2.digitaltwins.azure.net\","
                + "\"type\":\"Microsoft.DigitalTwins.Twin.Create\",\"subject\":\"room-21\",\"datacontenttype\":\"application/json\","
                + "\"data\":{\"$dtId\":\"room-21\",\"$metadata\":{\"$model\":\"dtmi:example:Room;1\"}}}";
        assertEquals(200, post("/events", SENDER, "application/cloudevents+json", create, Map.of()).statusCode());
        assertEquals(204, telemetry("room-21", "m-3").statusCode());
        assertEquals("dtmi:example:Room;1", lastArchived().path("dataschema").asText(null), "learned from the Twin.Create");
        // The route on $model took the Twin.Create and the telemetry sent once the model was known, not m-2.
        assertEquals(List.of("c-1", "m-3"), received("alerts").stream().map(OutgoingEvent::eventId).toList());

        String update = "{\"specversion\":\"1.0\",\"id\":\"u-1\",\"source\":\"contoso.api.wus2.digitaltwins.azure.net\","
                + "\"type\":\"Microsoft.DigitalTwins.Twin.Update\",\"subject\":\"thermostat-7\",\"datacontenttype\":\"application/json\","
                + "\"data\":{\"modelId\":\"dtmi:example:Thermostat;2\",\"patch\":[]}}";
        assertEquals(200, post("/events", SENDER, "application/cloudevents+json", update, Map.of()).statusCode());
        assertEquals(204, telemetry("thermostat-7", "m-4").statusCode());
        assertEquals("dtmi:example:Thermostat;2", lastArchived().path("dataschema").asText(null), "learned from the Twin.Update");

        assertEquals(204, telemetry("nobody", "m-5").statusCode());
        assertTrue(lastArchived().get("dataschema") == null, "an unknown twin: no dataschema");
        assertEquals("m-5", lastArchived().get("id").asText());
    }

    @Test
    void withoutATwinMapTelemetryHasNoDataschema() throws Exception {
        assertEquals(204, telemetry("thermostat-7", "m-1").statusCode());
        JsonNode e = lastArchived();
        assertEquals("m-1", e.get("id").asText());
        assertTrue(e.get("dataschema") == null, e.toString());
    }

    private HttpResponse<String> telemetry(String twin, String messageId) {
        return post("/digitaltwins/" + twin + "/telemetry?" + API, SENDER, "application/json", "{\"t\":1}",
                Map.of("Message-Id", messageId));
    }

    private JsonNode lastArchived() throws java.io.IOException {
        List<OutgoingEvent> archived = received("archive");
        return JSON.readTree(archived.get(archived.size() - 1).structuredJson());
    }

    @Test
    void withoutRoomTheAnswerIs429WithRetryAfter(@TempDir Path other) {
        t.close();
        t = TestServer.startWithHeldEndpoint(other);
        assertEquals(204, t.put("held", "{\"endpointName\":\"held\",\"filter\":\"true\"}").statusCode());
        // The held endpoint (queue of 1) takes one event into its send and one into its queue; the third finds no room.
        java.util.concurrent.CompletableFuture<HttpResponse<String>> first = postAsync(event("h1", 1));
        TestServer.HELD.awaitSending();
        java.util.concurrent.CompletableFuture<HttpResponse<String>> second = postAsync(event("h2", 1));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (t.router.stats().endpoint("held").matched() < 2) {
            assertTrue(System.nanoTime() < deadline, "the second event was never queued");
            Thread.onSpinWait();
        }
        HttpResponse<String> third = post("/events", SENDER, "application/cloudevents+json", event("h3", 1), Map.of());
        assertEquals(429, third.statusCode(), third.body());
        assertEquals("1", third.headers().firstValue("Retry-After").orElse(null));
        assertEquals(2, t.router.stats().endpoint("held").matched(), "the refused event was not queued");
        HttpResponse<String> batch = post("/events", SENDER, "application/cloudevents-batch+json",
                "[" + event("h4", 1) + "," + event("h5", 1) + "]", Map.of());
        // Two matches for a queue of one: no retry would fit, so a 413 that says so, not a 429.
        assertEquals(413, batch.statusCode(), batch.body());
        assertTrue(batch.body().contains("2 matches for endpoint 'held', whose queue holds 1"), batch.body());
        assertTrue(batch.body().contains("nothing was queued"), batch.body());
        assertEquals(2, t.router.stats().endpoint("held").matched(), "no event of the refused batch was queued");
        TestServer.HELD.release();
        assertEquals(200, first.join().statusCode());
        assertEquals(200, second.join().statusCode());
    }

    private java.util.concurrent.CompletableFuture<HttpResponse<String>> postAsync(String event) {
        return t.client.sendAsync(HttpRequest.newBuilder(t.uri("/events")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
