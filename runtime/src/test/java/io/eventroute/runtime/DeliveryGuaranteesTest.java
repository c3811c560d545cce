package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.event.JsonEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ordering per twin, backpressure and draining on close, against a real HTTP server on loopback. */
class DeliveryGuaranteesTest {
    @TempDir
    Path dir;

    @Test
    void keepsEachTwinsEventsInOrderThroughRetries() throws Exception {
        long seed = 7;
        System.out.println("DeliveryGuaranteesTest ordering seed " + seed);
        Random random = new Random(seed);
        int[] script = new int[4000];
        for (int i = 0; i < script.length; i++) {
            int r = random.nextInt(10);
            script[i] = r < 2 ? 503 : r < 3 ? ScriptedServer.DROP : 200;
        }
        try (ScriptedServer server = new ScriptedServer(n -> script[(n - 1) % script.length]);
                Router router = Router.builder().delivery(WebhookDeliveryTest.FAST.withMaxAttempts(50)).build()) {
            router.putEndpoint("hook", "webhook", Map.of("url", server.url("/x"), "batch", "true",
                    "maxBatchCount", "7"));
            router.putRoute("r", "hook", "true");
            int n = 400;
            for (int i = 0; i < n; i++) {
                // twin updates, relationship events and telemetry of the same twins, interleaved
                String twin = "twin-" + i % 6;
                byte[] e = i % 3 == 0 ? Events.twinUpdate("e" + i, twin, i)
                        : i % 3 == 1 ? Events.relationshipCreate("e" + i, twin, "rel" + i) : Events.telemetry("e" + i, twin, i);
                router.route(e);
            }
            assertTrue(router.awaitIdle(Duration.ofSeconds(30)));
            assertEquals(new DeliveryCounts(n, n, router.stats().endpoint("hook").retried(), 0, 0),
                    router.stats().endpoint("hook"));
            assertTrue(router.stats().endpoint("hook").retried() > 0);
            Map<String, List<Integer>> perTwin = new HashMap<>();
            for (ScriptedServer.Request r : server.accepted()) {
                for (String part : r.body().substring(1, r.body().length() - 1).split("(?<=\\}\\}),(?=\\{)")) {
                    JsonEvent ev = JsonEvent.parse(part);
                    int i = Integer.parseInt(((String) ev.attribute("id")).substring(1));
                    perTwin.computeIfAbsent("twin-" + i % 6, k -> new ArrayList<>()).add(i);
                }
            }
            assertEquals(6, perTwin.size());
            int total = 0;
            for (List<Integer> ids : perTwin.values()) {
                List<Integer> sorted = new ArrayList<>(ids);
                sorted.sort(null);
                assertEquals(sorted, ids);
                total += ids.size();
            }
            assertEquals(n, total);
        }
    }

    @Test
    void aSlowEndpointBlocksTheProducerAndLosesNothing() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger arrived = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer(n -> {
                    arrived.incrementAndGet();
                    Conditions.awaitUninterruptibly(answer);
                    return 200;
                });
                Router router = Router.builder().delivery(WebhookDeliveryTest.FAST.withQueueCapacity(5)
                        .withSendTimeout(Duration.ofMinutes(2))).build()) {
            router.putEndpoint("slow", "webhook", Map.of("url", server.url("/x")));
            router.putEndpoint("mem", "memory", Map.of());
            router.putRoute("r", "slow", "true");
            router.putRoute("m", "mem", "true");
            AtomicInteger routed = new AtomicInteger();
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 40; i++) {
                    router.route(Events.twinUpdate("e" + i, "room-1", i));
                    routed.incrementAndGet();
                }
            }, "producer");
            producer.start();
            // The server holds its first request; the queue holds five; the producer then waits to queue the
            // next event, which it has already counted matched. The first request is in flight before the
            // producer is looked at: until the worker takes it, the queue fills a step earlier, and the counts
            // would move between the two reads below.
            Conditions.await("the first request to reach the server", () -> arrived.get() == 1);
            // Waiting for room, not merely passing through enqueue (which takes the queue's lock for a moment).
            Conditions.await("the producer to wait for queue space", () -> {
                StackTraceElement[] stack = producer.getStackTrace();
                return Arrays.stream(stack).anyMatch(f -> f.getMethodName().startsWith("enqueue")
                        && f.getClassName().endsWith("EndpointWorker"))
                        && Arrays.stream(stack).anyMatch(f -> f.getMethodName().startsWith("await"));
            });
            // One in flight and five queued; the seventh, which the producer waits to queue, is counted matched.
            assertEquals(6, routed.get(), "routed before waiting");
            assertEquals(7, router.stats().endpoint("slow").pending(),
                    "the waiting event is counted matched, and none was dropped");
            assertEquals(1, arrived.get(), "one request at a time to a twin's endpoint");
            answer.countDown();
            producer.join();
            assertTrue(router.awaitIdle(Duration.ofSeconds(30)));
            assertEquals(40, server.accepted().size());
            assertEquals(new DeliveryCounts(40, 40, 0, 0, 0), router.stats().endpoint("slow"));
            assertEquals(40, router.stats().endpoint("mem").delivered());
        }
    }

    @Test
    void closeDrainsQueuedEvents() throws Exception {
        ScriptedServer server = new ScriptedServer(n -> n % 4 == 0 ? 503 : 200);
        server.delay(5);
        Router router = Router.builder().delivery(WebhookDeliveryTest.FAST).build();
        router.putEndpoint("hook", "webhook", Map.of("url", server.url("/x")));
        router.putRoute("r", "hook", "true");
        for (int i = 0; i < 100; i++) {
            router.route(Events.twinUpdate("e" + i, "room-1", i));
        }
        assertTrue(router.stats().endpoint("hook").pending() > 0);
        assertTrue(router.close(Duration.ofSeconds(20)));
        server.close();
        assertEquals(new DeliveryCounts(100, 100, router.stats().endpoint("hook").retried(), 0, 0),
                router.stats().endpoint("hook"));
        assertEquals(100, server.accepted().size());
        assertThrows(IllegalStateException.class, () -> router.route(Events.twinUpdate("late", "room-1", 1)));
    }

    @Test
    void closeDeadLettersWhatItCannotDeliverBeforeTheDeadline() throws Exception {
        Path dead = dir.resolve("dead");
        try (ScriptedServer server = new ScriptedServer(n -> 503)) {
            Router router = Router.builder().deadLetterDirectory(dead).delivery(WebhookDeliveryTest.FAST
                    .withMaxAttempts(1000).withBackoff(Duration.ofMillis(50), Duration.ofMillis(50))
                    .withMaxRetryTime(Duration.ofMinutes(5))).build();
            router.putEndpoint("hook", "webhook", Map.of("url", server.url("/x")));
            router.putRoute("r", "hook", "true");
            for (int i = 0; i < 20; i++) {
                router.route(Events.twinUpdate("e" + i, "room-1", i));
            }
            long start = System.nanoTime();
            router.close(Duration.ofMillis(300));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis < 3000, "close took " + tookMillis + " ms");
            DeliveryCounts c = router.stats().endpoint("hook");
            assertEquals(new DeliveryCounts(20, 0, c.retried(), 20, 20), c);
            long files;
            try (Stream<Path> s = Files.walk(dead)) {
                files = s.filter(p -> p.toString().endsWith(".reason.json")).count();
            }
            assertEquals(20, files);
            assertFalse(server.requests().isEmpty());
        }
    }
}
