package io.eventroute.runtime.endpoint;

import java.util.Map;
import java.util.Objects;

/**
 * One matched event on its way to an endpoint, in the forms senders need: the structured-mode JSON
 * (for Event Grid, webhooks, files and dead letters), and the parts of the binary mode (attributes,
 * content type and the {@code data} bytes, for AMQP). Immutable; thread-safe.
 *
 * @param routeId the route that matched
 * @param eventId the event's {@code id}
 * @param partitionKey the twin the event is about (keeps one twin's events in order), or null
 * @param structuredJson the whole event as structured-mode JSON bytes, unchanged
 * @param attributes the context attributes other than {@code datacontenttype}, as JSON values
 * @param dataContentType the {@code datacontenttype}, or null
 * @param data the {@code data} member as JSON bytes, or null when the event has none
 */
public record OutgoingEvent(String routeId, String eventId, String partitionKey, byte[] structuredJson,
        Map<String, Object> attributes, String dataContentType, byte[] data) {
    public OutgoingEvent {
        Objects.requireNonNull(routeId, "routeId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(structuredJson, "structuredJson");
        attributes = Map.copyOf(attributes);
    }

    /** Size used for batching limits: the structured form's length. */
    public int sizeInBytes() {
        return structuredJson.length;
    }
}
