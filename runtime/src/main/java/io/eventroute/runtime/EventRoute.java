package io.eventroute.runtime;

import io.eventroute.compiler.Dialect;
import java.util.Objects;

/**
 * An event route as the service defines it: events for which {@code filter} is true go to endpoint
 * {@code endpointName}, to its entity {@code topic} (an event hub, queue or topic; null for the
 * endpoint's default). Immutable; thread-safe.
 *
 * @param id the route's id, unique in a router
 * @param endpointName the name of a registered endpoint
 * @param topic the entity at the endpoint, or null for the endpoint's default
 * @param filter the filter text, stored unchanged
 * @param dialect the filter's language
 */
public record EventRoute(String id, String endpointName, String topic, String filter, Dialect dialect) {
    public EventRoute {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpointName, "endpointName");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(dialect, "dialect");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a route id must not be blank");
        }
        if (topic != null && topic.isBlank()) {
            topic = null;
        }
    }

    /** A route in the {@code adt} dialect to the endpoint's default entity. */
    public static EventRoute of(String id, String endpointName, String filter) {
        return new EventRoute(id, endpointName, null, filter, Dialect.ADT);
    }

    /** This route sending to entity {@code topic} (null for the endpoint's default). */
    public EventRoute withTopic(String topic) {
        return new EventRoute(id, endpointName, topic, filter, dialect);
    }

    /** This route with its filter in {@code dialect}. */
    public EventRoute withDialect(Dialect dialect) {
        return new EventRoute(id, endpointName, topic, filter, dialect);
    }
}
