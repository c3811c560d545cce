package io.eventroute.benchmarks.routes;

import io.eventroute.benchmarks.BenchmarkSettings;
import io.eventroute.compiler.RouteIndex;
import io.eventroute.runtime.event.ReadPlan;
import io.eventroute.runtime.event.SelectiveEvent;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The byte-reading part of {@link RouteMatchBenchmark} alone: {@link SelectiveEvent#read} of the next event
 * of the workload ({@code cycled} or {@code distinct}, as there) with the read plan the route table builds
 * for N routes, without the index lookup. One instance per thread (JMH state); not for use by several
 * threads.
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectiveReadBenchmark extends BenchmarkSettings {
    @Param({"100", "100000"})
    public int routes;

    @Param({RouteWorkload.CYCLED, RouteWorkload.DISTINCT})
    public String events = RouteWorkload.CYCLED;

    private byte[][] eventBytes;
    private SelectiveEvent view;
    private int next;

    @Setup
    public void setUp() {
        RouteWorkload workload = RouteWorkload.of(routes, events);
        RouteIndex index = workload.eventroute().index();
        eventBytes = workload.eventBytes;
        view = new SelectiveEvent(ReadPlan.of(index.attributes(), index.dataPointers()));
    }

    /** Reads the next event; returns its type so the JIT keeps the read (the view is reused). */
    @Benchmark
    public Object read() {
        int i = next;
        next = i + 1 == eventBytes.length ? 0 : i + 1;
        return view.read(eventBytes[i]).attribute("type");
    }
}
