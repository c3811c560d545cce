package io.eventroute.runtime.endpoint;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed send, classified: transient failures (timeouts, throttling, 5xx, a dropped connection)
 * are retried with backoff; permanent ones (authentication, 4xx other than 408/429, an entity that
 * does not exist) go to dead letter at once. A transient failure may say how long the service asked
 * to wait (HTTP {@code Retry-After}, a server-busy error). The client's exception is kept as the cause
 * (a copy with secrets replaced by {@code ***} when its messages held any); neither message nor cause
 * contains secrets. Thread-safe once thrown.
 */
public final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;
    private final Duration retryAfter;

    /** A failure caused by {@code cause} (null when there is none); both must be free of secrets. */
    public DeliveryException(String message, boolean transientFailure, Throwable cause) {
        this(message, transientFailure, cause, null);
    }

    /** A failure after which the service asked to wait {@code retryAfter} (null when it did not say). */
    public DeliveryException(String message, boolean transientFailure, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
    }

    /** A failure without a cause; the message must be free of secrets. */
    public DeliveryException(String message, boolean transientFailure) {
        this(message, transientFailure, null);
    }

    /** True when retrying may succeed. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** How long the service asked to wait before the next attempt, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
