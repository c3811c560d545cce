package io.eventroute.benchmarks.serve;

import io.eventroute.benchmarks.BenchmarkSettings;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start-up time of {@code eventroute serve} with {@code routes} routes stored: a new router, the store
 * read, every route compiled and indexed, the HTTP server listening. One shot per iteration.
 * One instance per run; not thread-safe.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class ServeStartBenchmark extends BenchmarkSettings {
    @Param({"100000"})
    public int routes;

    private ServeFixture fixture;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new ServeFixture(routes);
        fixture.storeRoutes();
    }

    @TearDown(Level.Iteration)
    public void stop() {
        int n = fixture.server.routeCount();
        fixture.stop();
        if (n != routes) {
            throw new IllegalStateException("started with " + n + " routes, not " + routes);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public long start() {
        return fixture.start();
    }
}
