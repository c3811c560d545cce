package io.eventroute.kafka.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.compiler.Dialect;
import io.eventroute.runtime.EndpointNames;
import io.eventroute.runtime.EventRoute;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a record of the routes topic: key = route id, value =
 * {@code {"endpoint": "...", "topic": "...", "filter": "...", "dialect": "adt"}} ({@code topic} and
 * {@code dialect} optional). Stateless; thread-safe.
 */
public final class RouteJson {
    /** Endpoint names become topic names, so they keep to what both the runtime and Kafka accept. */

    private static final Set<String> MEMBERS = Set.of("id", "endpoint", "topic", "filter", "dialect");
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RouteJson() {
    }

    /** Why a routes-topic record is not a route; the message says what is wrong. Immutable; thread-safe. */
    public static final class BadRouteException extends Exception {
        private static final long serialVersionUID = 1L;

        public BadRouteException(String message) {
            super(message);
        }
    }

    /**
     * The route {@code id} that {@code value} describes.
     *
     * @throws BadRouteException when the value is not such an object (the filter itself is not compiled here)
     */
    public static EventRoute parse(String id, byte[] value) throws BadRouteException {
        if (id == null || id.isBlank()) {
            throw new BadRouteException("the record has no key: the key is the route id");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            // A limit exceeded (StreamConstraintsException: nesting, string or number length) has no location.
            JsonLocation at = e.getLocation();
            throw new BadRouteException("the value is not JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException e) {
            throw new BadRouteException("the value is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadRouteException("the value must be a JSON object {\"endpoint\", \"filter\", \"topic\", \"dialect\"}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw new BadRouteException("unknown member '" + name + "' (a route has endpoint, filter, topic, dialect)");
            }
        }
        String bodyId = optionalString(node, "id");
        if (bodyId != null && !bodyId.equals(id)) {
            throw new BadRouteException("the value's id '" + bodyId + "' is not the record key '" + id + "'");
        }
        String endpoint = requiredString(node, "endpoint");
        if (!EndpointNames.isValid(endpoint)) {
            throw new BadRouteException(EndpointNames.problem(endpoint).orElseThrow());
        }
        String filter = requiredString(node, "filter");
        String dialectId = optionalString(node, "dialect");
        Dialect dialect;
        try {
            dialect = dialectId == null ? Dialect.ADT : Dialect.fromId(dialectId);
        } catch (IllegalArgumentException e) {
            throw new BadRouteException(e.getMessage());
        }
        return new EventRoute(id, endpoint, optionalString(node, "topic"), filter, dialect);
    }

    /** The record value for {@code route}, as {@link #parse} reads it back (the key is the route id). */
    public static byte[] write(EventRoute route) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("endpoint", route.endpointName());
        node.put("filter", route.filter());
        if (route.topic() != null) {
            node.put("topic", route.topic());
        }
        if (route.dialect() != Dialect.ADT) {
            node.put("dialect", route.dialect().id());
        }
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    private static String requiredString(JsonNode node, String name) throws BadRouteException {
        String s = optionalString(node, name);
        if (s == null) {
            throw new BadRouteException("member '" + name + "' is missing: a route needs a string '" + name + "'");
        }
        return s;
    }

    private static String optionalString(JsonNode node, String name) throws BadRouteException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRouteException("member '" + name + "' must be a string, not "
                    + v.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return v.asText();
    }
}
