package io.eventroute.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.ast.Expr;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each distinct text is compiled once per dialect, and every caller of a text gets the one result kept. */
class CompileCacheTest {
    @Test
    void aTextIsCompiledOncePerDialectAndSharedByEveryCaller() {
        AtomicInteger compiles = new AtomicInteger();
        CompileCache cache = new CompileCache((dialect, filter) -> {
            compiles.incrementAndGet();
            return FilterCompiler.builder().dialect(dialect).build().compile(filter);
        });
        List<CompileResult> first = IntStream.range(0, 10)
                .mapToObj(i -> cache.compile(Dialect.ADT, "subject = 'room-" + i + "'")).toList();
        assertEquals(10, compiles.get());
        List<CompileResult> results = IntStream.range(0, 2_000).parallel()
                .mapToObj(i -> cache.compile(Dialect.ADT, "subject = 'room-" + (i % 10) + "'")).toList();
        for (int i = 0; i < results.size(); i++) {
            assertSame(first.get(i % 10), results.get(i));
        }
        assertEquals(10, compiles.get(), "no text compiled again, from any thread");
        CompileResult cesql = cache.compile(Dialect.CESQL, "subject = 'room-1'");
        assertNotSame(first.get(1), cesql);
        assertEquals(Dialect.CESQL, cesql.orThrow().dialect());
        CompileResult bad = cache.compile(Dialect.ADT, "type = ");
        assertTrue(bad.hasErrors());
        assertSame(bad, cache.compile(Dialect.ADT, "type = "), "results with errors are kept too");
    }

    /**
     * A filter that routes share is filed once per route, and its evaluator holds its syntax tree only
     * weakly once filed: the cache keeps the tree while it lives (else each later filing parses the filter
     * again), and lets it go with itself.
     */
    @Test
    void theCacheKeepsAFiledFiltersTreeWhileItLives() {
        CompileCache cache = new CompileCache((dialect, filter) -> FilterCompiler.builder().dialect(dialect).build().compile(filter));
        String text = "type = 'Microsoft.DigitalTwins.Twin.Create' AND subject = 'room-1'";
        CompiledFilter filter = cache.compile(Dialect.ADT, text).orThrow();
        RouteIndex index = RouteIndex.empty().with("a", filter);
        WeakReference<Expr> tree = new WeakReference<>(filter.evaluator().tree());
        collect();
        assertNotNull(tree.get(), "filed, the tree is still there for the next route of this text");
        assertSame(filter, cache.compile(Dialect.ADT, text).orThrow());
        index = index.with("b", filter);
        assertEquals(List.of("a", "b"), index.ids());

        cache = null;
        collect();
        assertNull(tree.get(), "with the cache gone, a filed filter's tree is the collector's to take");
        assertEquals(List.of("b"), index.without("a").ids());
    }

    private static void collect() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }
}
