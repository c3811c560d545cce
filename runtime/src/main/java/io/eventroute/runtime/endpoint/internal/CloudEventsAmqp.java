package io.eventroute.runtime.endpoint.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.eventroute.compiler.JsonNull;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CloudEvents AMQP binary-mode mapping Azure Digital Twins uses for Event Hubs and Service Bus:
 * each context attribute becomes application property {@code cloudEvents:<attribute>}, the
 * {@code datacontenttype} becomes the message's content type, and the body is the data. Stateless;
 * thread-safe.
 */
public final class CloudEventsAmqp {
    /** Prefix of the application properties that carry attributes. */
    public static final String PROPERTY_PREFIX = "cloudEvents:";

    private static final JsonFactory JSON = new JsonFactory();

    private CloudEventsAmqp() {
    }

    /**
     * The application properties: every attribute except {@code datacontenttype}, strings, booleans
     * and numbers as themselves (AMQP has those types), anything else as its JSON text.
     */
    public static Map<String, Object> applicationProperties(OutgoingEvent event) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Map.Entry<String, Object> attribute : event.attributes().entrySet()) {
            String name = attribute.getKey();
            if (name.equals("datacontenttype") || name.equals("data") || name.equals("data_base64")) {
                continue;
            }
            Object value = amqpValue(attribute.getValue());
            if (value != null) {
                properties.put(PROPERTY_PREFIX + name, value);
            }
        }
        return properties;
    }

    /**
     * The content type: the event's {@code datacontenttype}; {@code application/json} when the event
     * has JSON {@code data} without one (the JSON event format implies it); null when it has neither.
     */
    public static String contentType(OutgoingEvent event) {
        if (event.dataContentType() != null) {
            return event.dataContentType();
        }
        return event.data() != null ? "application/json" : null;
    }

    /**
     * The body: the {@code data} JSON bytes as they are when the content type is JSON; the string's
     * own bytes when the data is a JSON string of another content type (text in structured mode is
     * quoted, in binary mode it is not); the decoded bytes of {@code data_base64}; empty without data.
     */
    public static byte[] body(OutgoingEvent event) {
        byte[] data = event.data();
        if (data != null) {
            if (!isJson(event.dataContentType()) && startsWithQuote(data)) {
                String text = readString(data);
                if (text != null) {
                    return text.getBytes(StandardCharsets.UTF_8);
                }
            }
            return data;
        }
        String base64 = topLevelString(event.structuredJson(), "data_base64");
        if (base64 != null) {
            try {
                return Base64.getMimeDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                return new byte[0];
            }
        }
        return new byte[0];
    }

    /** True when {@code contentType} is absent (JSON by default) or a JSON media type. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            type = type.substring(0, semicolon);
        }
        type = type.trim();
        return type.endsWith("/json") || type.endsWith("+json");
    }

    private static Object amqpValue(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer || value instanceof Double) {
            return value;
        }
        if (value instanceof BigInteger || value instanceof Number) {
            return value.toString();
        }
        if (value instanceof Map || value instanceof List) {
            return JsonText.of(value);
        }
        // A null attribute is the same as an absent one.
        return value == JsonNull.INSTANCE ? null : value.toString();
    }

    private static boolean startsWithQuote(byte[] data) {
        for (byte b : data) {
            if (b == '"') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return false;
    }

    private static String readString(byte[] data) {
        try (JsonParser parser = JSON.createParser(data)) {
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            String text = parser.getText();
            return parser.nextToken() == null ? text : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String topLevelString(byte[] json, String member) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(member) && value == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
