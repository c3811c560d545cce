package io.eventroute.benchmarks.compile;

import io.eventroute.benchmarks.BenchmarkSettings;
import io.eventroute.benchmarks.SampleFilters;
import io.eventroute.benchmarks.routes.RouteWorkload;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.runtime.RouteTable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Latency of changing one route while {@code routes} routes are present: {@code put} adds a route with a
 * fresh id from its filter text (compile plus a new index snapshot), {@code putCompiled} the same with a
 * filter compiled beforehand (the index alone), {@code remove} removes a route added just before. Sampled
 * per call, so the result has percentiles (the median is {@code p0.50}); the per-invocation helper puts
 * the table back as it was, outside the timed call. One instance per benchmark run (JMH state); not for
 * use by several threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AddRouteBenchmark extends BenchmarkSettings {
    /** The route added and removed; its shape is the workload's most common one. */
    public static final String FILTER = "type = 'Microsoft.DigitalTwins.Twin.Update' AND subject = 'room-0-1-2'";
    private static final String FRESH_ID = "fresh-route";

    @Param({"100000"})
    public int routes;

    private RouteTable<Void> table;
    private CompiledFilter compiled;
    private String filter;

    @Setup(Level.Trial)
    public void setup() {
        table = new RouteWorkload(routes).eventroute();
        filter = FILTER;
        compiled = SampleFilters.compiler().compile(FILTER).orThrow();
    }

    /** Runs after every call: the next call starts from {@code routes} routes again, none of them fresh. */
    @TearDown(Level.Invocation)
    public void restore() {
        table.remove(FRESH_ID);
        if (table.size() != routes) {
            throw new IllegalStateException("table has " + table.size() + " routes, not " + routes);
        }
    }

    @Benchmark
    public CompileResult put() {
        return table.put(FRESH_ID, filter);
    }

    @Benchmark
    public RouteTable<Void> putCompiled() {
        table.put(FRESH_ID, compiled);
        return table;
    }

    /** Removes the fresh route that {@link RemoveState} added before the call. */
    @Benchmark
    public boolean remove(RemoveState state) {
        return table.remove(FRESH_ID);
    }

    /** Adds the fresh route before each {@code remove} call, outside the timing. Not thread-safe. */
    @State(Scope.Benchmark)
    public static class RemoveState {
        @Setup(Level.Invocation)
        public void addFresh(AddRouteBenchmark benchmark) {
            benchmark.table.put(FRESH_ID, benchmark.compiled);
        }
    }

    /** The table, for tests. */
    public RouteTable<Void> table() {
        return table;
    }
}
