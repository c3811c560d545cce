package io.eventroute.runtime.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.types.Time;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.JsonNull;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules of the CloudEvents JSON event format that every part of eventroute shares, in one place:
 * the attributes every event must have ({@link #requireCloudEvent}), the twin an event is about, which
 * keys endpoints' partitions and Kafka records ({@link #partitionKey}), and how an SDK event or
 * binary-mode data is written as structured-mode JSON ({@link #toStructuredJson}, {@link #writeData}).
 * Stateless; thread-safe.
 */
public final class CloudEventFormat {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] REQUIRED = {"specversion", "id", "source", "type"};
    private static final String TWINS = "/digitaltwins/";

    /**
     * The attributes {@link #requireCloudEvent} and {@link #partitionKey(EventView)} read: what a router
     * has its reader decode from every event.
     */
    public static final Set<String> ROUTER_ATTRIBUTES = Set.of("specversion", "id", "source", "type", "subject");

    private CloudEventFormat() {
    }

    /**
     * Checks that the event has the attributes every CloudEvent must have: {@code specversion},
     * {@code id}, {@code source} and {@code type}, each a non-empty string; and (for events read from
     * JSON) not both {@code data} and {@code data_base64}. Evaluating a filter does not need this;
     * delivering an event does.
     *
     * @throws InvalidEventException naming the first attribute that is missing or not a non-empty string
     */
    public static void requireCloudEvent(EventView event) {
        for (String name : REQUIRED) {
            Object value = event.attribute(name);
            if (value == null) {
                throw new InvalidEventException(
                        "the event has no '" + name + "' attribute, which every CloudEvent needs");
            }
            if (!(value instanceof String s) || s.isEmpty()) {
                throw new InvalidEventException("the event's '" + name + "' attribute must be a non-empty string, not "
                        + (value instanceof String ? "an empty string" : typeName(value)));
            }
        }
        boolean both = event instanceof JsonEvent j ? j.data() != null && j.hasDataBase64()
                : event instanceof SelectiveEvent s && s.hasData() && s.hasDataBase64();
        if (both) {
            throw new InvalidEventException(
                    "the event has both 'data' and 'data_base64'; a CloudEvent has at most one");
        }
    }

    private static String typeName(Object v) {
        if (v instanceof Boolean) {
            return "a boolean";
        } else if (v instanceof Number) {
            return "a number";
        } else if (v instanceof JsonNull) {
            return "null";
        } else if (v instanceof List) {
            return "an array";
        }
        return "an object";
    }

    /** The {@link #partitionKey(String, String, String)} of an event's type, subject and source. */
    public static String partitionKey(EventView event) {
        return partitionKey(string(event.attribute("type")), string(event.attribute("subject")),
                string(event.attribute("source")));
    }

    private static String string(Object o) {
        return o instanceof String s ? s : null;
    }

    /**
     * The twin an event is about, so one twin's events can be kept in order: the subject of twin
     * events, the twin part of a relationship's {@code <twin>/relationships/<rel>} subject, the twin at
     * the end of a telemetry source {@code <host>/digitaltwins/<twin>}; else the subject; else null.
     */
    public static String partitionKey(String type, String subject, String source) {
        boolean telemetry = "microsoft.iot.telemetry".equalsIgnoreCase(type);
        if (!telemetry && subject != null) {
            int rel = subject.indexOf("/relationships/");
            return rel > 0 ? subject.substring(0, rel) : subject;
        }
        if (source != null) {
            int at = source.lastIndexOf(TWINS);
            if (at >= 0 && at + TWINS.length() < source.length()) {
                return source.substring(at + TWINS.length());
            }
        }
        return subject;
    }

    /**
     * An SDK event in the JSON event format (structured mode): context attributes and extensions as
     * members, {@code data} as JSON when the content type is JSON (or absent) and the bytes are JSON,
     * as a string for {@code text/*}, else as {@code data_base64}.
     */
    public static byte[] toStructuredJson(CloudEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("specversion", event.getSpecVersion().toString());
            for (String name : event.getAttributeNames()) {
                if (!name.equals("specversion")) {
                    writeMember(g, name, event.getAttribute(name));
                }
            }
            for (String name : event.getExtensionNames()) {
                writeMember(g, name, event.getExtension(name));
            }
            CloudEventData data = event.getData();
            if (data != null) {
                writeData(g, event.getDataContentType(), data.toBytes());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeMember(JsonGenerator g, String name, Object value) throws IOException {
        if (value == null) {
            return;
        }
        g.writeFieldName(name);
        if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Number n) {
            g.writeNumber(n.toString());
        } else if (value instanceof OffsetDateTime t) {
            g.writeString(Time.writeTime(t));
        } else if (value instanceof URI u) {
            g.writeString(u.toString());
        } else if (value instanceof byte[] b) {
            g.writeString(Base64.getEncoder().encodeToString(b));
        } else {
            g.writeString(value.toString());
        }
    }

    /**
     * Writes an event's data as members of the JSON object {@code g} is in: {@code data} as the JSON
     * value itself when {@code contentType} is JSON (or null) and {@code bytes} are one JSON value,
     * {@code data} as a string for {@code text/*}, else {@code data_base64}. The Kafka binding writes
     * binary-mode records' data with it, so both bindings give an event the same data member.
     */
    public static void writeData(JsonGenerator g, String contentType, byte[] bytes) throws IOException {
        String ct = contentType == null ? null : contentType.toLowerCase(Locale.ROOT);
        boolean json = ct == null || ct.startsWith("application/json") || ct.contains("+json")
                || ct.startsWith("text/json");
        if (json && isOneJsonValue(bytes)) {
            g.writeFieldName("data");
            g.writeRawValue(new String(bytes, StandardCharsets.UTF_8));
        } else if (ct != null && ct.startsWith("text/")) {
            g.writeStringField("data", new String(bytes, StandardCharsets.UTF_8));
        } else {
            g.writeStringField("data_base64", Base64.getEncoder().encodeToString(bytes));
        }
    }

    private static boolean isOneJsonValue(byte[] bytes) {
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
