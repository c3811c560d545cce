package io.eventroute.compiler.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.Limits;
import io.eventroute.compiler.ModelSet;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.internal.plan.AdtEvaluator;
import org.junit.jupiter.api.Test;

/**
 * A large table does not make a field for one route that refiling would move out again: that made
 * every route of such a shape be filed twice (and the field made and dropped each time).
 */
class BornSparseTest {
    private static Index with(Index index, String id, String filter) {
        Expr tree = AdtEvaluator.checkedTree(filter, Limits.DEFAULT);
        return index.with(id, filter, tree, io.eventroute.compiler.internal.lower.Programs.of(tree, ModelSet.empty()));
    }

    @Test
    void aLargeTableFilesUnderAFieldItHasRatherThanMakeOneThatWouldBeSparse() {
        Index index = Index.empty();
        for (int i = 0; i < Index.SPARSE_FROM; i++) {
            index = with(index, "s" + i, "source = 'host-" + (i % 50) + "'");
        }
        int fields = index.fieldCount();
        Index next = with(index, "rel", "source = 'host-7' AND $body.$relationshipName = 'contains'");
        assertEquals(fields, next.fieldCount(), next.indexedFields().toString());
        assertEquals(0, next.sparselyFiled().size(), "nothing for refiling to move");

        // Below that size a new field is worth making, as before.
        Index small = Index.empty();
        for (int i = 0; i < 10; i++) {
            small = with(small, "a" + i, "source = 'host-1'"); // a bucket of ten: a new field is cheaper
        }
        Index smallNext = with(small, "rel", "source = 'host-1' AND $body.$relationshipName = 'contains'");
        assertTrue(smallNext.fieldCount() > small.fieldCount(), smallNext.indexedFields().toString());

        // A route with nothing else to look up still gets its field.
        Index only = with(index, "only", "$body.$relationshipName = 'contains'");
        assertEquals(fields + 1, only.fieldCount(), only.indexedFields().toString());
    }
}
