package io.eventroute.benchmarks.compile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.benchmarks.BenchmarkSettings;
import io.eventroute.cli.workload.Workload;
import io.eventroute.compiler.Limits;
import io.eventroute.kafka.LiveRoutes;
import io.eventroute.benchmarks.routes.RouteWorkload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The route table of a streams instance's restart: every record of the routes topic ({@code routes}
 * routes of the seeded workload, as the topic holds them) applied to a new {@link LiveRoutes} in order,
 * as its global store's restore does, then one read of the table. One cold shot per JVM, since a restart
 * is a new JVM: the figure is the fork's only iteration. One instance per run; not thread-safe.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 5)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class StreamsRestartBenchmark extends BenchmarkSettings {
    @Param({"100000"})
    public int routes;

    private String[] ids;
    private byte[][] records;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Workload.Route> all = new Workload(RouteWorkload.SEED, routes).routes(routes);
        ids = new String[all.size()];
        records = new byte[all.size()][];
        for (int i = 0; i < all.size(); i++) {
            ObjectNode value = json.createObjectNode().put("endpoint", "ep-" + (i % 10)).put("filter", all.get(i).filter());
            ids[i] = all.get(i).id();
            records[i] = json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Benchmark
    public int replay() {
        LiveRoutes live = new LiveRoutes(Limits.DEFAULT);
        for (int i = 0; i < ids.length; i++) {
            if (live.apply(ids[i], records[i], "routes-0@" + i) != LiveRoutes.Outcome.ADDED) {
                throw new IllegalStateException("route record " + i + " was not added: " + live.pollError());
            }
        }
        int size = live.size();
        if (size != routes) {
            throw new IllegalStateException(size + " routes, not " + routes);
        }
        return size;
    }
}
