package io.eventroute.server.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.runtime.event.CloudEventFormat;
import io.eventroute.runtime.event.InvalidEventException;
import io.eventroute.runtime.event.ReadPlan;
import io.eventroute.runtime.event.SelectiveEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns what publishers send into structured-mode CloudEvents (JSON bytes), checking every event of a
 * request before any is routed: the CloudEvents HTTP binding (structured, batch, binary), Event Grid's
 * publish API (CloudEvents and Event Grid schemas) and ADT's telemetry API. Stateless; thread-safe.
 */
final class Ingress {
    /** The most events one request may carry. */
    static final int MAX_EVENTS = 10_000;
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    // Tells an object from an array by the first token, without building a tree.
    private static final JsonFactory TOKENS = JsonFactory.builder().build();
    private static final ReadPlan REQUIRED = ReadPlan.of(Set.of("specversion", "id", "source", "type"), Set.of());
    private static final ThreadLocal<SelectiveEvent> CHECKER = ThreadLocal.withInitial(() -> new SelectiveEvent(REQUIRED));

    private Ingress() {
    }

    /**
     * One structured-mode event ({@code application/cloudevents+json}). Not read here: the router reads
     * and checks it before it queues anything, and its refusal becomes the 400 {@link #invalid} words.
     */
    static List<byte[]> structured(byte[] body) {
        return List.of(body);
    }

    /**
     * A JSON array of structured-mode events, each routed and delivered as the bytes the client sent for
     * it. The router reads them all before it queues any, and refuses the whole batch for a bad one; the
     * 400 then names every bad one ({@link #refuseInvalid}).
     */
    static List<byte[]> batch(byte[] body) throws ApiError {
        List<byte[]> events = split(body);
        if (events != null) {
            // Checked by the router, which reads every event before it queues any (see refuseInvalid).
            return events;
        }
        // Not a UTF-8 array of objects: the tree says what is wrong (or decodes a UTF-16/32 body).
        JsonNode array = parse(body);
        if (!array.isArray()) {
            throw ApiError.badRequest("InvalidArgument", "A batch must be a JSON array of CloudEvents, not "
                    + kind(array) + ".");
        }
        return elements(array, Ingress::check);
    }

    /**
     * The elements of {@code body}, a JSON array of 1 to {@value #MAX_EVENTS} objects, each as the bytes
     * it spans in {@code body}, found in one pass over the bytes; null when {@code body} is anything
     * else (not such an array, or not UTF-8), for the tree to name what is wrong. Only the array is
     * checked here, its objects' contents later, each whole, by the event reader: so an element is
     * found by counting brackets outside strings, and whatever a malformed one yields is then refused.
     */
    static List<byte[]> split(byte[] body) {
        int n = body.length;
        int i = skipSpace(body, 0);
        if (i >= n || body[i] != '[') {
            return null;
        }
        i = skipSpace(body, i + 1);
        List<byte[]> elements = new ArrayList<>();
        while (true) {
            if (i >= n || body[i] != '{' || elements.size() == MAX_EVENTS) {
                return null;
            }
            int end = objectEnd(body, i);
            if (end < 0) {
                return null;
            }
            elements.add(Arrays.copyOfRange(body, i, end));
            i = skipSpace(body, end);
            if (i < n && body[i] == ']') {
                return skipSpace(body, i + 1) == n ? elements : null;
            }
            if (i >= n || body[i] != ',') {
                return null;
            }
            i = skipSpace(body, i + 1);
        }
    }

    /** Just past the '}' that closes the object opening at {@code start}, or -1 when there is none. */
    private static int objectEnd(byte[] b, int start) {
        int depth = 0;
        for (int i = start; i < b.length; i++) {
            byte c = b[i];
            if (c == '"') {
                for (i++; i < b.length && b[i] != '"'; i++) {
                    if (b[i] == '\\') {
                        i++; // the escaped byte, a quote or a backslash among them
                    }
                }
                if (i >= b.length) {
                    return -1;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return c == '}' ? i + 1 : -1;
            }
        }
        return -1;
    }

    private static int skipSpace(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** Whether {@code body} starts as a JSON object (else it may be an array, or not JSON at all). */
    private static boolean startsWithObject(byte[] body) {
        try (JsonParser p = TOKENS.createParser(body)) {
            return p.nextToken() == JsonToken.START_OBJECT;
        } catch (IOException e) {
            return false;
        }
    }

    /** Binary mode: attributes in {@code ce-*} headers, the body is the data, as its content type says. */
    static List<byte[]> binary(Map<String, String> ceHeaders, String contentType, byte[] body) throws ApiError {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> h : ceHeaders.entrySet()) {
                g.writeStringField(h.getKey(), h.getValue());
            }
            if (contentType != null) {
                g.writeStringField("datacontenttype", contentType);
            }
            if (body.length > 0) {
                CloudEventFormat.writeData(g, contentType, body);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Checked by the router as any single event (see structured).
        return List.of(out.toByteArray());
    }

    /** Event Grid's publish API, CloudEvents schema: a JSON array (or one object) of structured events. */
    static List<byte[]> eventGridCloudEvents(byte[] body) throws ApiError {
        return startsWithObject(body) ? structured(body) : batch(body);
    }

    /**
     * Event Grid's publish API, Event Grid schema: each {@code {id, subject, eventType, eventTime,
     * dataVersion, data, topic?}} becomes a CloudEvent as the inverse of what the eventgrid endpoint
     * writes: {@code type} = eventType, {@code time} = eventTime, {@code subject}, {@code id}; when
     * {@code data} is the endpoint's envelope {@code {data, contenttype?, traceparent?, dataschema?}},
     * its members become {@code data}, {@code datacontenttype}, {@code traceparent} and
     * {@code dataschema}, else {@code data} is taken whole; {@code source} is the event's {@code topic},
     * else {@code defaultSource}; {@code dataVersion} becomes the extension {@code dataversion}.
     */
    static List<byte[]> eventGridSchema(byte[] body, String defaultSource) throws ApiError {
        JsonNode node = parse(body);
        if (!node.isArray()) {
            throw ApiError.badRequest("InvalidArgument", "An Event Grid schema request must be a JSON array of events, not "
                    + kind(node) + ".");
        }
        return elements(node, (bytes, index) -> { }, element -> fromEventGrid(element, defaultSource));
    }

    private static byte[] fromEventGrid(JsonNode e, String defaultSource) throws ApiError.Element {
        if (!e.isObject()) {
            throw new ApiError.Element("is " + kind(e) + ", not an Event Grid event object");
        }
        String id = requiredText(e, "id");
        String type = requiredText(e, "eventType");
        String subject = requiredText(e, "subject");
        String time = requiredText(e, "eventTime");
        String version = requiredText(e, "dataVersion");
        ObjectNode ce = JsonNodeFactory.instance.objectNode();
        ce.put("specversion", "1.0");
        ce.put("id", id);
        JsonNode topic = e.get("topic");
        ce.put("source", topic != null && topic.isTextual() && !topic.asText().isEmpty() ? topic.asText() : defaultSource);
        ce.put("type", type);
        if (!subject.isEmpty()) {
            ce.put("subject", subject);
        }
        ce.put("time", time);
        ce.put("dataversion", version);
        JsonNode data = e.get("data");
        if (data != null && data.isObject() && data.has("data") && isEnvelope(data)) {
            ce.set("data", data.get("data"));
            copyText(data, "contenttype", ce, "datacontenttype");
            copyText(data, "traceparent", ce, "traceparent");
            copyText(data, "dataschema", ce, "dataschema");
        } else if (data != null) {
            ce.put("datacontenttype", "application/json");
            ce.set("data", data);
        }
        try {
            return MAPPER.writeValueAsBytes(ce);
        } catch (JsonProcessingException x) {
            throw new UncheckedIOException(x);
        }
    }

    private static boolean isEnvelope(JsonNode data) {
        for (Iterator<String> names = data.fieldNames(); names.hasNext(); ) {
            String n = names.next();
            if (!n.equals("data") && !n.equals("contenttype") && !n.equals("traceparent") && !n.equals("dataschema")) {
                return false;
            }
        }
        return true;
    }

    private static void copyText(JsonNode from, String name, ObjectNode to, String as) {
        JsonNode v = from.get(name);
        if (v != null && v.isTextual()) {
            to.put(as, v.asText());
        }
    }

    private static String requiredText(JsonNode e, String name) throws ApiError.Element {
        JsonNode v = e.get(name);
        if (v == null || v.isNull()) {
            throw new ApiError.Element("has no '" + name + "'");
        }
        if (!v.isTextual()) {
            throw new ApiError.Element("'" + name + "' must be a string, not " + kind(v));
        }
        return v.asText();
    }

    /**
     * ADT's telemetry API: {@code body} (JSON) sent to twin {@code twin} (and {@code component}, or
     * null) becomes the telemetry CloudEvent ADT emits, with {@code dataschema} the twin's model
     * {@code model} when it is known (else null: no dataschema).
     */
    static byte[] telemetry(String host, String twin, String component, String model, String messageId,
            String sourceTime, byte[] body) throws ApiError {
        JsonNode data = parse(body);
        ObjectNode ce = JsonNodeFactory.instance.objectNode();
        ce.put("specversion", "1.0");
        ce.put("id", messageId);
        ce.put("source", host + "/digitaltwins/" + twin);
        ce.put("type", "microsoft.iot.telemetry");
        if (component != null) {
            ce.put("subject", component);
        }
        if (model != null) {
            ce.put("dataschema", model);
        }
        String time;
        if (sourceTime != null) {
            try {
                time = OffsetDateTime.parse(sourceTime).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                throw ApiError.badRequest("InvalidArgument", "The Telemetry-Source-Time header must be an RFC 3339 "
                        + "date-time such as 2019-10-12T07:20:50.52Z, not '" + sourceTime + "'.");
            }
        } else {
            time = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        ce.put("time", time);
        ce.put("datacontenttype", "application/json");
        ce.set("data", data);
        try {
            return MAPPER.writeValueAsBytes(ce);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- checking

    private interface ElementCheck {
        void check(byte[] event, int index) throws ApiError;
    }

    private interface ElementMap {
        byte[] map(JsonNode element) throws ApiError.Element;
    }

    private static List<byte[]> elements(JsonNode array, ElementCheck check) throws ApiError {
        return elements(array, check, element -> {
            try {
                return MAPPER.writeValueAsBytes(element);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    // Every element is checked before any is returned, and every bad one is named: a client fixes them all at once.
    private static List<byte[]> elements(JsonNode array, ElementCheck check, ElementMap map) throws ApiError {
        if (array.isEmpty()) {
            throw ApiError.badRequest("InvalidArgument", "The batch is empty.");
        }
        if (array.size() > MAX_EVENTS) {
            throw ApiError.badRequest("InvalidArgument", "The batch has " + array.size() + " events; at most "
                    + MAX_EVENTS + " are taken in one request.");
        }
        List<byte[]> events = new ArrayList<>(array.size());
        ArrayNode details = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < array.size(); i++) {
            try {
                byte[] event = map.map(array.get(i));
                check.check(event, i);
                events.add(event);
            } catch (ApiError.Element e) {
                details.add(detail(i, e.getMessage()));
            } catch (ApiError e) {
                details.add(detail(i, e.getMessage()));
            }
        }
        refuseIfAny(details, array.size());
        return events;
    }

    /**
     * The 400 naming every bad event of {@code events}, for a request the router refused: it stops at the
     * first bad event, and a client fixing its batch wants to hear of all of them at once. Returns when
     * none is bad here.
     */
    static void refuseInvalid(List<byte[]> events) throws ApiError {
        ArrayNode details = null;
        for (int i = 0; i < events.size(); i++) {
            try {
                check(events.get(i), i);
            } catch (ApiError e) {
                if (details == null) {
                    details = JsonNodeFactory.instance.arrayNode();
                }
                details.add(detail(i, e.getMessage()));
            }
        }
        if (details != null) {
            refuseIfAny(details, events.size());
        }
    }

    private static void refuseIfAny(ArrayNode details, int events) throws ApiError {
        if (!details.isEmpty()) {
            throw new ApiError(400, "InvalidArgument", details.size() + " of the " + events
                    + " events are not valid; nothing was routed.", details, Map.of());
        }
    }

    private static ObjectNode detail(int index, String message) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("code", "InvalidEvent");
        d.put("target", "[" + index + "]");
        d.put("message", "event " + index + ": " + message);
        return d;
    }

    /** Checks one structured event as the router will read it; {@code index} names it in a batch (-1: alone). */
    static void check(byte[] event, int index) throws ApiError {
        try {
            SelectiveEvent view = CHECKER.get().read(event);
            CloudEventFormat.requireCloudEvent(view);
        } catch (InvalidEventException e) {
            throw invalid(e, index);
        }
    }

    /** The 400 for an event the reader refused; {@code index} names it in a batch (-1: alone). */
    static ApiError invalid(InvalidEventException e, int index) {
        return ApiError.badRequest("InvalidArgument", (index >= 0 ? "" : "The event is not a valid CloudEvent: ")
                + e.getMessage() + (e.getMessage().endsWith(".") ? "" : "."));
    }

    /** {@code body} as one JSON value (duplicate members and trailing content refused), or the 400 that says why not. */
    static JsonNode parse(byte[] body) throws ApiError {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null) {
                throw ApiError.badRequest("InvalidArgument", "The body is empty.");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("InvalidArgument", "The body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")") + ".");
        } catch (IOException e) {
            throw ApiError.badRequest("InvalidArgument", "The body is not valid JSON.");
        }
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** The CloudEvents attribute a binary-mode header {@code ce-name} carries ({@code name}, lower case). */
    static String attributeOf(String header) {
        return header.substring(3).toLowerCase(Locale.ROOT);
    }
}
