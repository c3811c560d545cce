package io.eventroute.runtime.endpoint;

/**
 * A failed send, classified: transient failures (timeouts, throttling, 5xx, a dropped connection)
 * are retried with backoff; permanent ones (authentication, 4xx other than 408/429, an entity that
 * does not exist) go to dead letter at once. The client's exception is kept as the cause (a copy with
 * secrets replaced by {@code ***} when its messages held any); neither message nor cause contains
 * secrets. Thread-safe once thrown.
 */
public final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;

    /** A failure caused by {@code cause} (null when there is none); both must be free of secrets. */
    public DeliveryException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public DeliveryException(String message, boolean transientFailure) {
        this(message, transientFailure, null);
    }

    /** True when retrying may succeed. */
    public boolean isTransient() {
        return transientFailure;
    }
}
