package io.eventroute.server.internal;

import io.eventroute.runtime.DeliveryCounts;
import io.eventroute.runtime.LatencyHistogram;
import io.eventroute.runtime.Router;
import io.eventroute.runtime.RouterStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The server's metrics in Micrometer's Prometheus registry. The router keeps its own counters; each
 * scrape takes one snapshot of them and registers meters for routes and endpoints seen for the first
 * time, so the exposition is consistent within a scrape.
 */
final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Router router;
    private final Set<String> knownRoutes = ConcurrentHashMap.newKeySet();
    private final Set<String> knownEndpoints = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Counter> requests = new ConcurrentHashMap<>();
    private volatile RouterStats snapshot;

    // The bad events of batches serve refused whole: the router never saw them, so its count lacks them.
    private final java.util.function.LongSupplier refusedInBatches;

    ServerMetrics(Router router, RouteService routes, java.util.function.LongSupplier refusedInBatches) {
        this.router = router;
        this.refusedInBatches = refusedInBatches;
        this.snapshot = router.stats();
        Gauge.builder("eventroute.routes", routes, RouteService::size).description("stored routes").register(registry);
        Gauge.builder("eventroute.routes.unrouted", routes, RouteService::unroutedCount)
                .description("stored routes that are not routed (endpoint missing or filter invalid)").register(registry);
        FunctionCounter.builder("eventroute.events", this, m -> m.snapshot.events())
                .description("events offered to the router").register(registry);
        FunctionCounter.builder("eventroute.events.unmatched", this, m -> m.snapshot.unmatched())
                .description("events that matched no route").register(registry);
        FunctionCounter.builder("eventroute.events.rejected", this, m -> m.snapshot.rejected() + refusedInBatches.getAsLong())
                .description("events refused as not valid CloudEvents (alone or in a batch refused whole)").register(registry);
    }

    /** Counts one API request by method and status. */
    void request(String method, int status) {
        requests.computeIfAbsent(method + " " + status, k -> Counter.builder("eventroute.api.requests")
                .description("API requests by method and status").tag("method", method)
                .tag("status", Integer.toString(status)).register(registry)).increment();
    }

    /** The Prometheus text exposition. */
    String scrape() {
        RouterStats stats = router.stats();
        snapshot = stats;
        for (String id : stats.routes().keySet()) {
            if (knownRoutes.add(id)) {
                counts("eventroute.route", "route", id, s -> s.routes().get(id));
            }
        }
        for (String name : stats.endpoints().keySet()) {
            if (knownEndpoints.add(name)) {
                counts("eventroute.endpoint", "endpoint", name, s -> s.endpoints().get(name));
                Gauge.builder("eventroute.endpoint.pending", this, m -> orZero(m.snapshot.endpoints().get(name)).pending())
                        .description("matched events not yet delivered, dead-lettered or failed (queue depth)")
                        .tag("endpoint", name).register(registry);
                for (double q : new double[] {0.5, 0.9, 0.99, 1.0}) {
                    Gauge.builder("eventroute.delivery.latency.seconds", this, m -> latency(m.snapshot, name, q))
                            .description("delivery latency (from matching to the endpoint's acknowledgement)")
                            .tag("endpoint", name).tag("quantile", Double.toString(q)).register(registry);
                }
            }
        }
        return registry.scrape();
    }

    private void counts(String prefix, String tag, String value, java.util.function.Function<RouterStats, DeliveryCounts> of) {
        String[][] fields = {{"matched", "matched"}, {"delivered", "delivered"}, {"retried", "retried"},
                {"dead.lettered", "deadLettered"}, {"failed", "failed"}};
        for (String[] f : fields) {
            ToDoubleFunction<ServerMetrics> read = m -> {
                DeliveryCounts c = orZero(of.apply(m.snapshot));
                switch (f[1]) {
                    case "matched": return c.matched();
                    case "delivered": return c.delivered();
                    case "retried": return c.retried();
                    case "deadLettered": return c.deadLettered();
                    default: return c.failed();
                }
            };
            FunctionCounter.builder(prefix + "." + f[0], this, read).tag(tag, value).register(registry);
        }
    }

    private static DeliveryCounts orZero(DeliveryCounts c) {
        return c == null ? new DeliveryCounts(0, 0, 0, 0, 0) : c;
    }

    private static double latency(RouterStats stats, String endpoint, double quantile) {
        LatencyHistogram h = stats.latency().get(endpoint);
        if (h == null || h.count() == 0) {
            return Double.NaN;
        }
        return (quantile >= 1.0 ? h.max() : h.percentile(quantile * 100)).toNanos() / 1e9;
    }
}
