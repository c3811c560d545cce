package io.eventroute.benchmarks.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The serve benchmarks' setups with a small table: every put and get answers as the benchmark expects. */
class ServeBenchmarkSetupTest {
    @Test
    void apiBenchmarkPutsAndGetsStoredRoutes() throws Exception {
        ServeApiBenchmark b = new ServeApiBenchmark();
        b.routes = 1_000;
        b.setUp();
        try {
            for (int i = 0; i < 20; i++) {
                assertEquals(204, b.put());
                assertEquals(200, b.get());
            }
        } finally {
            b.tearDown();
        }
    }

    @Test
    void startBenchmarkStartsWithEveryStoredRoute() {
        ServeStartBenchmark b = new ServeStartBenchmark();
        b.routes = 1_000;
        b.setUp();
        try {
            assertTrue(b.start() > 0);
            b.stop(); // checks the route count
        } finally {
            b.tearDown();
        }
    }
}
