package io.eventroute.benchmarks.compile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.eventroute.benchmarks.routes.RouteWorkload;
import io.eventroute.runtime.RouteTable;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Memory per route: a {@link RouteTable} of N workload routes measured two ways, the size of the object
 * graph reachable from the table (JOL's {@code GraphLayout}: compiled filters, index, the filter texts
 * the table keeps) and the growth of the used heap after full GCs. Not a JMH benchmark: memory has no
 * warm-up and no per-operation time. Stateless; thread-safe, but it calls {@code System.gc()}.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.eventroute.benchmarks.compile.RouteMemory
 * [output.json]}
 */
public final class RouteMemory {
    /** The route counts measured, as in the JMH benchmarks. */
    public static final int[] ROUTE_COUNTS = {1, 100, 10_000, 100_000};

    /** One measurement: totals in bytes and the same per route. */
    public record Result(int routes, long graphBytes, long heapDeltaBytes) {
        public double graphBytesPerRoute() {
            return (double) graphBytes / routes;
        }

        public double heapBytesPerRoute() {
            return (double) heapDeltaBytes / routes;
        }
    }

    static {
        // Records (the index uses them) refuse Unsafe.objectFieldOffset; JOL then needs its own way.
        if (System.getProperty("jol.magicFieldOffset") == null) {
            System.setProperty("jol.magicFieldOffset", "true");
        }
    }

    private RouteMemory() {
    }

    public static void main(String[] args) throws IOException {
        List<Result> results = new ArrayList<>();
        for (int n : ROUTE_COUNTS) {
            results.add(measure(n));
        }
        print(results, System.out);
        if (args.length > 0) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Files.writeString(Path.of(args[0]), mapper.writeValueAsString(results));
        }
    }

    /** Measures a table of {@code routes} workload routes. */
    public static Result measure(int routes) {
        RouteWorkload workload = new RouteWorkload(routes);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        RouteTable<Void> table = workload.eventroute();
        long after = usedAfterGc(memory);
        long graph = GraphLayout.parseInstance(table).totalSize();
        Reference.reachabilityFence(table);
        Reference.reachabilityFence(workload);
        return new Result(routes, graph, after - before);
    }

    static void print(List<Result> results, PrintStream out) {
        out.println("routes     graph bytes  graph B/route   heap delta  heap B/route");
        for (Result r : results) {
            out.println(String.format(Locale.ROOT, "%6d %14d %14.0f %12d %13.0f", r.routes(), r.graphBytes(),
                    r.graphBytesPerRoute(), r.heapDeltaBytes(), r.heapBytesPerRoute()));
        }
    }

    // Several collections: one full GC may leave objects that became garbage during it.
    private static long usedAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
