package io.eventroute.benchmarks.routes;

import io.eventroute.runtime.RouteTable;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import software.amazon.event.ruler.Machine;

/**
 * A benchmark main (not JMH) for how an engine behaves from its first event on a stream of distinct
 * events: N routes loaded into a fresh JVM, then K passes over M seeded events in order, eventroute
 * and (unless {@code --no-ruler}) event-ruler one pass each in turn, on the same events. Prints, per
 * pass, nanoseconds (wall clock, and the matching thread's CPU time, which a machine shared with other
 * work disturbs less) and bytes allocated per event: the first pass shows the warm-up a router pays in
 * its first minutes, which the steady-state JMH figures leave out. Each pass checks that the two
 * engines found the same number of matches. Single-threaded; not for use by several threads.
 *
 * <p>Usage: {@code java -Xmx3g -cp benchmarks.jar io.eventroute.benchmarks.routes.StreamPasses ROUTES EVENTS
 * PASSES [--no-ruler]}
 */
public final class StreamPasses {
    private StreamPasses() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: StreamPasses ROUTES EVENTS PASSES [--no-ruler]");
            System.exit(2);
        }
        int routes = Integer.parseInt(args[0]);
        int events = Integer.parseInt(args[1]);
        int passes = Integer.parseInt(args[2]);
        boolean ruler = !(args.length > 3 && args[3].equals("--no-ruler"));
        RouteWorkload w = new RouteWorkload(routes, events);
        long start = System.nanoTime();
        RouteTable<Void> table = w.eventroute();
        System.out.printf(Locale.ROOT, "eventroute: %,d routes loaded in %.0f ms%n", routes, (System.nanoTime() - start) / 1e6);
        Machine machine = null;
        if (ruler) {
            start = System.nanoTime();
            machine = w.eventRuler();
            System.out.printf(Locale.ROOT, "event-ruler: %,d routes loaded in %.0f ms%n", routes, (System.nanoTime() - start) / 1e6);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        for (int pass = 1; pass <= passes; pass++) {
            long allocated = threads.getThreadAllocatedBytes(self);
            long cpu = threads.getCurrentThreadCpuTime();
            start = System.nanoTime();
            long ours = 0;
            for (byte[] e : w.eventBytes) {
                ours += table.match(e).size();
            }
            long nanos = System.nanoTime() - start;
            long cpuNanos = threads.getCurrentThreadCpuTime() - cpu;
            long bytes = threads.getThreadAllocatedBytes(self) - allocated;
            String line = String.format(Locale.ROOT,
                    "pass %d: eventroute %,.0f ns/event (CPU %,.0f), %,.0f B/event, %.2f matches/event",
                    pass, (double) nanos / events, (double) cpuNanos / events, (double) bytes / events, (double) ours / events);
            if (machine != null) {
                cpu = threads.getCurrentThreadCpuTime();
                start = System.nanoTime();
                long theirs = 0;
                for (String e : w.eventStrings) {
                    theirs += machine.rulesForJSONEvent(e).size();
                }
                long rulerNanos = System.nanoTime() - start;
                long rulerCpu = threads.getCurrentThreadCpuTime() - cpu;
                if (theirs != ours) {
                    throw new IllegalStateException("engines disagree: eventroute " + ours + " matches, event-ruler " + theirs);
                }
                line += String.format(Locale.ROOT, "; event-ruler %,.0f ns/event (CPU %,.0f); ratio %.3f (CPU %.3f)",
                        (double) rulerNanos / events, (double) rulerCpu / events, (double) nanos / rulerNanos,
                        (double) cpuNanos / rulerCpu);
            }
            System.out.println(line + "; load " + loadAverage());
        }
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
