package io.eventroute.runtime.endpoint.eventgrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.peers.HttpsPeer;
import io.eventroute.runtime.endpoint.peers.HttpsPeer.Reply;
import io.eventroute.runtime.endpoint.peers.TestEvents;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventGridSenderTest {
    private static final String KEY = "eg-test-key-5f2c9a";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpsPeer peer;
    private static EndpointSender cloudEvents;
    private static EndpointSender eventGrid;

    private final OutgoingEvent update = TestEvents.twinUpdate("ev-1", "room-21", 22.5);
    private final OutgoingEvent telemetry = TestEvents.telemetry("ev-2", "thermostat-7");

    @BeforeAll
    static void start() throws Exception {
        peer = HttpsPeer.start();
        cloudEvents = EventGridSender.create("eg-ce", settings("cloudevents"));
        eventGrid = EventGridSender.create("eg-egs", settings("eventgrid"));
    }

    @AfterAll
    static void stop() {
        cloudEvents.close();
        eventGrid.close();
        peer.close();
    }

    private int before;

    @BeforeEach
    void mark() {
        before = peer.requests().size();
    }

    private static Map<String, String> settings(String schema) {
        Map<String, String> settings = new HashMap<>();
        settings.put("endpoint", peer.url("/api/events"));
        settings.put("key", KEY);
        settings.put("schema", schema);
        settings.put("trustCertificate", HttpsPeer.certificate().toString());
        return settings;
    }

    private List<HttpsPeer.Request> newRequests() {
        List<HttpsPeer.Request> all = peer.requests();
        return all.subList(before, all.size());
    }

    @Test
    void cloudEventsSchemaPostsTheEventsAsAJsonArrayWithTheKey() throws Exception {
        cloudEvents.send(null, List.of(update, telemetry), TIMEOUT);

        List<HttpsPeer.Request> requests = newRequests();
        assertEquals(1, requests.size(), "one request for the batch");
        HttpsPeer.Request request = requests.get(0);
        assertEquals("POST", request.method());
        assertEquals("/api/events", request.path());
        assertEquals("api-version=2018-01-01", request.query());
        assertEquals(KEY, request.header("aeg-sas-key"));
        assertTrue(request.header("content-type").startsWith("application/cloudevents-batch+json"),
                request.header("content-type"));

        // The events go exactly as they came, e.g. the time keeps its seven fractional digits.
        assertEquals("[" + new String(update.structuredJson(), StandardCharsets.UTF_8) + ","
                + new String(telemetry.structuredJson(), StandardCharsets.UTF_8) + "]", request.bodyText());
        JsonNode body = JSON.readTree(request.body());
        assertTrue(body.isArray());
        assertEquals(2, body.size());
        JsonNode first = body.get(0);
        assertEquals(JSON.readTree(update.structuredJson()).get("data"), first.get("data"));
        assertEquals("ev-1", first.get("id").asText());
        assertEquals("Microsoft.DigitalTwins.Twin.Update", first.get("type").asText());
        assertEquals("contoso.api.wus2.digitaltwins.azure.net", first.get("source").asText());
        assertEquals("room-21", first.get("subject").asText());
        assertEquals("1.0", first.get("specversion").asText());
        assertEquals("application/json", first.get("datacontenttype").asText());
        assertEquals("00-2aa957558db348f387ef704b37631a1d-96f834571bf4fe45-01", first.get("traceparent").asText());
        assertEquals("2021-12-09T20:28:52.9795363Z", first.get("time").asText());
        JsonNode second = body.get(1);
        assertEquals("ev-2", second.get("id").asText());
        assertEquals("dtmi:example:Thermostat;1", second.get("dataschema").asText());
        assertEquals(10, second.get("data").get("Temperature").asInt());
    }

    @Test
    void eventGridSchemaWrapsDataWithItsContentTypeTraceparentAndSchema() throws Exception {
        eventGrid.send("ignored-topic", List.of(update, telemetry), TIMEOUT);

        List<HttpsPeer.Request> requests = newRequests();
        assertEquals(1, requests.size());
        HttpsPeer.Request request = requests.get(0);
        assertEquals("/api/events", request.path());
        assertEquals("api-version=2018-01-01", request.query());
        assertEquals(KEY, request.header("aeg-sas-key"));
        assertTrue(request.header("content-type").startsWith("application/json"), request.header("content-type"));

        JsonNode body = JSON.readTree(request.body());
        assertEquals(2, body.size());
        JsonNode first = body.get(0);
        assertEquals("ev-1", first.get("id").asText());
        assertEquals("room-21", first.get("subject").asText());
        assertEquals("Microsoft.DigitalTwins.Twin.Update", first.get("eventType").asText());
        assertEquals("1.0", first.get("dataVersion").asText());
        assertTrue(first.get("eventTime").asText().startsWith("2021-12-09T20:28:52.9795363"),
                first.get("eventTime").asText());
        JsonNode data = first.get("data");
        assertEquals(JSON.readTree(update.structuredJson()).get("data"), data.get("data"));
        assertEquals("application/json", data.get("contenttype").asText());
        assertEquals("00-2aa957558db348f387ef704b37631a1d-96f834571bf4fe45-01", data.get("traceparent").asText());
        assertFalse(data.has("dataschema"));
        JsonNode second = body.get(1);
        assertEquals("component1", second.get("subject").asText());
        assertEquals("dtmi:example:Thermostat;1", second.get("data").get("dataschema").asText());
        assertEquals(10, second.get("data").get("data").get("Temperature").asInt());
    }

    @Test
    void fortySendsAtOnceAreAllDeliveredNoneRefusedByTheConnectionPool() throws Exception {
        // maxConcurrency may be up to 256: the sender's connection pool must not refuse what the dispatcher sends.
        int sends = 40;
        for (int i = 0; i < sends; i++) {
            peer.script(Reply.slow(200, 300));
        }
        try (EndpointSender sender = EventGridSender.create("grid", settings("cloudevents"))) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(sends);
            try {
                List<java.util.concurrent.Future<?>> results = new java.util.ArrayList<>();
                for (int i = 0; i < sends; i++) {
                    OutgoingEvent e = TestEvents.twinUpdate("par-" + i, "room-" + i, i);
                    results.add(pool.submit(() -> {
                        sender.send(null, List.of(e), Duration.ofSeconds(20));
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> r : results) {
                    r.get(60, java.util.concurrent.TimeUnit.SECONDS); // throws if a send failed
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertEquals(sends, newRequests().size());
    }

    @Test
    void serviceUnavailableIsTransientAndTheNextSendGoesThrough() throws Exception {
        peer.script(Reply.status(503));

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> cloudEvents.send(null, List.of(update), TIMEOUT));
        assertTrue(failure.isTransient());
        assertTrue(failure.getMessage().contains("503"), failure.getMessage());
        assertEquals(1, newRequests().size(), "the SDK must not retry by itself: the dispatcher does");

        cloudEvents.send(null, List.of(update), TIMEOUT);
        assertEquals(2, newRequests().size());
    }

    @ParameterizedTest
    @CsvSource({"429, true", "408, true", "500, true", "504, true", "400, false", "401, false", "403, false",
        "404, false", "413, false", "202, false"})
    void statusCodesAreClassified(int status, boolean transientFailure) {
        peer.script(Reply.status(status));

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> eventGrid.send(null, List.of(update), TIMEOUT));
        assertEquals(transientFailure, failure.isTransient(), failure.getMessage());
        assertTrue(failure.getMessage().contains("eventgrid endpoint 'eg-egs'"), failure.getMessage());
        assertTrue(failure.getMessage().contains(Integer.toString(status)), failure.getMessage());
        assertFalse(failure.getMessage().contains(KEY));
        assertEquals(1, newRequests().size());
    }

    @Test
    void aDroppedConnectionIsTransient() {
        peer.script(Reply.drop());

        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> cloudEvents.send(null, List.of(update), TIMEOUT));
        assertTrue(failure.isTransient(), failure.getMessage());
        assertEquals(1, newRequests().size());
    }

    @Test
    void aSlowServerIsATransientTimeoutWithinTheCallsTimeout() {
        peer.script(Reply.slow(200, 3000));

        long start = System.nanoTime();
        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> cloudEvents.send(null, List.of(update), Duration.ofMillis(400)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(failure.isTransient(), failure.getMessage());
        assertTrue(failure.getMessage().contains("timed out"), failure.getMessage());
        assertTrue(millis < 2500, "took " + millis + " ms");
    }

    @Test
    void aRefusedConnectionIsTransient() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = settings("cloudevents");
        settings.put("endpoint", "https://127.0.0.1:" + closedPort + "/api/events");
        try (EndpointSender sender = EventGridSender.create("eg-refused", settings)) {
            DeliveryException failure = assertThrows(DeliveryException.class,
                    () -> sender.send(null, List.of(update), TIMEOUT));
            assertTrue(failure.isTransient(), failure.getMessage());
        }
    }

    @Test
    void anUntrustedCertificateIsPermanent() {
        Map<String, String> settings = settings("cloudevents");
        settings.put("trustCertificate", HttpsPeer.otherCertificate().toString());
        try (EndpointSender sender = EventGridSender.create("eg-untrusted", settings)) {
            DeliveryException failure = assertThrows(DeliveryException.class,
                    () -> sender.send(null, List.of(update), TIMEOUT));
            assertFalse(failure.isTransient(), failure.getMessage());
            assertTrue(failure.getMessage().contains("TLS"), failure.getMessage());
        }
        assertEquals(0, newRequests().size(), "nothing reaches a server that is not trusted");
    }

    @Test
    void anEmptyBatchSendsNothing() throws Exception {
        cloudEvents.send(null, List.of(), TIMEOUT);
        assertEquals(0, newRequests().size());
    }

    @Test
    void settingsAreCheckedWithErrorsThatNameEndpointAndSetting() {
        Map<String, String> http = settings("cloudevents");
        http.put("endpoint", "http://127.0.0.1:1/api/events");
        assertInvalid(http, "setting 'endpoint' must be an https:// URL");

        Map<String, String> noKey = settings("cloudevents");
        noKey.remove("key");
        assertInvalid(noKey, "setting 'key' is required");

        Map<String, String> schema = settings("xml");
        assertInvalid(schema, "setting 'schema' must be 'cloudevents' or 'eventgrid', not 'xml'");

        Map<String, String> missingFile = settings("cloudevents");
        missingFile.put("trustCertificate", "/no/such/file.pem");
        assertInvalid(missingFile, "setting 'trustCertificate' names no readable file");

        Map<String, String> notPem = settings("cloudevents");
        notPem.put("trustCertificate", HttpsPeer.class.getResource("/tls/https-peer.p12").getPath());
        assertInvalid(notPem, "setting 'trustCertificate'");

        Map<String, String> typo = settings("cloudevents");
        typo.put("Key", "x");
        assertInvalid(typo, "setting 'Key' is not a setting of this kind; known: endpoint, key, schema, trustCertificate");
    }

    private static void assertInvalid(Map<String, String> settings, String expected) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> EventGridSender.create("eg-bad", settings));
        assertTrue(error.getMessage().startsWith("eventgrid endpoint 'eg-bad': "), error.getMessage());
        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertFalse(error.getMessage().contains(KEY), error.getMessage());
    }
}
