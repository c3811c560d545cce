package io.eventroute.benchmarks.compile;

import io.eventroute.benchmarks.BenchmarkSettings;
import io.eventroute.benchmarks.routes.RouteWorkload;
import io.eventroute.cli.workload.Workload;
import io.eventroute.runtime.RouteTable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time to load N routes from their filter text into an empty {@link RouteTable} (compile each filter and
 * add it to the index), as at start-up or on a full reload; the workload's routes: one {@code put} each
 * ({@link #load}), or all compiled first and filed as one batch ({@link #loadAll}, what {@code match},
 * {@code route} and {@code serve} do). One instance per benchmark run (JMH state); not for use by
 * several threads.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RouteLoadBenchmark extends BenchmarkSettings {
    @Param({"1", "100", "10000", "100000"})
    public int routes;

    private List<Workload.Route> workload;

    @Setup
    public void setup() {
        workload = new Workload(RouteWorkload.SEED, routes).routes(routes);
    }

    @Benchmark
    public RouteTable<Void> load() {
        RouteTable<Void> table = RouteTable.create();
        for (Workload.Route r : workload) {
            table.put(r.id(), r.filter());
        }
        if (table.size() != routes) {
            throw new IllegalStateException("loaded " + table.size() + " routes, not " + routes);
        }
        return table;
    }

    @Benchmark
    public RouteTable<Void> loadAll() {
        RouteTable<Void> table = RouteTable.create();
        java.util.Map<String, io.eventroute.compiler.CompiledFilter> all = new java.util.LinkedHashMap<>();
        for (Workload.Route r : workload) {
            all.put(r.id(), table.compile(io.eventroute.compiler.Dialect.ADT, r.filter()).orThrow());
        }
        table.putAll(all);
        if (table.size() != routes) {
            throw new IllegalStateException("loaded " + table.size() + " routes, not " + routes);
        }
        return table;
    }
}
