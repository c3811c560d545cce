package io.eventroute.runtime;

import java.util.Map;

/**
 * A snapshot of a router's counters: per route, per endpoint, the latency of each endpoint, and the
 * events offered to the router. Counters of removed routes and endpoints are kept. Contains names and
 * numbers only, never settings. Immutable; thread-safe.
 *
 * @param events events offered to the router and accepted as CloudEvents
 * @param unmatched accepted events that matched no route
 * @param rejected events refused because they were not valid CloudEvents
 * @param routes counters by route id
 * @param endpoints counters by endpoint name
 * @param latency delivery latency by endpoint name
 */
public record RouterStats(long events, long unmatched, long rejected, Map<String, DeliveryCounts> routes,
        Map<String, DeliveryCounts> endpoints, Map<String, LatencyHistogram> latency) {
    public RouterStats {
        routes = Map.copyOf(routes);
        endpoints = Map.copyOf(endpoints);
        latency = Map.copyOf(latency);
    }

    /** The counters of route {@code id}, all zero when it never matched. */
    public DeliveryCounts route(String id) {
        return routes.getOrDefault(id, new DeliveryCounts(0, 0, 0, 0, 0));
    }

    /** The counters of endpoint {@code name}, all zero when it never received anything. */
    public DeliveryCounts endpoint(String name) {
        return endpoints.getOrDefault(name, new DeliveryCounts(0, 0, 0, 0, 0));
    }
}
