package io.eventroute.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run settings every eventroute benchmark shares (the "full set"), kept in one place so that numbers
 * from different benchmark classes are comparable. JMH's annotations are inherited, so a benchmark class
 * only extends this and adds its {@code @State} and {@code @OutputTimeUnit}; command-line options
 * ({@code -f -wi -w -i -r}) override these for a quick run. Holds no state; thread-safe.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = BenchmarkSettings.FORKS, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = BenchmarkSettings.WARMUP_ITERATIONS, time = BenchmarkSettings.ITERATION_SECONDS,
        timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = BenchmarkSettings.MEASUREMENT_ITERATIONS, time = BenchmarkSettings.ITERATION_SECONDS,
        timeUnit = TimeUnit.SECONDS)
public abstract class BenchmarkSettings {
    /** Separate JVMs per benchmark: run-to-run JIT variance is larger than in-run noise. */
    public static final int FORKS = 3;
    /** Compiling the large filter needs 10-15 s of warmup on 2 cores before C2 has settled. */
    public static final int WARMUP_ITERATIONS = 10;
    public static final int MEASUREMENT_ITERATIONS = 10;
    public static final int ITERATION_SECONDS = 2;

    protected BenchmarkSettings() {
    }
}
