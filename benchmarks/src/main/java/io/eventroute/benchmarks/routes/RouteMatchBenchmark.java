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
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.event.ruler.Machine;

/**
 * The headline: one ADT-mix event given as JSON bytes, matched against N routes (bytes in, route ids
 * out), by eventroute's route table, by event-ruler 2.0.1, and by the naive loop (Jackson decodes the
 * event once, then each route's SpEL expression runs), on the same events and the same conditions. Each
 * operation matches the next event of the workload: {@code cycled}, the same {@link RouteWorkload#EVENTS}
 * events over and over (what fits the caches), or {@code distinct}, a stream of
 * {@link RouteWorkload#DISTINCT_EVENTS} events read in order, each new (what a router meets). Setup checks
 * that the engine under test reports as many matches as eventroute ({@link RouteWorkload#checkedEvents()}).
 * One instance per thread (JMH state); not for use by several threads.
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteMatchBenchmark extends BenchmarkSettings {
    public static final String EVENTROUTE = "eventroute";
    public static final String EVENT_RULER = "event-ruler";
    public static final String NAIVE_SPEL = "naive-spel";

    @Param({"1", "100", "10000", "100000"})
    public int routes;

    @Param({EVENTROUTE, EVENT_RULER, NAIVE_SPEL})
    public String engine;

    @Param({RouteWorkload.CYCLED, RouteWorkload.DISTINCT})
    public String events = RouteWorkload.CYCLED;

    // Only the form the engine reads is kept: the distinct stream in both forms is 160 MB.
    private byte[][] eventBytes;
    private String[] eventStrings;
    private RouteTable<Void> table;
    private Machine machine;
    private NaiveSpelRoutes naive;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        RouteWorkload workload = RouteWorkload.of(routes, events);
        switch (engine) {
            case EVENTROUTE:
                table = workload.eventroute();
                eventBytes = workload.eventBytes;
                break;
            case EVENT_RULER:
                machine = workload.eventRuler();
                Agreement.check(workload, workload.checkedBytes(), workload.eventroute(), engine,
                        RouteWorkload.count(machine, workload.checkedStrings()));
                eventStrings = workload.eventStrings;
                break;
            case NAIVE_SPEL:
                naive = workload.naiveSpel();
                // The agreement pass is also SpEL's warm-up: it learns the operand types it needs to compile.
                Agreement.check(workload, workload.checkedBytes(), workload.eventroute(), engine,
                        RouteWorkload.count(naive, workload.checkedBytes()));
                int compiled = naive.compileAll();
                System.out.println("naive-spel: " + compiled + " of " + naive.size()
                        + " expressions compiled to bytecode after setup");
                eventBytes = workload.eventBytes;
                break;
            default:
                throw new IllegalArgumentException("unknown engine " + engine + "; expected " + EVENTROUTE + ", "
                        + EVENT_RULER + " or " + NAIVE_SPEL);
        }
    }

    /** Compiles, outside the timing, the SpEL expressions that have now evaluated all their operands. */
    @Setup(Level.Iteration)
    public void compileSpel() {
        if (naive != null) {
            naive.compileAll();
        }
    }

    /** SpEL compiles an expression once it has seen all its operands; the log shows how many got there. */
    @TearDown(Level.Trial)
    public void reportCompiled() {
        if (naive != null) {
            System.out.println("naive-spel: " + naive.compileAll() + " of " + naive.size()
                    + " expressions compiled to bytecode at the end of the trial");
        }
    }

    @Benchmark
    public List<String> match() throws Exception {
        int i = next;
        next = i + 1 == count() ? 0 : i + 1;
        if (table != null) {
            return table.match(eventBytes[i]);
        }
        if (machine != null) {
            return machine.rulesForJSONEvent(eventStrings[i]);
        }
        return naive.match(eventBytes[i]);
    }

    private int count() {
        return eventBytes != null ? eventBytes.length : eventStrings.length;
    }
}
