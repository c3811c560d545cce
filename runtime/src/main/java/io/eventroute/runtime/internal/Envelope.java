package io.eventroute.runtime.internal;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.JsonNull;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.event.InvalidEventException;
import io.eventroute.runtime.event.JsonEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a matched event every route's {@link OutgoingEvent} shares, worked out once per event:
 * id, partition key, attributes, content type and the {@code data} bytes. Immutable; thread-safe.
 */
public final class Envelope {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] REQUIRED = {"specversion", "id", "source", "type"};

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
     * Checks that {@code view} has the attributes every CloudEvent needs, each a non-empty string.
     *
     * @throws InvalidEventException naming the first that is missing or wrong
     */
    public static void requireCloudEvent(EventView view) {
        if (view instanceof JsonEvent je) {
            je.requireCloudEvent();
            return;
        }
        for (String name : REQUIRED) {
            Object v = view.attribute(name);
            if (!(v instanceof String s) || s.isEmpty()) {
                throw new InvalidEventException("the event's '" + name + "' attribute must be a non-empty string"
                        + (v == null ? ", and it has none" : ""));
            }
        }
    }

    /** The envelope of {@code view}, whose structured-mode JSON is {@code json}. */
    public static Envelope of(EventView view, byte[] json) {
        JsonEvent parsed = view instanceof JsonEvent je ? je : JsonEvent.parse(json);
        Map<String, Object> attributes = new HashMap<>(parsed.attributes());
        Object contentType = attributes.remove("datacontenttype");
        String type = string(attributes.get("type"));
        String subject = string(attributes.get("subject"));
        String source = string(attributes.get("source"));
        return new Envelope((String) view.attribute("id"), partitionKey(type, subject, source), json,
                Map.copyOf(attributes), contentType instanceof String s ? s : null, dataBytes(parsed, json));
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

    /**
     * The twin an event is about, so one twin's events can be kept in order: the subject of twin
     * events, the twin part of a relationship's {@code <twin>/relationships/<rel>} subject, the twin at
     * the end of a telemetry source {@code <host>/digitaltwins/<twin>}; else the subject; else null.
     */
    static String partitionKey(String type, String subject, String source) {
        boolean telemetry = "microsoft.iot.telemetry".equalsIgnoreCase(type);
        if (!telemetry && subject != null) {
            int rel = subject.indexOf("/relationships/");
            return rel > 0 ? subject.substring(0, rel) : subject;
        }
        if (source != null) {
            int at = source.lastIndexOf("/digitaltwins/");
            if (at >= 0 && at + "/digitaltwins/".length() < source.length()) {
                return source.substring(at + "/digitaltwins/".length());
            }
        }
        return subject;
    }

    private static String string(Object o) {
        return o instanceof String s ? s : null;
    }

    /**
     * The {@code data} member's bytes exactly as they appear in UTF-8 input, the decoded
     * {@code data_base64}, or (for UTF-16/32 input) {@code data} written anew; null when there is none.
     */
    private static byte[] dataBytes(JsonEvent parsed, byte[] json) {
        if (parsed.data() == null && !parsed.hasDataBase64()) {
            return null;
        }
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("data")) {
                    long start = p.currentTokenLocation().getByteOffset();
                    // Strings are read lazily; finishing the token moves the location past it.
                    p.finishToken();
                    p.skipChildren();
                    long end = p.currentLocation().getByteOffset();
                    if (start >= 0 && end > start && isUtf8(json)) {
                        byte[] slice = Arrays.copyOfRange(json, (int) start, (int) end);
                        return value.isStructStart() ? slice : trimScalar(slice);
                    }
                    return write(parsed.data());
                } else if (name.equals("data_base64") && value == JsonToken.VALUE_STRING) {
                    return p.getBinaryValue(Base64Variants.MIME_NO_LINEFEEDS);
                } else {
                    p.skipChildren();
                }
            }
            return null;
        } catch (IOException e) {
            // The event was parsed before, so only a malformed data_base64 can get here.
            return null;
        }
    }

    // Jackson may end a scalar's location past the delimiter it looked at; no scalar ends in one.
    private static byte[] trimScalar(byte[] b) {
        int end = b.length;
        while (end > 0 && (b[end - 1] == ',' || b[end - 1] == '}' || b[end - 1] == ' ' || b[end - 1] == '\n'
                || b[end - 1] == '\r' || b[end - 1] == '\t')) {
            end--;
        }
        return end == b.length ? b : Arrays.copyOf(b, end);
    }

    private static boolean isUtf8(byte[] b) {
        return b.length < 2 || !(b[0] == 0 || b[1] == 0 || (b[0] == (byte) 0xFE && b[1] == (byte) 0xFF)
                || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE));
    }

    /** {@code value} of the event value model as JSON bytes. */
    static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeValue(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof BigInteger bi) {
            g.writeNumber(bi);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v == null || v instanceof JsonNull) {
            g.writeNull();
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
