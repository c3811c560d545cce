package io.eventroute.benchmarks.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Runs the route-table benchmarks' setups and one operation each, and the memory measurement once. */
class RouteTableCostTest {
    @Test
    void loadBuildsATableOfTheRequestedSize() {
        RouteLoadBenchmark b = new RouteLoadBenchmark();
        b.routes = 100;
        b.setup();
        assertEquals(100, b.load().size());
    }

    @Test
    void putAndRemoveChangeOneRouteAndRestoreLeavesTheTableAsItWas() {
        AddRouteBenchmark b = new AddRouteBenchmark();
        b.routes = 1000;
        b.setup();
        assertFalse(b.put().hasErrors());
        assertEquals(1001, b.table().size());
        b.restore();
        assertEquals(1000, b.table().size());
        assertEquals(1001, b.putCompiled().size());
        b.restore();
        AddRouteBenchmark.RemoveState state = new AddRouteBenchmark.RemoveState();
        state.addFresh(b);
        assertTrue(b.remove(state));
        assertEquals(1000, b.table().size());
    }

    @Test
    void memoryPerRouteIsMeasuredAndPlausible() {
        RouteMemory.Result r = RouteMemory.measure(1000);
        assertEquals(1000, r.routes());
        // A compiled route holds at least its id and filter text, and surely less than 100 KB.
        assertTrue(r.graphBytesPerRoute() > 100 && r.graphBytesPerRoute() < 100_000, r.toString());
    }
}
