package io.eventroute.runtime.internal;

import io.eventroute.compiler.EventView;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.event.CloudEventFormat;

/**
 * What every route's {@link OutgoingEvent} of one matched event shares, worked out once per event: id,
 * partition key and the JSON bytes (the binary-mode parts are decoded from them only for a sender that
 * asks). Immutable; thread-safe.
 */
public final class Envelope {
    private final OutgoingEvent event;

    private Envelope(OutgoingEvent event) {
        this.event = event;
    }

    /**
     * The envelope of {@code view}, whose structured-mode JSON is {@code json}: the id and partition key
     * come from the view (the router's reader has them), the rest from {@code json} when asked for.
     */
    public static Envelope of(EventView view, byte[] json) {
        return new Envelope(OutgoingEvent.of("", (String) view.attribute("id"), CloudEventFormat.partitionKey(view), json));
    }

    /** The event as it goes out on {@code routeId}. */
    public OutgoingEvent forRoute(String routeId) {
        return event.forRoute(routeId);
    }

    public String id() {
        return event.eventId();
    }

    public String partitionKey() {
        return event.partitionKey();
    }
}
