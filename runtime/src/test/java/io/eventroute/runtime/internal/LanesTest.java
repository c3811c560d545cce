package io.eventroute.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.event.JsonEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A worker lingering for its batch to fill is woken when a batch's worth is queued, or the lanes close. */
class LanesTest {
    private static Pending pending(int i) {
        byte[] json = ("{\"specversion\":\"1.0\",\"id\":\"e" + i + "\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"twin-"
                + i + "\"}").getBytes(StandardCharsets.UTF_8);
        return new Pending(Envelope.of(JsonEvent.parse(json), json).forRoute("r"), null, new Counts(), System.nanoTime());
    }

    @Test
    void aLingeringWorkerIsWokenByABatchsWorthNotByEachEvent() throws Exception {
        Lanes lanes = new Lanes(100, 5, 1 << 20);
        lanes.put(pending(0));
        Lanes.Batch batch = lanes.take(0);
        assertEquals(1, batch.slots().size());
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                lanes.awaitBatchWorth(TimeUnit.SECONDS.toNanos(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return System.nanoTime() - start;
        });
        for (int i = 1; i <= 4; i++) {
            lanes.put(pending(i));
        }
        Thread.sleep(200);
        assertTrue(!waited.isDone(), "4 queued events are not a batch's worth (5): still waiting");
        lanes.put(pending(5));
        waited.get(30, TimeUnit.SECONDS); // woken by the fifth, long before its 60 s
        assertTrue(!lanes.topUp(batch), "the batch is full after the top-up");
        assertEquals(5, batch.slots().size());
    }

    @Test
    void closingWakesALingeringWorkerAndAFullQueueDoesNotWait() throws Exception {
        Lanes lanes = new Lanes(100, 3, 1 << 20);
        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
            try {
                lanes.awaitBatchWorth(TimeUnit.SECONDS.toNanos(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        lanes.close();
        waited.get(30, TimeUnit.SECONDS);

        Lanes full = new Lanes(100, 3, 1 << 20);
        for (int i = 0; i < 3; i++) {
            full.put(pending(i));
        }
        long start = System.nanoTime();
        full.awaitBatchWorth(TimeUnit.SECONDS.toNanos(60));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "a batch's worth is there: no wait");
    }
}
