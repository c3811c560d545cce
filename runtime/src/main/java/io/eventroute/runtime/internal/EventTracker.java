package io.eventroute.runtime.internal;

import io.eventroute.runtime.DeliveryOutcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts down the matches of one tracked event as they end, and completes its future with the
 * outcome when the last one has. Thread-safe: matches end on different endpoint threads.
 */
public final class EventTracker {
    private final int matched;
    private final AtomicInteger remaining;
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger deadLettered = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final CompletableFuture<DeliveryOutcome> done = new CompletableFuture<>();

    public EventTracker(int matched) {
        this.matched = matched;
        this.remaining = new AtomicInteger(matched);
        if (matched == 0) {
            done.complete(new DeliveryOutcome(0, 0, 0, 0));
        }
    }

    public CompletableFuture<DeliveryOutcome> future() {
        return done;
    }

    public void delivered() {
        delivered(1);
    }

    /** {@code count} matches delivered at once (one batch). */
    public void delivered(int count) {
        delivered.addAndGet(count);
        ended(count);
    }

    public void deadLettered() {
        deadLettered.incrementAndGet();
        ended();
    }

    public void lost() {
        lost.incrementAndGet();
        ended();
    }

    private void ended() {
        ended(1);
    }

    private void ended(int count) {
        if (remaining.addAndGet(-count) == 0) {
            done.complete(new DeliveryOutcome(matched, delivered.get(), deadLettered.get(), lost.get()));
        }
    }
}
