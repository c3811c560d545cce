package io.eventroute.benchmarks.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void everyEngineFindsTheSameRoutesForEveryEvent() throws Exception {
        for (int routes : new int[] {1, 100, 1000}) {
            RouteWorkload w = new RouteWorkload(routes);
            RouteTable<Void> table = w.eventroute();
            Machine machine = w.eventRuler();
            NaiveSpelRoutes naive = w.naiveSpel();
            long total = 0;
            for (int i = 0; i < RouteWorkload.EVENTS; i++) {
                Set<String> ours = new TreeSet<>(table.match(w.eventBytes[i]));
                assertEquals(ours, new TreeSet<>(machine.rulesForJSONEvent(w.eventStrings[i])),
                        "event-ruler on " + w.eventStrings[i]);
                assertEquals(ours, new TreeSet<>(naive.match(w.eventBytes[i])), "naive SpEL on " + w.eventStrings[i]);
                total += ours.size();
            }
            assertEquals(total, Agreement.check(w, w.eventBytes, table, "event-ruler", RouteWorkload.count(machine, w.eventStrings)));
            assertEquals(total, Agreement.check(w, w.eventBytes, table, "naive-spel", RouteWorkload.count(naive, w.eventBytes)));
            if (routes >= 100) {
                double perEvent = (double) total / RouteWorkload.EVENTS;
                assertTrue(perEvent > 5 && perEvent < 20, "about ten matches per event: " + perEvent);
            }
        }
    }

    @Test
    void aDisagreementNamesBothEnginesAndTheirCounts() {
        RouteWorkload w = new RouteWorkload(100);
        RouteTable<Void> table = w.eventroute();
        long ours = RouteWorkload.count(table, w.eventBytes);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Agreement.check(w, w.eventBytes, table, "other", ours + 1));
        assertTrue(e.getMessage().contains("eventroute " + ours) && e.getMessage().contains("other " + (ours + 1)),
                e.getMessage());
    }

    @Test
    void setupChecksAllEventsUpToAThousandRoutesAndFewerBeyond() {
        assertEquals(RouteWorkload.EVENTS, new RouteWorkload(1000).checkedEvents());
        assertEquals(200, new RouteWorkload(10_000).checkedEvents());
        assertEquals(RouteWorkload.EVENTS, new RouteWorkload(1000).checkedBytes().length);
    }

    @Test
    void theBenchmarkSetsUpAndMatchesForEachEngine() throws Exception {
        List<String> first = null;
        for (String engine : new String[] {RouteMatchBenchmark.EVENTROUTE, RouteMatchBenchmark.EVENT_RULER,
            RouteMatchBenchmark.NAIVE_SPEL}) {
            RouteMatchBenchmark b = new RouteMatchBenchmark();
            b.routes = 100;
            b.engine = engine;
            b.setUp();
            List<String> matched = b.match();
            if (first == null) {
                first = matched;
            }
            assertEquals(new TreeSet<>(first), new TreeSet<>(matched), engine + " on the first event");
        }
    }

    @Test
    void theDistinctStreamNeverRepeatsAnEventAndMatchesLikeTheCycledOne() throws Exception {
        RouteWorkload w = RouteWorkload.of(100, RouteWorkload.DISTINCT);
        assertEquals(RouteWorkload.DISTINCT_EVENTS, w.eventBytes.length);
        assertEquals(RouteWorkload.DISTINCT_EVENTS, new java.util.HashSet<>(List.of(w.eventStrings)).size());
        // The cycled workload is the stream's beginning: the same seed draws the same first events.
        RouteWorkload cycled = RouteWorkload.of(100, RouteWorkload.CYCLED);
        assertEquals(cycled.eventStrings[RouteWorkload.EVENTS - 1], w.eventStrings[RouteWorkload.EVENTS - 1]);
        RouteTable<Void> table = w.eventroute();
        byte[][] tail = java.util.Arrays.copyOfRange(w.eventBytes, RouteWorkload.DISTINCT_EVENTS - 20_000, RouteWorkload.DISTINCT_EVENTS);
        double perEvent = (double) RouteWorkload.count(table, tail) / tail.length;
        assertTrue(perEvent > 5 && perEvent < 20, "about ten matches per event at the end of the stream too: " + perEvent);
        Machine machine = w.eventRuler();
        for (int i = RouteWorkload.DISTINCT_EVENTS - 200; i < RouteWorkload.DISTINCT_EVENTS; i++) {
            assertEquals(new TreeSet<>(table.match(w.eventBytes[i])), new TreeSet<>(machine.rulesForJSONEvent(w.eventStrings[i])),
                    "event-ruler on " + w.eventStrings[i]);
        }
    }

    @Test
    void theJsonFloorReadsTheWholeEvent() throws Exception {
        JsonFloorBenchmark b = new JsonFloorBenchmark();
        b.setUp();
        // The envelope alone has about ten members: start/end object plus a name and a value each.
        assertTrue(b.tokenize() > 20);
        assertTrue(b.readMap().containsKey("specversion"));
    }
}
