package io.eventroute.cli.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.runtime.DeliveryCounts;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.LatencyHistogram;
import io.eventroute.runtime.RouterStats;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The progress line and the final summary of {@code eventroute route}. Stateless; thread-safe. */
public final class RouteReport {
    private RouteReport() {
    }

    /** {@code read 12,000 events (8,000/s) | matched ... | delivered ... | retried ... | dead-lettered ...}. */
    public static String progress(long read, double perSecond, long rejected, RouterStats stats) {
        long matched = 0;
        long delivered = 0;
        long retried = 0;
        long failed = 0;
        for (DeliveryCounts c : stats.endpoints().values()) {
            matched += c.matched();
            delivered += c.delivered();
            retried += c.retried();
            failed += c.failed();
        }
        return String.format(Locale.ROOT, "read %,d events (%,.0f/s) | matched %,d | delivered %,d | retried %,d"
                + " | dead-lettered %,d | rejected %,d", read, perSecond, matched, delivered, retried, failed, rejected);
    }

    /**
     * Prints the summary: a headline, a table per route, a table per endpoint, and where dead letters
     * and rejects went.
     */
    public static void summary(PrintWriter out, String headline, List<EventRoute> routes, Map<String, String> kinds,
            RouterStats stats, String deadLetters, String rejects, long rejected) {
        out.println(headline);
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"route", "endpoint", "matched", "delivered", "dead-lettered", "failed"});
        long[] total = new long[4];
        for (EventRoute r : routes) {
            DeliveryCounts c = stats.route(r.id());
            rows.add(new String[] {r.id(), r.endpointName(), n(c.matched()), n(c.delivered()), n(c.deadLettered()),
                n(c.failed())});
            total[0] += c.matched();
            total[1] += c.delivered();
            total[2] += c.deadLettered();
            total[3] += c.failed();
        }
        rows.add(new String[] {"total", "", n(total[0]), n(total[1]), n(total[2]), n(total[3])});
        table(out, rows, 2);
        out.println();
        rows = new ArrayList<>();
        rows.add(new String[] {"endpoint", "kind", "matched", "delivered", "retried", "dead-lettered", "failed",
            "p50 ms", "p99 ms"});
        for (Map.Entry<String, String> e : kinds.entrySet()) {
            DeliveryCounts c = stats.endpoint(e.getKey());
            LatencyHistogram h = stats.latency().get(e.getKey());
            rows.add(new String[] {e.getKey(), e.getValue(), n(c.matched()), n(c.delivered()), n(c.retried()),
                n(c.deadLettered()), n(c.failed()), millis(h, 50), millis(h, 99)});
        }
        table(out, rows, 2);
        out.println();
        long failed = total[3];
        long deadLettered = total[2];
        if (failed == 0 && rejected == 0) {
            out.println("every matched event was delivered");
        }
        if (failed > 0) {
            out.println(deadLetters == null
                    ? n(failed) + (failed == 1 ? " event was" : " events were") + " not delivered and not kept "
                            + "(the configuration has no deadLetter path)"
                    : n(deadLettered) + (deadLettered == 1 ? " event was" : " events were")
                            + " not delivered and went to the dead-letter directory " + deadLetters
                            + (failed > deadLettered ? "; " + n(failed - deadLettered) + " could not be stored there" : ""));
        }
        if (rejected > 0) {
            out.println(n(rejected) + (rejected == 1 ? " input was" : " inputs were") + " rejected"
                    + (rejects == null ? " (--rejects FILE keeps them)" : " and written to " + rejects));
        }
        out.flush();
    }

    /**
     * The summary as one JSON object, for scripts: {@code {"source", "read", "routed", "unmatched",
     * "rejected", "seconds", "interrupted", "exit", "routes": {id: {...}}, "endpoints": {name: {...}}}}.
     */
    public static ObjectNode summaryJson(String source, long read, double seconds, boolean interrupted, long rejected,
            int exit, List<EventRoute> routes, Map<String, String> kinds, RouterStats stats) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("source", source);
        node.put("read", read);
        node.put("routed", stats.events());
        node.put("unmatched", stats.unmatched());
        node.put("rejected", rejected);
        node.put("seconds", Math.round(seconds * 1000) / 1000.0);
        node.put("interrupted", interrupted);
        node.put("exit", exit);
        ObjectNode rs = node.putObject("routes");
        for (EventRoute r : routes) {
            counts(rs.putObject(r.id()).put("endpoint", r.endpointName()), stats.route(r.id()));
        }
        ObjectNode es = node.putObject("endpoints");
        for (Map.Entry<String, String> e : kinds.entrySet()) {
            DeliveryCounts c = stats.endpoint(e.getKey());
            ObjectNode en = counts(es.putObject(e.getKey()).put("kind", e.getValue()), c).put("retried", c.retried());
            LatencyHistogram h = stats.latency().get(e.getKey());
            if (h != null && h.count() > 0) {
                en.put("p50Ms", h.percentile(50).toNanos() / 1e6).put("p99Ms", h.percentile(99).toNanos() / 1e6);
            }
        }
        return node;
    }

    private static ObjectNode counts(ObjectNode node, DeliveryCounts c) {
        return node.put("matched", c.matched()).put("delivered", c.delivered()).put("deadLettered", c.deadLettered())
                .put("failed", c.failed());
    }

    private static String millis(LatencyHistogram h, double p) {
        if (h == null || h.count() == 0) {
            return "-";
        }
        Duration d = h.percentile(p);
        double ms = d.toNanos() / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%,.0f", ms);
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    // Text columns left-aligned, the rest (numbers) right-aligned.
    private static void table(PrintWriter out, List<String[]> rows, int textColumns) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    b.append("  ");
                }
                String pad = " ".repeat(width[i] - row[i].length());
                b.append(i < textColumns ? row[i] + pad : pad + row[i]);
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
