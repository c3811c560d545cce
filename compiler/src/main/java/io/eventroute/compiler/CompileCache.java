package io.eventroute.compiler;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Compile results by dialect and filter text, each distinct text compiled once by the function given:
 * for loading a table whose routes repeat filters (the same condition for several endpoints), where the
 * routes of one text then share its compiled filter, which is immutable. Thread-safe; it keeps every
 * result it gave, so it is made for one load and dropped after it.
 */
public final class CompileCache {
    private final BiFunction<Dialect, String, CompileResult> compiler;
    private final Map<Dialect, Map<String, CompileResult>> results = new ConcurrentHashMap<>();

    /** A cache that compiles with {@code compiler}, which must be thread-safe when the cache is shared. */
    public CompileCache(BiFunction<Dialect, String, CompileResult> compiler) {
        this.compiler = Objects.requireNonNull(compiler, "compiler");
    }

    /** The result of {@code filter} in {@code dialect}: compiled now, or the one given before for the same text. */
    public CompileResult compile(Dialect dialect, String filter) {
        Objects.requireNonNull(filter, "filter");
        Map<String, CompileResult> byText = results.computeIfAbsent(Objects.requireNonNull(dialect, "dialect"),
                d -> new ConcurrentHashMap<>());
        CompileResult known = byText.get(filter);
        if (known != null) {
            return known;
        }
        // Compiled outside the map's locks: threads compiling other texts never wait on this one. Two
        // threads meeting the same new text both compile it, and both return the one kept.
        CompileResult result = Objects.requireNonNull(compiler.apply(dialect, filter), "compile result");
        known = byText.putIfAbsent(filter, result);
        return known != null ? known : result;
    }
}
