package io.eventroute.benchmarks.routes;

import io.eventroute.runtime.RouteTable;

/**
 * A fast wrong answer must not pass for a result: every engine must find as many matches over the
 * workload's events as eventroute does. Stateless; thread-safe.
 */
public final class Agreement {
    private Agreement() {
    }

    /**
     * @param events the events both engines matched
     * @param theirs the other engine's total number of matches over {@code events}
     * @return eventroute's total, equal to {@code theirs}
     * @throws IllegalStateException when the engines disagree on the total number of matches
     */
    public static long check(RouteWorkload workload, byte[][] events, RouteTable<Void> table, String engine, long theirs) {
        long ours = RouteWorkload.count(table, events);
        if (ours != theirs) {
            throw new IllegalStateException("engines disagree on " + workload.routes.size() + " routes and "
                    + events.length + " events: eventroute " + ours + " matches, " + engine + " " + theirs);
        }
        return ours;
    }
}
