package io.eventroute.kafka.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.eventroute.runtime.event.InvalidEventException;
import io.eventroute.runtime.event.CloudEventFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The CloudEvents Kafka protocol binding as the router reads it: binary mode (attributes in
 * {@code ce_*} headers, {@code content-type} header, the value is the data) is recognised by its
 * {@code ce_specversion} header; anything else is structured mode (the value is the event's JSON).
 * Stateless; thread-safe.
 */
public final class KafkaBinding {
    public static final String CONTENT_TYPE = "content-type";
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    private static final String PREFIX = "ce_";
    private static final JsonFactory JSON = new JsonFactory();

    private KafkaBinding() {
    }

    /** True when the record is a binary-mode event. */
    public static boolean isBinary(Headers headers) {
        return headers.lastHeader(PREFIX + "specversion") != null;
    }

    /** The {@code content-type} header, or null. */
    public static String contentType(Headers headers) {
        Header h = headers.lastHeader(CONTENT_TYPE);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * A binary-mode event written as structured-mode JSON, so that it is matched exactly like one:
     * each {@code ce_} header becomes a string attribute (the binding carries every attribute as a
     * string), {@code content-type} becomes {@code datacontenttype}, and the value becomes {@code data}
     * (JSON when the content type is JSON or absent and the value is one JSON value, a string for
     * {@code text/*}, else {@code data_base64}).
     *
     * @throws InvalidEventException when a {@code ce_} header repeats or is not UTF-8 text
     */
    public static byte[] toStructuredJson(Headers headers, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (value == null ? 0 : value.length));
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            Set<String> seen = new HashSet<>();
            for (Header h : headers) {
                String key = h.key();
                if (!key.startsWith(PREFIX) || key.length() == PREFIX.length()) {
                    continue;
                }
                String name = key.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
                if (name.equals("data") || name.equals("data_base64") || name.equals("datacontenttype")) {
                    continue;
                }
                if (!seen.add(name)) {
                    throw new InvalidEventException("header '" + key + "' appears more than once");
                }
                g.writeStringField(name, h.value() == null ? "" : utf8(key, h.value()));
            }
            String contentType = contentType(headers);
            if (contentType != null) {
                g.writeStringField("datacontenttype", contentType);
            }
            if (value != null) {
                // The same data member(s) as the runtime writes for a structured event.
                CloudEventFormat.writeData(g, contentType, value);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String utf8(String key, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException("header '" + key + "' is not UTF-8 text");
        }
    }
}
