package io.eventroute.benchmarks.routes;

import io.eventroute.runtime.RouteTable;
import software.amazon.event.ruler.Machine;

/** A fast wrong answer must not pass for a result: both engines must find the same matches. */
public final class Agreement {
    private Agreement() {
    }

    /** @throws IllegalStateException when the engines disagree on the total number of matches */
    public static long check(RouteWorkload workload, RouteTable table, Machine machine) {
        long ours = RouteWorkload.count(table, workload.eventBytes);
        long theirs = RouteWorkload.count(machine, workload.eventStrings);
        if (ours != theirs) {
            throw new IllegalStateException("engines disagree on " + workload.routes.size() + " routes: eventroute "
                    + ours + " matches, event-ruler " + theirs);
        }
        return ours;
    }
}
