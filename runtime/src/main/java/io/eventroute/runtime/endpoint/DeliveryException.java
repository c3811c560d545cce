package io.eventroute.runtime.endpoint;

/**
 * A failed send, classified: transient failures (timeouts, throttling, 5xx, a dropped connection)
 * are retried with backoff; permanent ones (authentication, 4xx other than 408/429, an entity that
 * does not exist) go to dead letter at once. Messages never contain secrets.
 */
public final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;

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
