package io.eventroute.runtime.endpoint.internal;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * Blocks on an Azure client's {@link Mono} for at most the time left before a deadline, so no call
 * into a client can hang (some wait forever for a reply that never comes). Stateless; thread-safe.
 */
public final class Await {
    private Await() {
    }

    /** A deadline {@code timeout} from now, in {@link System#nanoTime()} terms. */
    public static long deadline(Duration timeout) {
        return System.nanoTime() + Math.max(1, timeout.toNanos());
    }

    /**
     * The value of {@code call} (null when it completes empty), or a {@link TimeoutException} wrapped
     * in a runtime exception when the deadline passes first; the call is then cancelled.
     */
    public static <T> T until(long deadline, Mono<T> call) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new IllegalStateException(new TimeoutException("no time left before the deadline"));
        }
        return call.timeout(Duration.ofNanos(left)).block();
    }
}
