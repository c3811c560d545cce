package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.memory.MemoryEndpoint;
import io.eventroute.runtime.endpoint.peers.HttpsPeer;
import io.eventroute.runtime.endpoint.peers.LatencyProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many sends in flight per endpoint with each twin's order kept, against real peers on loopback behind
 * a {@link LatencyProxy}: every event delivered, each twin's events in input order at the peer, a
 * failing twin holding back no other, and the drain at the end going on while events are delivered.
 */
class ConcurrentDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String twin(int i, int twins) {
        return "twin-" + i % twins;
    }

    private static int route(Router router, int events, int twins) {
        for (int i = 0; i < events; i++) {
            router.route(Events.twinUpdate("e" + i, twin(i, twins), i));
        }
        return events;
    }

    /** The event indexes of the requests' bodies (one event, or an array of them), in arrival order. */
    private static List<Integer> indexes(List<ScriptedServer.Request> requests) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (ScriptedServer.Request r : requests) {
            JsonNode body = JSON.readTree(r.body());
            for (JsonNode e : body.isArray() ? body : List.of(body)) {
                out.add(Integer.parseInt(e.get("id").asText().substring(1)));
            }
        }
        return out;
    }

    /** Every event {@code 0..events-1} exactly once, and each twin's in input order. */
    static void assertEachTwinInOrder(List<Integer> arrived, int events, int twins) {
        assertEquals(events, arrived.size(), "events at the peer");
        Map<Integer, Integer> last = new HashMap<>();
        for (int i : arrived) {
            Integer before = last.put(i % twins, i);
            assertTrue(before == null ? i == i % twins : i == before + twins,
                    "twin " + i % twins + ": event " + i + " arrived after " + before);
        }
    }

    private long deadLetterFiles() throws IOException {
        Path root = dir.resolve("dead");
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".reason.json")).count();
        }
    }

    @ParameterizedTest(name = "batch={0}")
    @ValueSource(booleans = {false, true})
    void webhookDeliversEveryTwinInOrderThroughALatencyProxy(boolean batch) throws Exception {
        int events = 5000;
        int twins = 1000;
        try (ScriptedServer server = new ScriptedServer(n -> 200);
                LatencyProxy proxy = new LatencyProxy(server.port(), 10);
                Router router = Router.builder().deadLetterDirectory(dir.resolve("dead")).build()) {
            router.putEndpoint("hook", "webhook", Map.of("url", "http://127.0.0.1:" + proxy.port() + "/x",
                    "batch", Boolean.toString(batch)));
            router.putRoute("r", "hook", "true");
            route(router, events, twins);
            assertTrue(router.close(Duration.ofSeconds(30)));
            assertEquals(new DeliveryCounts(events, events, 0, 0, 0), router.stats().endpoint("hook"));
            assertEachTwinInOrder(indexes(server.accepted()), events, twins);
        }
    }

    @Test
    void eventGridDeliversEveryTwinInOrderThroughALatencyProxy() throws Exception {
        int events = 5000;
        int twins = 1000;
        try (HttpsPeer peer = HttpsPeer.start();
                LatencyProxy proxy = new LatencyProxy(peer.port(), 10);
                Router router = Router.builder().deadLetterDirectory(dir.resolve("dead")).build()) {
            router.putEndpoint("grid", "eventgrid", Map.of("endpoint", "https://127.0.0.1:" + proxy.port() + "/api/events",
                    "key", "concurrent-test-key", "trustCertificate", HttpsPeer.certificate().toString()));
            router.putRoute("r", "grid", "true");
            route(router, events, twins);
            assertTrue(router.close(Duration.ofSeconds(30)));
            assertEquals(new DeliveryCounts(events, events, 0, 0, 0), router.stats().endpoint("grid"));
            List<Integer> arrived = new ArrayList<>();
            for (HttpsPeer.Answer a : peer.answers()) {
                assertTrue(a.accepted());
                for (JsonNode e : JSON.readTree(a.request().body())) {
                    arrived.add(Integer.parseInt(e.get("id").asText().substring(1)));
                }
            }
            assertEachTwinInOrder(arrived, events, twins);
        }
    }

    @ParameterizedTest(name = "kind={0}")
    @ValueSource(strings = {"file", "memory"})
    void localKindsKeepEachTwinsOrderWithManySendsInFlight(String kind) throws Exception {
        int events = 5000;
        int twins = 1000;
        Path file = dir.resolve("out.jsonl");
        Map<String, String> settings = kind.equals("file") ? Map.of("path", file.toString(), "maxBatchCount", "7")
                : Map.of("maxBatchCount", "7");
        List<Integer> arrived = new ArrayList<>();
        try (Router router = Router.builder().delivery(DeliveryOptions.defaults().withMaxConcurrency(4)).build()) {
            router.putEndpoint("local", kind, settings);
            router.putRoute("r", "local", "true");
            route(router, events, twins);
            assertTrue(router.awaitIdle(Duration.ofSeconds(60)));
            assertEquals(new DeliveryCounts(events, events, 0, 0, 0), router.stats().endpoint("local"));
            if (kind.equals("memory")) {
                for (OutgoingEvent e : router.sender("local", MemoryEndpoint.class).orElseThrow().events()) {
                    arrived.add(Integer.parseInt(e.eventId().substring(1)));
                }
            }
        }
        if (kind.equals("file")) {
            for (String line : Files.readAllLines(file)) {
                arrived.add(Integer.parseInt(JSON.readTree(line).get("id").asText().substring(1)));
            }
        }
        assertEachTwinInOrder(arrived, events, twins);
    }

    /**
     * A twin whose every request is refused with 503 and retried for minutes: every other twin's events
     * are delivered meanwhile, and closing dead-letters the failing twin's once nothing moves.
     */
    @ParameterizedTest(name = "batch={0}")
    @ValueSource(booleans = {false, true})
    void aTwinThatKeepsFailingHoldsBackNoOtherTwin(boolean batch) throws Exception {
        int bad = 10;
        int others = 500;
        DeliveryOptions patient = DeliveryOptions.defaults().withMaxAttempts(10_000)
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100)).withMaxRetryTime(Duration.ofMinutes(10));
        try (ScriptedServer server = new ScriptedServer((n, body) -> body.contains("\"subject\":\"twin-bad\"") ? 503 : 200)) {
            Router router = Router.builder().delivery(patient).deadLetterDirectory(dir.resolve("dead")).build();
            router.putEndpoint("hook", "webhook", Map.of("url", server.url("/x"), "batch", Boolean.toString(batch)));
            router.putRoute("r", "hook", "true");
            for (int i = 0; i < bad; i++) {
                router.route(Events.twinUpdate("bad" + i, "twin-bad", i));
            }
            route(router, others, 100);
            Conditions.await("every other twin's events to be delivered",
                    () -> router.stats().endpoint("hook").delivered() == others);
            DeliveryCounts meanwhile = router.stats().endpoint("hook");
            assertEquals(bad, meanwhile.pending(), "the failing twin's events are still being retried: " + meanwhile);
            assertEquals(0, meanwhile.deadLettered());
            assertEachTwinInOrder(indexes(server.accepted()), others, 100);
            // Nothing moves any more: the drain ends after the close timeout, and the failing twin goes to dead letters.
            assertTrue(router.close(Duration.ofMillis(300)));
            assertEquals(new DeliveryCounts(bad + others, others, router.stats().endpoint("hook").retried(), bad, bad),
                    router.stats().endpoint("hook"));
            assertEquals(bad, deadLetterFiles());
        }
    }

    /**
     * A peer refusing 30% of requests with 503 and stalling 1.5 s on 2% of them, behind 10 ms of latency:
     * at default settings, everything is delivered, nothing dead-lettered, each twin in order.
     */
    @Test
    void aFlakyPeerLosesNothingAtDefaultSettings() throws Exception {
        long seed = Seeds.announce("ConcurrentDeliveryTest.aFlakyPeerLosesNothingAtDefaultSettings");
        int events = 2000;
        int twins = 400;
        int[] script = new int[10_000];
        Random random = new Random(seed);
        for (int i = 0; i < script.length; i++) {
            int r = random.nextInt(100);
            script[i] = r < 30 ? 503 : r < 32 ? -200 : 200; // -200: 200 after a stall
        }
        try (ScriptedServer server = new ScriptedServer(n -> {
                    int s = script[(n - 1) % script.length];
                    if (s == -200) {
                        try {
                            Thread.sleep(1500); // the peer's stall, not the test's wait
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return 200;
                    }
                    return s;
                });
                LatencyProxy proxy = new LatencyProxy(server.port(), 10);
                Router router = Router.builder().deadLetterDirectory(dir.resolve("dead")).build()) {
            router.putEndpoint("hook", "webhook", Map.of("url", "http://127.0.0.1:" + proxy.port() + "/x"));
            router.putRoute("r", "hook", "true");
            route(router, events, twins);
            assertTrue(router.close(DeliveryOptions.defaults().closeTimeout()));
            DeliveryCounts c = router.stats().endpoint("hook");
            assertEquals(new DeliveryCounts(events, events, c.retried(), 0, 0), c);
            assertTrue(c.retried() > 0, "the peer refused some");
            assertEquals(0, deadLetterFiles());
            assertEachTwinInOrder(indexes(server.accepted()), events, twins);
        }
    }

    /**
     * An endpoint slower than the close timeout as a whole but delivering all along: closing waits for
     * it rather than dead-lettering what is queued.
     */
    @Test
    void closingWaitsForAnEndpointThatKeepsDelivering() throws Exception {
        int events = 300;
        try (ScriptedServer server = new ScriptedServer(n -> 200);
                LatencyProxy proxy = new LatencyProxy(server.port(), 10)) {
            Router router = Router.builder().deadLetterDirectory(dir.resolve("dead"))
                    .delivery(DeliveryOptions.defaults().withMaxConcurrency(1)).build();
            router.putEndpoint("hook", "webhook", Map.of("url", "http://127.0.0.1:" + proxy.port() + "/x"));
            router.putRoute("r", "hook", "true");
            route(router, events, 7);
            // One request at a time, each over 20 ms of added round trip: about 6 s in all, the timeout 2 s.
            assertTrue(router.close(Duration.ofSeconds(2)));
            assertEquals(new DeliveryCounts(events, events, 0, 0, 0), router.stats().endpoint("hook"));
            assertEquals(0, deadLetterFiles());
            assertEachTwinInOrder(indexes(server.accepted()), events, 7);
        }
    }
}
