package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.event.JsonEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook kind and the dispatcher's retries against a real HTTP server on loopback. */
class WebhookDeliveryTest {
    static final DeliveryOptions FAST = DeliveryOptions.defaults()
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
            .withMaxAttempts(4)
            .withSendTimeout(Duration.ofSeconds(2))
            .withCloseTimeout(Duration.ofSeconds(10));

    @TempDir
    Path dir;

    private Router router;
    private ScriptedServer server;

    private Router start(ScriptedServer s, Map<String, String> extra) {
        server = s;
        router = Router.builder().delivery(FAST).deadLetterDirectory(dir.resolve("dead")).build();
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("url", s.url("/hook"));
        router.putEndpoint("hook", "webhook", settings);
        router.putRoute("r", "hook", "true");
        return router;
    }

    @AfterEach
    void stop() {
        if (router != null) {
            router.close(Duration.ofSeconds(5));
        }
        if (server != null) {
            server.close();
        }
    }

    private List<Path> deadLetters() throws IOException {
        Path root = dir.resolve("dead");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".reason.json"))
                    .sorted().collect(Collectors.toList());
        }
    }

    @Test
    void postsTheStructuredEventWithItsContentTypeAndHeaders() throws Exception {
        start(new ScriptedServer(n -> 200), Map.of("header.Authorization", "Bearer abc"));
        byte[] event = Events.twinUpdate("e1", "room-1", 1);
        router.route(event);
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        List<ScriptedServer.Request> got = server.requests();
        assertEquals(1, got.size());
        assertEquals("/hook", got.get(0).path());
        assertEquals("application/cloudevents+json", got.get(0).contentType());
        assertEquals("Bearer abc", got.get(0).authorization());
        assertEquals(Events.text(event), got.get(0).body());
        assertEquals(new DeliveryCounts(1, 1, 0, 0, 0), router.stats().endpoint("hook"));
    }

    @Test
    void aRouteTopicIsOneMorePathSegment() throws Exception {
        start(new ScriptedServer(n -> 204), Map.of());
        router.putRoute(EventRoute.of("r", "hook", "true").withTopic("twin events"));
        router.route(Events.twinUpdate("e1", "room-1", 1));
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        assertEquals("/hook/twin%20events", server.requests().get(0).path());
    }

    @Test
    void batchesAsAJsonArrayWhenBatchingIsOn() throws Exception {
        start(new ScriptedServer(n -> 200), Map.of("batch", "true", "maxBatchCount", "10"));
        router.close(Duration.ofSeconds(1));
        // A batch waits for its tenth event however slowly they come; the last five go when the router closes.
        router = Router.builder().delivery(FAST.withLinger(Duration.ofMinutes(10))).build();
        router.putEndpoint("hook", "webhook", Map.of("url", server.url("/b"), "batch", "true", "maxBatchCount", "10"));
        router.putRoute("r", "hook", "true");
        for (int i = 0; i < 25; i++) {
            router.route(Events.twinUpdate("e" + i, "room-1", i));
        }
        assertTrue(router.close(Duration.ofSeconds(30)));
        List<ScriptedServer.Request> got = server.requests();
        assertEquals(List.of(10, 10, 5), got.stream().map(r -> count(r.body())).collect(Collectors.toList()));
        for (ScriptedServer.Request r : got) {
            assertEquals("application/cloudevents-batch+json", r.contentType());
            assertTrue(r.body().startsWith("[{\"specversion\""), r.body());
        }
        assertTrue(got.get(0).body().contains("\"id\":\"e0\"") && got.get(2).body().contains("\"id\":\"e24\""));
        assertEquals(25, router.stats().endpoint("hook").delivered());
    }

    private static int count(String jsonArray) {
        return jsonArray.split("\"specversion\"", -1).length - 1;
    }

    @Test
    void retriesA503ThenSucceeds() throws Exception {
        start(new ScriptedServer(n -> n == 1 ? 503 : 200), Map.of());
        router.route(Events.twinUpdate("e1", "room-1", 1));
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        assertEquals(List.of(503, 200), server.requests().stream().map(ScriptedServer.Request::status)
                .collect(Collectors.toList()));
        assertEquals(new DeliveryCounts(1, 1, 1, 0, 0), router.stats().endpoint("hook"));
        assertEquals(new DeliveryCounts(1, 1, 1, 0, 0), router.stats().route("r"));
        assertTrue(deadLetters().isEmpty());
    }

    @Test
    void retriesADroppedConnectionThenSucceeds() throws Exception {
        start(new ScriptedServer(n -> n <= 2 ? ScriptedServer.DROP : 200), Map.of());
        router.route(Events.twinUpdate("e1", "room-1", 1));
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        assertEquals(1, server.accepted().size());
        assertEquals(new DeliveryCounts(1, 1, 2, 0, 0), router.stats().endpoint("hook"));
    }

    @Test
    void deadLettersAfterTooMany429s() throws Exception {
        start(new ScriptedServer(n -> 429), Map.of());
        byte[] event = Events.twinUpdate("e1", "room-1", 1);
        router.route(event);
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        assertEquals(4, server.requests().size());
        assertEquals(new DeliveryCounts(1, 0, 3, 1, 1), router.stats().endpoint("hook"));
        List<Path> dead = deadLetters();
        assertEquals(1, dead.size());
        assertEquals(Events.text(event), Files.readString(dead.get(0)));
        String reason = Files.readString(dead.get(0).resolveSibling("e1.reason.json"));
        assertTrue(reason.contains("\"reason\" : \"gave up after 4 attempts: webhook endpoint 'hook' answered HTTP 429\""),
                reason);
        assertTrue(reason.contains("\"attempts\" : 4"), reason);
    }

    @Test
    void deadLettersA400AtOnce() throws Exception {
        start(new ScriptedServer(n -> 400), Map.of());
        router.route(Events.twinUpdate("e1", "room-1", 1));
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        assertEquals(1, server.requests().size());
        assertEquals(new DeliveryCounts(1, 0, 0, 1, 1), router.stats().endpoint("hook"));
        String reason = Files.readString(deadLetters().get(0).resolveSibling("e1.reason.json"));
        assertTrue(reason.contains("permanent failure: webhook endpoint 'hook' answered HTTP 400"), reason);
    }

    @Test
    void aPermanentFailureInABatchDeadLettersOnlyTheBadEvent() throws Exception {
        // The server refuses any request that contains event "bad".
        server = new ScriptedServer((n, body) -> body.contains("\"id\":\"bad\"") ? 400 : 200);
        List<String> bodies = new ArrayList<>();
        router = Router.builder().delivery(FAST.withLinger(Duration.ofMillis(200)))
                .deadLetterDirectory(dir.resolve("dead")).build();
        router.putEndpoint("hook", "webhook", Map.of("url", server.url("/b"), "batch", "true"));
        router.putRoute("r", "hook", "true");
        router.route(Events.twinUpdate("good1", "room-1", 1));
        router.route(Events.twinUpdate("bad", "room-1", 2));
        router.route(Events.twinUpdate("good2", "room-1", 3));
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        for (ScriptedServer.Request r : server.accepted()) {
            bodies.add(r.body());
        }
        assertEquals(new DeliveryCounts(3, 2, 0, 1, 1), router.stats().endpoint("hook"));
        assertEquals(2, bodies.size());
        assertTrue(bodies.get(0).contains("good1") && bodies.get(1).contains("good2"), bodies.toString());
        assertEquals(List.of("bad.json"), deadLetters().stream().map(p -> p.getFileName().toString())
                .collect(Collectors.toList()));
    }

    @Test
    void aSlowAnswerIsATimeoutAndRetried() throws Exception {
        start(new ScriptedServer(n -> 200), Map.of());
        router.close(Duration.ofSeconds(1));
        server.delay(400);
        router = Router.builder().delivery(FAST.withSendTimeout(Duration.ofMillis(100)).withMaxAttempts(2))
                .deadLetterDirectory(dir.resolve("dead")).build();
        router.putEndpoint("hook", "webhook", Map.of("url", server.url("/slow")));
        router.putRoute("r", "hook", "true");
        router.route(Events.twinUpdate("slow", "room-1", 1));
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        assertEquals(new DeliveryCounts(1, 0, 1, 1, 1), router.stats().endpoint("hook"));
        String reason = Files.readString(deadLetters().get(0).resolveSibling("slow.reason.json"));
        assertTrue(reason.contains("no answer within 100 ms"), reason);
    }

    /** Fault test: a seeded mix of answers; every match is delivered or dead-lettered, and counters agree. */
    @Test
    void everyMatchIsDeliveredOrDeadLetteredUnderFaults() throws Exception {
        long seed = 42;
        System.out.println("WebhookDeliveryTest fault seed " + seed);
        java.util.Random random = new java.util.Random(seed);
        int[] script = new int[5000];
        int[] answers = {200, 200, 200, 200, 201, 503, 500, 429, 408, 400, ScriptedServer.DROP};
        for (int i = 0; i < script.length; i++) {
            script[i] = answers[random.nextInt(answers.length)];
        }
        start(new ScriptedServer(n -> script[(n - 1) % script.length]), Map.of());
        router.putRoute("twins", "hook", "STARTS_WITH(type, 'Microsoft.DigitalTwins.Twin.')");
        int n = 300;
        int matches = 0;
        for (int i = 0; i < n; i++) {
            byte[] e = i % 3 == 0 ? Events.telemetry("e" + i, "t" + i % 7, i) : Events.twinUpdate("e" + i, "t" + i % 7, i);
            matches += router.route(e);
        }
        assertTrue(router.awaitIdle(Duration.ofSeconds(30)));
        RouterStats stats = router.stats();
        DeliveryCounts hook = stats.endpoint("hook");
        assertEquals(matches, hook.matched());
        assertEquals(matches, hook.delivered() + hook.deadLettered());
        assertEquals(hook.deadLettered(), hook.failed());
        assertEquals(server.accepted().size(), hook.delivered());
        assertEquals(deadLetters().size(), hook.deadLettered());
        assertEquals(server.requests().size(), matches + hook.retried(),
                "every request beyond the first of an event is counted as a retry");
        assertEquals(hook.matched(), stats.route("r").matched() + stats.route("twins").matched());
        assertEquals(hook.delivered(), stats.route("r").delivered() + stats.route("twins").delivered());
        // Each event reached the server or the dead letters once per route it matched.
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < n; i++) {
            expected.put("e" + i, i % 3 == 0 ? 1 : 2);
        }
        Map<String, Integer> actual = new HashMap<>();
        for (ScriptedServer.Request r : server.accepted()) {
            actual.merge((String) JsonEvent.parse(r.body()).attribute("id"), 1, Integer::sum);
        }
        for (Path p : deadLetters()) {
            actual.merge((String) JsonEvent.parse(Files.readAllBytes(p)).attribute("id"), 1, Integer::sum);
        }
        assertEquals(expected, actual);
        assertTrue(hook.retried() > 0 && hook.deadLettered() > 0 && hook.delivered() > 0, hook.toString());
    }
}
