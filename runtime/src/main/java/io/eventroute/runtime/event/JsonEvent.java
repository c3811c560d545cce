package io.eventroute.runtime.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.JsonNull;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A structured-mode CloudEvent (the JSON event format) decoded once into the {@link EventView} value
 * model: strings, booleans, {@link Long}, {@link BigInteger} beyond 64 bits, {@link Double},
 * {@link JsonNull#INSTANCE}, unmodifiable lists and insertion-ordered unmodifiable maps. The
 * attributes are the top-level members other than {@code data} and {@code data_base64}; {@link #data()}
 * is the {@code data} member ({@code data_base64} is not decoded: it is binary, not JSON, so
 * {@code $body} paths are undefined for such events).
 *
 * <p>Parsing rejects, with an {@link InvalidEventException} naming the line and column: input that is
 * not JSON, a top-level value that is not an object, content after the object, and duplicate member
 * names at any depth (a filter and a consumer could otherwise disagree on which value counts).
 * {@link #requireCloudEvent()} additionally checks the attributes every CloudEvent must have.
 *
 * <p>This is the whole-event decoder (for evaluating one filter, the CLI's {@code eval}, tests); the
 * routers read events with {@link SelectiveEvent}, which decodes only what routes use and accepts
 * exactly the events this class accepts (a property test compares the two); only the wording of
 * some syntax errors differs.
 *
 * <p>Immutable after parsing; thread-safe.
 */
public final class JsonEvent implements EventView {
    // Thread-safe once configured; building one per event would redo its symbol-table setup each time.
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    // Jackson appends "[Source: ...; line: 1, column: 2]" to some messages; we report positions ourselves.
    private static final Pattern SOURCE_REFERENCE =
            Pattern.compile("\\s*\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");

    private final Map<String, Object> attributes;
    private final Object data;
    private final boolean hasDataBase64;

    private JsonEvent(Map<String, Object> attributes, Object data, boolean hasDataBase64) {
        this.attributes = attributes;
        this.data = data;
        this.hasDataBase64 = hasDataBase64;
    }

    /**
     * Parses one event from JSON bytes (UTF-8, or UTF-16/32 detected from the first bytes).
     *
     * @throws InvalidEventException when the bytes are not one JSON object without duplicate members
     */
    public static JsonEvent parse(byte[] json) {
        Objects.requireNonNull(json, "json");
        Reader reader = new Reader(json, null);
        try (JsonParser p = FACTORY.createParser(json)) {
            return reader.read(p);
        } catch (IOException e) {
            throw reader.invalid(e);
        }
    }

    /**
     * Parses one event from JSON text.
     *
     * @throws InvalidEventException when the text is not one JSON object without duplicate members
     */
    public static JsonEvent parse(String json) {
        Objects.requireNonNull(json, "json");
        Reader reader = new Reader(null, json);
        try (JsonParser p = FACTORY.createParser(json)) {
            return reader.read(p);
        } catch (IOException e) {
            throw reader.invalid(e);
        }
    }

    /**
     * Reads the stream to its end and parses it as one event. The stream is not closed.
     *
     * @throws InvalidEventException when the content is not one JSON object without duplicate members
     * @throws UncheckedIOException when reading the stream fails
     */
    public static JsonEvent parse(InputStream in) {
        Objects.requireNonNull(in, "in");
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event: " + e.getMessage(), e);
        }
        return parse(bytes);
    }

    /** Decodes one event from a parser over {@code bytes} or {@code text}, which it keeps to place errors. */
    static final class Reader {
        private final byte[] bytes;
        private final String text;

        Reader(byte[] bytes, String text) {
            this.bytes = bytes;
            this.text = text;
        }

        JsonEvent read(JsonParser p) throws IOException {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidEventException("the event is empty: expected a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                throw at("the event must be a JSON object, not " + describe(first), p.currentTokenLocation());
            }
            Map<String, Object> attributes = new LinkedHashMap<>();
            Object data = null;
            boolean hasDataBase64 = false;
            while (p.nextToken() != JsonToken.END_OBJECT) {
                String name = p.currentName();
                p.nextToken();
                Object value = readValue(p);
                if (name.equals("data")) {
                    data = value;
                } else if (name.equals("data_base64")) {
                    hasDataBase64 = true;
                } else {
                    attributes.put(name, value);
                }
            }
            if (p.nextToken() != null) {
                throw at("unexpected content after the event object", p.currentTokenLocation());
            }
            return new JsonEvent(Collections.unmodifiableMap(attributes), data, hasDataBase64);
        }

        private Object readValue(JsonParser p) throws IOException {
            Object v = JsonValues.read(p);
            if (v == null) {
                throw at("unexpected " + describe(p.currentToken()), p.currentTokenLocation());
            }
            return v;
        }

        /** The exception for a parse failure, placed by line and column (in code points). */
        InvalidEventException invalid(IOException e) {
            if (e instanceof JsonProcessingException j && j.getLocation() != null
                    && j.getLocation().getLineNr() > 0) {
                String message = SOURCE_REFERENCE.matcher(j.getOriginalMessage()).replaceAll(" line $1, column $2");
                return at("invalid JSON: " + message, j.getLocation());
            }
            String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return new InvalidEventException("invalid JSON: " + message);
        }

        private InvalidEventException at(String problem, JsonLocation where) {
            return new InvalidEventException(problem, where.getLineNr(), column(where));
        }

        // Jackson counts columns in bytes (byte input) or UTF-16 units (text); we count code points,
        // as filter diagnostics do, so a column is right after non-ASCII text too.
        private int column(JsonLocation where) {
            if (bytes != null && where.getByteOffset() >= 0 && JsonText.isUtf8(bytes)) {
                int end = (int) Math.min(where.getByteOffset(), bytes.length);
                int start = end;
                while (start > 0 && bytes[start - 1] != '\n' && bytes[start - 1] != '\r') {
                    start--;
                }
                if (start == 0) {
                    start = Math.min(JsonText.utf8Bom(bytes), end);
                }
                int codePoints = 0;
                for (int i = start; i < end; i++) {
                    if ((bytes[i] & 0xC0) != 0x80) {
                        codePoints++;
                    }
                }
                return codePoints + 1;
            }
            if (text != null && where.getCharOffset() >= 0) {
                int end = (int) Math.min(where.getCharOffset(), text.length());
                int start = end;
                while (start > 0 && text.charAt(start - 1) != '\n' && text.charAt(start - 1) != '\r') {
                    start--;
                }
                return text.codePointCount(start, end) + 1;
            }
            return where.getColumnNr();
        }
    }

    private static String describe(JsonToken t) {
        switch (t) {
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return t.asString() == null ? t.name() : "'" + t.asString() + "'";
        }
    }

    /**
     * Checks that the event has the attributes every CloudEvent must have, as
     * {@link CloudEventFormat#requireCloudEvent} says.
     *
     * @return this event
     * @throws InvalidEventException naming the first attribute that is missing or not a non-empty string
     */
    public JsonEvent requireCloudEvent() {
        CloudEventFormat.requireCloudEvent(this);
        return this;
    }

    @Override
    public Object attribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Object data() {
        return data;
    }

    /** The attributes (every top-level member except {@code data} and {@code data_base64}), in input order. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** Whether the event carries its payload as {@code data_base64} (binary data, not decoded here). */
    public boolean hasDataBase64() {
        return hasDataBase64;
    }

    @Override
    public String toString() {
        return "JsonEvent[type=" + attributes.get("type") + ", id=" + attributes.get("id") + "]";
    }
}
