package io.eventroute.compiler;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Compile results by dialect and filter text, each distinct text compiled once by the function given:
 * for loading a table whose routes repeat filters (the same condition for several endpoints), where the
 * routes of one text then share its compiled filter, which is immutable (and its syntax tree, which
 * filing reads, is kept as long as the cache). Thread-safe; it keeps every
 * result it gave, so it is made for one load and dropped after it.
 */
public final class CompileCache {
    private final BiFunction<Dialect, String, CompileResult> compiler;
    private final Map<Dialect, Map<String, Kept>> results = new ConcurrentHashMap<>();

    /**
     * A result and, for a filter with a syntax tree, that tree: a filter is filed once per route that has
     * it, often far apart in a file, and its evaluator holds the tree only weakly once filed, so without
     * this each later filing would parse and check the filter again.
     */
    private record Kept(CompileResult result, Object tree) {
    }

    /** A cache that compiles with {@code compiler}, which must be thread-safe when the cache is shared. */
    public CompileCache(BiFunction<Dialect, String, CompileResult> compiler) {
        this.compiler = Objects.requireNonNull(compiler, "compiler");
    }

    /** The result of {@code filter} in {@code dialect}: compiled now, or the one given before for the same text. */
    public CompileResult compile(Dialect dialect, String filter) {
        Objects.requireNonNull(filter, "filter");
        Map<String, Kept> byText = results.computeIfAbsent(Objects.requireNonNull(dialect, "dialect"),
                d -> new ConcurrentHashMap<>());
        Kept known = byText.get(filter);
        if (known != null) {
            return known.result;
        }
        // Compiled outside the map's locks: threads compiling other texts never wait on this one. Two
        // threads meeting the same new text both compile it, and both return the one kept.
        CompileResult result = Objects.requireNonNull(compiler.apply(dialect, filter), "compile result");
        Object tree = result.filter().map(f -> (Object) f.evaluator().tree()).orElse(null);
        known = byText.putIfAbsent(filter, new Kept(result, tree));
        return known != null ? known.result : result;
    }
}
