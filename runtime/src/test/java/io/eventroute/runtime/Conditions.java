package io.eventroute.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * Waiting in tests on a condition, never for a time: a condition is polled until it holds, and only a
 * generous limit (a hang turned into a failure) bounds the wait.
 */
public final class Conditions {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private Conditions() {
    }

    /** Waits until {@code condition} holds; fails naming {@code what} once the limit has passed. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("still waiting after " + LIMIT.toSeconds() + " s for " + what);
            }
            Thread.sleep(1);
        }
    }

    /** Waits on {@code latch} without giving in to interrupts, as a client call that ignores them does. */
    public static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
