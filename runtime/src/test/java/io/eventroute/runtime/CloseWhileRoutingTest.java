package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.endpoint.memory.MemoryEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Every matched event ends delivered or counted failed, and {@code close} says true only then, while
 * producers route during endpoint replacements and during the close itself. Small queues and no linger
 * make the windows between a producer's check and its offer as frequent as they can be.
 */
class CloseWhileRoutingTest {
    private static final DeliveryOptions TIGHT = DeliveryOptions.defaults().withQueueCapacity(4)
            .withLinger(Duration.ZERO).withCloseTimeout(Duration.ofSeconds(10));

    @Test
    void replacingEndpointsAndClosingLoseNoEvent() throws Exception {
        for (int round = 0; round < 40; round++) {
            String where = "round " + round;
            Router router = Router.builder().delivery(TIGHT).build();
            List<MemoryEndpoint> memories = new ArrayList<>();
            router.putEndpoint("m", "memory", Map.of());
            memories.add(router.sender("m", MemoryEndpoint.class).orElseThrow());
            router.putEndpoint("other", "memory", Map.of());
            router.putRoute("r", "m", "true");
            router.putRoute("updates", "other", "type = 'Microsoft.DigitalTwins.Twin.Update'");

            LongAdder routed = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int producer = t;
                Thread thread = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            routed.add(router.route(Events.twinUpdate("p" + producer + "-" + i, "twin-" + i % 5, i)));
                        } catch (IllegalStateException closed) {
                            return;
                        }
                    }
                }, "producer-" + t);
                thread.start();
                producers.add(thread);
            }
            for (int i = 0; i < 10; i++) {
                router.putEndpoint("m", "memory", Map.of());
                memories.add(router.sender("m", MemoryEndpoint.class).orElseThrow());
            }
            // Closing while the producers still route: some of their events race the close.
            boolean clean = router.close(Duration.ofSeconds(10));
            stop.set(true);
            for (Thread thread : producers) {
                thread.join();
            }

            assertTrue(clean, where);
            RouterStats stats = router.stats();
            DeliveryCounts r = stats.route("r");
            DeliveryCounts updates = stats.route("updates");
            assertEquals(routed.sum(), r.matched() + updates.matched(), where);
            assertEquals(0, r.pending(), where + ": " + r);
            assertEquals(0, updates.pending(), where + ": " + updates);
            assertEquals(0, stats.endpoint("m").pending(), where + ": " + stats.endpoint("m"));
            long received = 0;
            for (MemoryEndpoint m : memories) {
                received += m.size();
            }
            assertEquals(r.delivered(), received, where);
            assertEquals(r, stats.endpoint("m"), where);
        }
    }
}
