package io.eventroute.benchmarks.compile;

import io.eventroute.benchmarks.BenchmarkSettings;
import io.eventroute.benchmarks.SampleFilters;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.FilterCompiler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time to compile one filter from text to a {@code CompiledFilter}: lexing, parsing, checking, folding and
 * lowering, as a route is created or a route table reloaded. One instance per benchmark run (JMH state);
 * not for use by several threads.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompileBenchmark extends BenchmarkSettings {
    // Not final and set in setup, so the JIT cannot treat the inputs as constants.
    private FilterCompiler compiler;
    private String typical;
    private String large;

    @Setup
    public void setup() {
        compiler = SampleFilters.compiler();
        typical = SampleFilters.TYPICAL;
        large = SampleFilters.large();
        // A filter that stops compiling would make the benchmark time an error path; refuse to run instead.
        requireNoErrors(compiler.compile(typical));
        requireNoErrors(compiler.compile(large));
    }

    /** The typical three-condition route filter. */
    @Benchmark
    public CompileResult typical() {
        return compiler.compile(typical);
    }

    /** The 40-condition filter with IN lists, LIKE, NOT IN, {@code [*]} and functions. */
    @Benchmark
    public CompileResult large() {
        return compiler.compile(large);
    }

    private static void requireNoErrors(CompileResult result) {
        if (result.hasErrors()) {
            throw new IllegalStateException("benchmark filter does not compile:\n" + result.render());
        }
    }
}
