package io.eventroute.kafka;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a streams router since it started (per instance, not per application). Thread-safe: the
 * stream threads count while any thread reads.
 */
public final class RoutingStats {
    final LongAdder events = new LongAdder();
    final LongAdder unmatched = new LongAdder();
    final LongAdder routed = new LongAdder();
    final LongAdder invalid = new LongAdder();
    final LongAdder routeErrors = new LongAdder();

    /** Events read from the events topic (valid or not). */
    public long events() {
        return events.sum();
    }

    /** Valid events no route matched. */
    public long unmatched() {
        return unmatched.sum();
    }

    /** Records written to endpoint topics (one per matching route per event). */
    public long routed() {
        return routed.sum();
    }

    /** Events that were not CloudEvents (not JSON, a missing required attribute) and were skipped. */
    public long invalid() {
        return invalid.sum();
    }

    /** Records of the routes topic that were rejected and reported. */
    public long routeErrors() {
        return routeErrors.sum();
    }

    @Override
    public String toString() {
        return "events " + events() + ", routed " + routed() + ", unmatched " + unmatched() + ", invalid " + invalid()
                + ", route errors " + routeErrors();
    }
}
