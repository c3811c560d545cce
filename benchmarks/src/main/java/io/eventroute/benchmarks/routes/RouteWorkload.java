package io.eventroute.benchmarks.routes;

import io.eventroute.cli.workload.Workload;
import io.eventroute.runtime.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import software.amazon.event.ruler.Machine;

/**
 * One seeded ADT workload ({@code eventroute generate}'s generator) loaded into each engine the same way:
 * our route table, event-ruler's machine with the same conditions as rules, and the naive loop of SpEL
 * expressions. Its events are either {@link #EVENTS} cycled over and over (the caches of every engine
 * stay warm), or a stream of {@link #DISTINCT_EVENTS} read once in order, as a router meets them: every
 * event new (its own id, time and trace), its twins and values drawn from all tenants. Immutable after
 * construction; matching threads share it.
 */
public final class RouteWorkload {
    public static final long SEED = 42;
    public static final int EVENTS = 2_000;
    /**
     * The distinct-event stream: about 78 MB of JSON, far more than the processor's caches, with more
     * distinct strings than the reader's string cache holds, so nothing an event leaves in a cache is
     * still there when the stream comes round to it again.
     */
    public static final int DISTINCT_EVENTS = 200_000;
    /** The cycled workload: {@link #EVENTS} events matched over and over. */
    public static final String CYCLED = "cycled";
    /** The stream of {@link #DISTINCT_EVENTS} distinct events. */
    public static final String DISTINCT = "distinct";

    public final List<Workload.Route> routes;
    public final byte[][] eventBytes;
    public final String[] eventStrings;

    /** {@code routeCount} routes and the {@link #EVENTS} events of the cycled workload. */
    public RouteWorkload(int routeCount) {
        this(routeCount, EVENTS);
    }

    /** {@code routeCount} routes and {@link #EVENTS} ({@link #CYCLED}) or {@link #DISTINCT_EVENTS} events. */
    public static RouteWorkload of(int routeCount, String events) {
        switch (events) {
            case CYCLED:
                return new RouteWorkload(routeCount, EVENTS);
            case DISTINCT:
                return new RouteWorkload(routeCount, DISTINCT_EVENTS);
            default:
                throw new IllegalArgumentException("unknown events " + events + "; expected " + CYCLED + " or " + DISTINCT);
        }
    }

    /** {@code routeCount} routes and {@code eventCount} events, the same first events whatever the count. */
    public RouteWorkload(int routeCount, int eventCount) {
        Workload workload = new Workload(SEED, routeCount);
        this.routes = workload.routes(routeCount);
        List<String> events = workload.events(eventCount);
        this.eventStrings = events.toArray(new String[0]);
        this.eventBytes = new byte[eventStrings.length][];
        for (int i = 0; i < eventStrings.length; i++) {
            eventBytes[i] = eventStrings[i].getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * The events a benchmark's setup checks agreement on: all of them up to 1,000 routes, fewer beyond
     * (about two million route evaluations, at least 20 events), because the naive loop evaluates every
     * route interpreted until SpEL compiles it, which takes minutes over 100,000 routes x 2,000 events.
     * {@code AgreementTest} checks every event, route by route, at up to 1,000 routes.
     */
    public int checkedEvents() {
        return Math.min(EVENTS, Math.min(eventBytes.length, Math.max(20, 2_000_000 / Math.max(1, routes.size()))));
    }

    public byte[][] checkedBytes() {
        return Arrays.copyOf(eventBytes, checkedEvents());
    }

    public String[] checkedStrings() {
        return Arrays.copyOf(eventStrings, checkedEvents());
    }

    public RouteTable<Void> eventroute() {
        RouteTable<Void> table = RouteTable.create();
        for (Workload.Route r : routes) {
            table.put(r.id(), r.filter());
        }
        return table;
    }

    public Machine eventRuler() {
        Machine machine = new Machine();
        try {
            for (Workload.Route r : routes) {
                machine.addRule(r.id(), r.rulerRule());
            }
        } catch (Exception e) {
            throw new IllegalStateException("event-ruler refused a rule: " + e.getMessage(), e);
        }
        return machine;
    }

    public NaiveSpelRoutes naiveSpel() {
        return new NaiveSpelRoutes(routes);
    }

    /** Total matches of every event, by the naive SpEL loop. */
    public static long count(NaiveSpelRoutes naive, byte[][] events) {
        long n = 0;
        for (byte[] e : events) {
            n += naive.match(e).size();
        }
        return n;
    }

    /** Total matches of every event, by event-ruler. */
    public static long count(Machine machine, String[] events) {
        long n = 0;
        try {
            for (String e : events) {
                n += machine.rulesForJSONEvent(e).size();
            }
        } catch (Exception e) {
            throw new IllegalStateException("event-ruler failed on an event: " + e.getMessage(), e);
        }
        return n;
    }

    /** Total matches of every event, by our route table. */
    public static long count(RouteTable<Void> table, byte[][] events) {
        long n = 0;
        for (byte[] e : events) {
            n += table.match(e).size();
        }
        return n;
    }
}
