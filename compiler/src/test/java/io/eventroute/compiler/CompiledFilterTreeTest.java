package io.eventroute.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventroute.compiler.ast.ExprPrinter;
import io.eventroute.compiler.internal.plan.AdtEvaluator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The syntax tree is kept weakly; when it is gone it comes back identical, and matching never needs it. */
class CompiledFilterTreeTest {
    @Test
    void aForgottenTreeIsRebuiltIdentically() {
        String source = "$eventType = 'DigitalTwinChangeNotification' AND STARTS_WITH(subject, 'room') AND $body.x > -1";
        CompiledFilter f = FilterCompiler.builder().limits(new Limits(500, 10, 10)).build().compile(source).orThrow();
        String tree = ExprPrinter.tree(f.tree().orElseThrow());
        String normalized = f.normalized();
        f.forgetTree();
        assertEquals(tree, ExprPrinter.tree(f.tree().orElseThrow()));
        assertEquals(normalized, f.normalized());
        f.forgetTree();
        EventView e = EventView.of(Map.of("type", "Microsoft.DigitalTwins.Twin.Update", "subject", "room-1", "data", Map.of("x", 0)));
        assertEquals(true, f.matches(e));
        RouteIndex index = RouteIndex.empty().with("r", f);
        assertEquals(java.util.List.of("r"), index.match(e));
    }

    @Test
    void theTreeOutlivesACollectionUntilTheFilterIsFiledSoFilingNeverParsesAgain() {
        CompiledFilter f = FilterCompiler.builder().build().compile("type = 'a' AND subject = 'b'").orThrow();
        Object tree = f.tree().orElseThrow();
        java.lang.ref.WeakReference<Object> watched = new java.lang.ref.WeakReference<>(tree);
        tree = null;
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        // Still the tree compiling built: held until filed, not rebuilt from the source.
        assertEquals(true, watched.get() != null, "the tree was collected before the filter was filed");
        assertEquals(true, watched.get() == f.tree().orElseThrow());
        RouteIndex.empty().with("r", f);
        assertEquals(List.of("r"), RouteIndex.empty().with("r", f).match(EventView.of(Map.of("type", "a", "subject", "b"))));
    }

    @Test
    void aTreeThatCannotBeRebuiltLeavesTheRouteIndexedWhole() {
        CompiledFilter ok = FilterCompiler.builder().build().compile("type = 'a' AND subject = 'b'").orThrow();
        AdtEvaluator real = (AdtEvaluator) ok.evaluator();
        // Limits the source no longer fits: rebuilding the tree fails, as a rebuild deep in a stack could.
        CompiledFilter f = new CompiledFilter(ok.source(), Dialect.ADT,
                new AdtEvaluator(ok.source(), new Limits(5, 10, 10), ok.tree().orElseThrow(), real.program()));
        f.forgetTree();
        RouteIndex index = RouteIndex.empty().with("r", f).with("s", ok);
        assertEquals(List.of("r", "s"), index.match(EventView.of(Map.of("type", "a", "subject", "b"))));
        assertEquals(List.of(), index.match(EventView.of(Map.of("type", "a", "subject", "c"))));
    }
}
