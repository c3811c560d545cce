package io.eventroute.benchmarks.routes;

import io.eventroute.benchmarks.BenchmarkSettings;
import io.eventroute.cli.workload.Workload;
import io.eventroute.runtime.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Why {@link RouteMatchBenchmark}'s cost grows with the number of routes: the same route tables matched
 * against events of all tenants (the headline workload: each event touches another tenant's routes,
 * far apart in memory once there are 100,000 of them) and against events of one tenant only (the same
 * kinds of events, the same number of candidates and matches, but the routes they touch stay in the
 * processor's caches). The gap between the two at 100,000 routes is memory latency, not work. One
 * instance per thread (JMH state); not for use by several threads.
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteLocalityBenchmark extends BenchmarkSettings {
    public static final String ALL_TENANTS = "all-tenants";
    public static final String ONE_TENANT = "one-tenant";

    @Param({"100", "100000"})
    public int routes;

    @Param({ALL_TENANTS, ONE_TENANT})
    public String events;

    RouteTable<Void> table;
    byte[][] eventBytes;
    private int next;

    @Setup
    public void setUp() {
        RouteWorkload workload = new RouteWorkload(routes);
        table = workload.eventroute();
        switch (events) {
            case ALL_TENANTS:
                eventBytes = workload.eventBytes;
                break;
            case ONE_TENANT:
                // A workload of one tenant draws all its events from tenant 0, whose routes every table has.
                List<String> one = new Workload(RouteWorkload.SEED, 1).events(RouteWorkload.EVENTS);
                eventBytes = new byte[one.size()][];
                for (int i = 0; i < one.size(); i++) {
                    eventBytes[i] = one.get(i).getBytes(StandardCharsets.UTF_8);
                }
                break;
            default:
                throw new IllegalArgumentException("unknown events " + events + "; expected " + ALL_TENANTS + " or "
                        + ONE_TENANT);
        }
    }

    @Benchmark
    public List<String> match() {
        return table.match(eventBytes[next++ % eventBytes.length]);
    }
}
