package io.eventroute.benchmarks.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.RouteTable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;

/** The benchmark's engines agree on every event, route by route, so their timings compare like with like. */
class AgreementTest {
    @Test
    void eventrouteAndEventRulerFindTheSameRoutesForEveryEvent() throws Exception {
        for (int routes : new int[] {1, 100, 1000}) {
            RouteWorkload w = new RouteWorkload(routes);
            RouteTable table = w.eventroute();
            Machine machine = w.eventRuler();
            long total = 0;
            for (int i = 0; i < RouteWorkload.EVENTS; i++) {
                List<String> ours = table.match(w.eventBytes[i]);
                Set<String> theirs = new TreeSet<>(machine.rulesForJSONEvent(w.eventStrings[i]));
                assertEquals(theirs, new TreeSet<>(ours), "event " + w.eventStrings[i]);
                total += ours.size();
            }
            assertEquals(total, Agreement.check(w, table, machine));
            if (routes >= 100) {
                double perEvent = (double) total / RouteWorkload.EVENTS;
                assertTrue(perEvent > 5 && perEvent < 20, "about ten matches per event: " + perEvent);
            }
        }
    }

    @Test
    void theBenchmarkSetsUpAndMatchesForEachEngine() throws Exception {
        for (String engine : new String[] {"eventroute", "event-ruler"}) {
            RouteMatchBenchmark b = new RouteMatchBenchmark();
            b.routes = 100;
            b.engine = engine;
            b.setUp();
            assertTrue(b.match() != null);
        }
    }
}
