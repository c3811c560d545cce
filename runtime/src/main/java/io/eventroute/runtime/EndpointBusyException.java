package io.eventroute.runtime;

/**
 * An endpoint's queue had no room for an event routed with {@link Router#routeTracked}; nothing of
 * that event was queued, so the caller may send it again later (HTTP ingress answers 429).
 */
public final class EndpointBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String endpoint;

    /** Endpoint {@code endpoint} has no room for the event. */
    public EndpointBusyException(String endpoint) {
        super("endpoint '" + endpoint + "' has no room in its queue; send the event again later");
        this.endpoint = endpoint;
    }

    /** The endpoint whose queue was full. */
    public String endpoint() {
        return endpoint;
    }
}
