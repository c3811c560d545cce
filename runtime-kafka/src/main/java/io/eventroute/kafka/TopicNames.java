package io.eventroute.kafka;

import java.util.Objects;

/**
 * The topics a streams router reads and writes. Immutable; thread-safe.
 *
 * @param events the input: CloudEvents in the Kafka binding (binary or structured mode)
 * @param routes the compacted route table: key = route id, value = route JSON, null value = delete
 * @param routeErrors where rejected routes are reported (key = route id, value = the report as JSON)
 * @param outputPrefix an endpoint's events go to {@code outputPrefix + endpoint}
 * @param invalidEvents where events that are not CloudEvents are copied, or null to only count and log them
 */
public record TopicNames(String events, String routes, String routeErrors, String outputPrefix, String invalidEvents) {
    /** Requires every name. */
    public TopicNames {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(routeErrors, "routeErrors");
        Objects.requireNonNull(outputPrefix, "outputPrefix");
    }

    /** The defaults: {@code events}, {@code routes}, {@code route-errors}, {@code out-<endpoint>}, no invalid-events topic. */
    public static TopicNames defaults() {
        return new TopicNames("events", "routes", "route-errors", "out-", null);
    }

    /** The topic of endpoint {@code endpoint}'s events. */
    public String output(String endpoint) {
        return outputPrefix + endpoint;
    }
}
