package io.eventroute.runtime.endpoint;

import io.eventroute.runtime.event.ReadPlan;
import io.eventroute.runtime.event.SelectiveEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One matched event on its way to an endpoint, in the forms senders need: the structured-mode JSON
 * (for Event Grid, webhooks, files and dead letters), and the parts of the binary mode (attributes,
 * content type and the {@code data} bytes, for AMQP). An event made {@linkplain #of from its JSON alone}
 * decodes those parts from it when a sender first asks, once for every route's copy
 * ({@link #forRoute}): senders that write the JSON as it is never pay for them. Immutable; thread-safe.
 */
public final class OutgoingEvent {
    private static final ReadPlan NOTHING = ReadPlan.of(Set.of(), Set.of());
    // A reader per sending thread: a reader's buffers and string cache are worth keeping from event to event.
    private static final ThreadLocal<SelectiveEvent> READERS = ThreadLocal.withInitial(() -> new SelectiveEvent(NOTHING));

    private final String routeId;
    private final String eventId;
    private final String partitionKey;
    private final byte[] structuredJson;
    // Shared by every route's copy of one event.
    private final Parts parts;

    /**
     * An event with its binary-mode parts given.
     *
     * @param routeId the route that matched
     * @param eventId the event's {@code id}
     * @param partitionKey the twin the event is about (keeps one twin's events in order), or null
     * @param structuredJson the whole event as structured-mode JSON bytes, unchanged
     * @param attributes the context attributes other than {@code datacontenttype}, as JSON values
     * @param dataContentType the {@code datacontenttype}, or null
     * @param data the {@code data} member as JSON bytes, or null when the event has none
     */
    public OutgoingEvent(String routeId, String eventId, String partitionKey, byte[] structuredJson,
            Map<String, Object> attributes, String dataContentType, byte[] data) {
        this(routeId, eventId, partitionKey, structuredJson, new Parts(null));
        parts.decoded = new Decoded(Map.copyOf(attributes), dataContentType, data);
    }

    private OutgoingEvent(String routeId, String eventId, String partitionKey, byte[] structuredJson, Parts parts) {
        this.routeId = Objects.requireNonNull(routeId, "routeId");
        this.eventId = Objects.requireNonNull(eventId, "eventId");
        this.partitionKey = partitionKey;
        this.structuredJson = Objects.requireNonNull(structuredJson, "structuredJson");
        this.parts = parts;
    }

    /**
     * An event whose binary-mode parts are decoded from {@code structuredJson} when first asked for;
     * {@code structuredJson} must be a CloudEvent the event reader accepts (one the router has read).
     */
    public static OutgoingEvent of(String routeId, String eventId, String partitionKey, byte[] structuredJson) {
        return new OutgoingEvent(routeId, eventId, partitionKey, structuredJson, new Parts(structuredJson));
    }

    /** This event as it goes out on route {@code routeId}, sharing its decoded parts. */
    public OutgoingEvent forRoute(String routeId) {
        return new OutgoingEvent(routeId, eventId, partitionKey, structuredJson, parts);
    }

    /** The route that matched. */
    public String routeId() {
        return routeId;
    }

    /** The event's {@code id}. */
    public String eventId() {
        return eventId;
    }

    /** The twin the event is about (keeps one twin's events in order), or null. */
    public String partitionKey() {
        return partitionKey;
    }

    /** The whole event as structured-mode JSON bytes, unchanged. */
    public byte[] structuredJson() {
        return structuredJson;
    }

    /** The context attributes other than {@code datacontenttype}, as JSON values. */
    public Map<String, Object> attributes() {
        return parts.get().attributes;
    }

    /** The {@code datacontenttype}, or null. */
    public String dataContentType() {
        return parts.get().dataContentType;
    }

    /** The {@code data} member as JSON bytes ({@code data_base64} decoded), or null when the event has none. */
    public byte[] data() {
        return parts.get().data;
    }

    /** Size used for batching limits: the structured form's length. */
    public int sizeInBytes() {
        return structuredJson.length;
    }

    @Override
    public String toString() {
        return "OutgoingEvent[routeId=" + routeId + ", eventId=" + eventId + ", partitionKey=" + partitionKey + "]";
    }

    private record Decoded(Map<String, Object> attributes, String dataContentType, byte[] data) {
    }

    /** The binary-mode parts, decoded at most once or twice (two threads may race; both get equal parts). */
    private static final class Parts {
        private final byte[] json;
        private volatile Decoded decoded;

        Parts(byte[] json) {
            this.json = json;
        }

        Decoded get() {
            Decoded d = decoded;
            if (d == null) {
                d = decode(json);
                decoded = d;
            }
            return d;
        }

        private static Decoded decode(byte[] json) {
            SelectiveEvent read = READERS.get().read(json);
            // Straight into an immutable map, without the content type, which has its own field.
            List<Map.Entry<String, Object>> entries = new ArrayList<>(12);
            Object[] contentType = new Object[1];
            read.forEachAttribute((name, value) -> {
                if (name.equals("datacontenttype")) {
                    contentType[0] = value;
                } else {
                    entries.add(Map.entry(name, value)); // names are distinct: the reader refuses repeated ones
                }
            });
            @SuppressWarnings("unchecked")
            Map<String, Object> attributes = Map.ofEntries(entries.toArray(new Map.Entry[0]));
            return new Decoded(attributes, contentType[0] instanceof String ct ? ct : null, read.dataBytes());
        }
    }
}
