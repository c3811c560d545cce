package io.eventroute.benchmarks.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DispatchBenchmarkTest {
    @Test
    void oneInvocationDeliversEveryMatchToEachKind() throws Exception {
        for (String kind : new String[] {"memory", "file"}) {
            DispatchBenchmark b = new DispatchBenchmark();
            b.endpointKind = kind;
            b.routes = 100;
            b.setup();
            long matches = b.routeAndDeliver();
            int perEvent = DispatchBenchmark.EVENTS_PER_INVOCATION / DispatchBenchmark.events().length;
            int rest = DispatchBenchmark.EVENTS_PER_INVOCATION % DispatchBenchmark.events().length;
            assertEquals(0, rest, "the invocation covers whole rounds of the sample");
            assertEquals((long) perEvent * DispatchBenchmark.MATCHES_PER_ROUND, matches, kind);
            assertEquals(matches, b.delivered(), kind);
            b.tearDown();
        }
    }
}
