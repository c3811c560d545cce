package io.eventroute.benchmarks.routes;

import io.eventroute.benchmarks.BenchmarkSettings;
import io.eventroute.runtime.RouteTable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import software.amazon.event.ruler.Machine;

/**
 * The headline: one ADT-mix event given as JSON bytes, matched against N routes (bytes in, route ids
 * out), by eventroute's route table and by event-ruler 2.0.1 on the same events and the same conditions.
 * Setup checks that both engines report the same number of matches over the whole event set.
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteMatchBenchmark extends BenchmarkSettings {
    @Param({"1", "100", "10000", "100000"})
    public int routes;

    @Param({"eventroute", "event-ruler"})
    public String engine;

    private RouteWorkload workload;
    private RouteTable table;
    private Machine machine;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        workload = new RouteWorkload(routes);
        if (engine.equals("eventroute")) {
            table = workload.eventroute();
        } else {
            machine = workload.eventRuler();
        }
        Agreement.check(workload, table == null ? workload.eventroute() : table, machine == null ? workload.eventRuler() : machine);
    }

    @Benchmark
    public List<String> match() throws Exception {
        int i = next++ % RouteWorkload.EVENTS;
        return table != null ? table.match(workload.eventBytes[i]) : machine.rulesForJSONEvent(workload.eventStrings[i]);
    }
}
