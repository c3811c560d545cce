package io.eventroute.runtime;

import java.util.Map;
import java.util.TreeSet;

/**
 * A snapshot of a router's counters: per route, per endpoint, the latency of each endpoint, and the
 * events offered to the router. Counters of a route are dropped when it is removed; those of removed
 * endpoints are kept. Contains names and numbers only, never settings. Nothing is null: asking for a
 * name that has no counters throws. Immutable; thread-safe.
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

    /**
     * The counters of route {@code id} (all zero when it never matched).
     *
     * @throws IllegalArgumentException when {@code id} is not a route of {@link #routes()}: an unknown
     *     or removed route is not an idle one
     */
    public DeliveryCounts route(String id) {
        return lookup(routes, "route", id);
    }

    /**
     * The counters of endpoint {@code name} (all zero when it never received anything).
     *
     * @throws IllegalArgumentException when {@code name} is not an endpoint of {@link #endpoints()}
     */
    public DeliveryCounts endpoint(String name) {
        return lookup(endpoints, "endpoint", name);
    }

    private static DeliveryCounts lookup(Map<String, DeliveryCounts> counts, String what, String name) {
        DeliveryCounts c = counts.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no " + what + " '" + name + "' in these counters (" + what
                    + "s: " + new TreeSet<>(counts.keySet()) + ")");
        }
        return c;
    }
}
