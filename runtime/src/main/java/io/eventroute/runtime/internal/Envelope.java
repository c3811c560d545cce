package io.eventroute.runtime.internal;

import io.eventroute.compiler.EventView;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.event.CloudEventFormat;
import io.eventroute.runtime.event.ReadPlan;
import io.eventroute.runtime.event.SelectiveEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a matched event every route's {@link OutgoingEvent} shares, worked out once per event:
 * id, partition key, attributes, content type and the {@code data} bytes. Immutable; thread-safe.
 */
public final class Envelope {
    private static final ReadPlan NOTHING = ReadPlan.of(Set.of(), Set.of());

    private final String id;
    private final String partitionKey;
    private final byte[] json;
    private final Map<String, Object> attributes;
    private final String dataContentType;
    private final byte[] data;

    private Envelope(String id, String partitionKey, byte[] json, Map<String, Object> attributes,
            String dataContentType, byte[] data) {
        this.id = id;
        this.partitionKey = partitionKey;
        this.json = json;
        this.attributes = attributes;
        this.dataContentType = dataContentType;
        this.data = data;
    }

    /**
     * The envelope of {@code view}, whose structured-mode JSON is {@code json}: when the view is the
     * reader that has just read {@code json}, the attributes and data come from the positions it kept;
     * else {@code json} is read again.
     */
    public static Envelope of(EventView view, byte[] json) {
        SelectiveEvent read = view instanceof SelectiveEvent s ? s : new SelectiveEvent(NOTHING).read(json);
        // Straight into the immutable map every route's OutgoingEvent then shares (its Map.copyOf of an
        // immutable map copies nothing), without the content type, which has its own field.
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
        String key = CloudEventFormat.partitionKey(string(attributes.get("type")), string(attributes.get("subject")),
                string(attributes.get("source")));
        return new Envelope((String) view.attribute("id"), key, json, attributes,
                contentType[0] instanceof String ct ? ct : null, read.dataBytes());
    }

    private static String string(Object o) {
        return o instanceof String s ? s : null;
    }

    /** The event as it goes out on {@code routeId}. */
    public OutgoingEvent forRoute(String routeId) {
        return new OutgoingEvent(routeId, id, partitionKey, json, attributes, dataContentType, data);
    }

    public String id() {
        return id;
    }

    public String partitionKey() {
        return partitionKey;
    }
}
