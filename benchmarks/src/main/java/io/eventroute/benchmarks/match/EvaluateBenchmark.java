package io.eventroute.benchmarks.match;

import io.eventroute.benchmarks.BenchmarkSettings;
import io.eventroute.benchmarks.SampleEvents;
import io.eventroute.benchmarks.SampleFilters;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.FilterCompiler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time to evaluate one compiled filter against one pre-parsed event ({@code CompiledFilter.matches}), the
 * per-event, per-route cost of routing; JSON decoding is excluded. One instance per benchmark run (JMH
 * state); not for use by several threads.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EvaluateBenchmark extends BenchmarkSettings {
    // Not final and set in setup, so the JIT cannot fold the filters or events into constants.
    private CompiledFilter typical;
    private CompiledFilter patchWildcard;
    private CompiledFilter patchAny;
    private CompiledFilter telemetryThreshold;
    private EventView twinUpdate;
    private EventView twinUpdateRoom0;
    private EventView telemetry;
    private EventView telemetryHot;

    @Setup
    public void setup() {
        FilterCompiler compiler = SampleFilters.compiler();
        typical = compiler.compile(SampleFilters.TYPICAL).orThrow();
        patchWildcard = compiler.compile(SampleFilters.PATCH_WILDCARD).orThrow();
        patchAny = compiler.compile(SampleFilters.PATCH_ANY).orThrow();
        telemetryThreshold = compiler.compile(SampleFilters.TELEMETRY_THRESHOLD).orThrow();
        twinUpdate = SampleEvents.view(SampleEvents.TWIN_UPDATE);
        twinUpdateRoom0 = SampleEvents.view(SampleEvents.TWIN_UPDATE_ROOM_0);
        telemetry = SampleEvents.view(SampleEvents.TELEMETRY);
        telemetryHot = SampleEvents.view(SampleEvents.TELEMETRY_HOT);
        // Timing a case whose answer is wrong measures the wrong path; refuse to run instead.
        expect("typicalMatch", typicalMatch(), true);
        expect("typicalMissOnSubject", typicalMissOnSubject(), false);
        expect("typicalMissOnType", typicalMissOnType(), false);
        expect("patchWildcard", patchWildcard(), true);
        expect("patchAny", patchAny(), true);
        expect("telemetryThreshold", telemetryThreshold(), true);
    }

    /** Typical filter, matching Twin.Update: all three conditions evaluated, all true. */
    @Benchmark
    public boolean typicalMatch() {
        return typical.matches(twinUpdate);
    }

    /** Typical filter, Twin.Update of room-0: all three conditions evaluated, the last one false. */
    @Benchmark
    public boolean typicalMissOnSubject() {
        return typical.matches(twinUpdateRoom0);
    }

    /** Typical filter, telemetry event: rejected by the first condition (the common case for most routes). */
    @Benchmark
    public boolean typicalMissOnType() {
        return typical.matches(telemetry);
    }

    /** {@code $body.patch[*].path = ...} over a two-element patch, matching on the second element. */
    @Benchmark
    public boolean patchWildcard() {
        return patchWildcard.matches(twinUpdate);
    }

    /** {@code ANY($body.patch, @.path = ... AND @.value > 21)}, matching on the first element. */
    @Benchmark
    public boolean patchAny() {
        return patchAny.matches(twinUpdate);
    }

    /** Type, dataschema and a numeric threshold on a telemetry event at 35 degrees: matching. */
    @Benchmark
    public boolean telemetryThreshold() {
        return telemetryThreshold.matches(telemetryHot);
    }

    private static void expect(String benchmark, boolean actual, boolean expected) {
        if (actual != expected) {
            throw new IllegalStateException(benchmark + ": expected matches() = " + expected + ", got " + actual);
        }
    }
}
