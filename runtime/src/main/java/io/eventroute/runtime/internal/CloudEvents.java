package io.eventroute.runtime.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.types.Time;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Locale;

/**
 * Writes a CloudEvents SDK event in the JSON event format (structured mode): context attributes and
 * extensions as members, {@code data} as JSON when the content type is JSON (or absent) and the bytes
 * are JSON, as a string for {@code text/*}, else as {@code data_base64}. Thread-safe.
 */
public final class CloudEvents {
    private static final JsonFactory JSON = new JsonFactory();

    private CloudEvents() {
    }

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
     * {@code data} as a string for {@code text/*}, else {@code data_base64}. Also used by the Kafka
     * binding for binary-mode records; like the rest of this package, not public API.
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
