package io.eventroute.runtime;

/** A route store could not be opened, read or written; the message says which and why. */
public final class RouteStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RouteStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
