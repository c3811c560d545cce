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
    void aLingeringWorkerIsWokenWhenItsBatchCanBeFilledNotByEachEvent() throws Exception {
        Lanes lanes = new Lanes(100, 5, 1 << 20);
        lanes.putAll(java.util.List.of(pending(0)));
        Lanes.Batch batch = lanes.take(0);
        assertEquals(1, batch.slots().size());
        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
            try {
                lanes.awaitMore(4, TimeUnit.SECONDS.toNanos(60)); // what the batch of 5 lacks
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (!lanes.awaitingMore()) { // counted from when it starts waiting: let it start
            Thread.sleep(10);
        }
        for (int i = 1; i <= 3; i++) {
            lanes.putAll(java.util.List.of(pending(i)));
        }
        Thread.sleep(200);
        assertTrue(!waited.isDone(), "3 of the 4 wanted: still waiting");
        lanes.putAll(java.util.List.of(pending(4)));
        waited.get(30, TimeUnit.SECONDS); // woken by the fourth, long before its 60 s
        assertTrue(!lanes.topUp(batch), "the batch is full after the top-up");
        assertEquals(5, batch.slots().size());
    }

    @Test
    void closingWakesALingeringWorker() throws Exception {
        Lanes lanes = new Lanes(100, 3, 1 << 20);
        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
            try {
                lanes.awaitMore(3, TimeUnit.SECONDS.toNanos(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        lanes.close();
        waited.get(30, TimeUnit.SECONDS);
    }

    @Test
    void eventsParkedForABackoffDoNotWakeALingeringWorker() throws Exception {
        // A batch's worth is queued but parked for an hour: waiting for more must wait, not return at once
        // (a worker lingering on events it cannot take would spin for its whole linger, batch after batch).
        Lanes lanes = new Lanes(100, 3, 1 << 20);
        for (int i = 0; i < 3; i++) {
            lanes.putAll(java.util.List.of(pending(i)));
        }
        Lanes.Batch failed = lanes.take(0);
        assertEquals(3, failed.slots().size());
        lanes.release(failed, failed.slots(), true, System.nanoTime() + TimeUnit.HOURS.toNanos(1));
        long start = System.nanoTime();
        lanes.awaitMore(3, TimeUnit.MILLISECONDS.toNanos(300));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "returned before its wait was up");
    }

    @Test
    void putAllWaitsForRoomLettingTheWorkerTakeWhatWasPutBeforeAndStopsWhenClosed() throws Exception {
        Lanes lanes = new Lanes(2, 10, 1 << 20);
        java.util.List<Pending> five = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(pending(i));
        }
        CompletableFuture<Integer> put = CompletableFuture.supplyAsync(() -> {
            try {
                return lanes.putAll(five);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        java.util.List<String> taken = new java.util.ArrayList<>();
        while (taken.size() < 5) {
            Lanes.Batch b = lanes.take(TimeUnit.SECONDS.toNanos(30));
            assertTrue(b != null, "the producer left the worker nothing to take while it waited for room");
            assertTrue(b.slots().size() <= 2, "never more than the capacity queued");
            for (Lanes.Slot s : b.slots()) {
                taken.add(s.pending.event().eventId());
            }
            lanes.release(b, java.util.List.of(), false, 0);
        }
        assertEquals(5, put.get(30, TimeUnit.SECONDS));
        assertEquals(java.util.List.of("e0", "e1", "e2", "e3", "e4"), taken);
        lanes.close();
        assertEquals(0, lanes.putAll(five), "closed lanes take nothing");
    }
}
