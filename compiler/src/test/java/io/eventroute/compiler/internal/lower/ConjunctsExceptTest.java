package io.eventroute.compiler.internal.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.Limits;
import io.eventroute.compiler.ModelSet;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.ast.Span;
import io.eventroute.compiler.internal.plan.AdtEvaluator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index takes the rest of a route's AND from its program: it must be what lowering the rest gives. */
class ConjunctsExceptTest {
    private static Expr.And tree(String filter) {
        return (Expr.And) AdtEvaluator.checkedTree(filter, Limits.DEFAULT);
    }

    private static String lowered(List<Expr> conjuncts, Span span) {
        Expr e = conjuncts.isEmpty() ? new Expr.Literal(Boolean.TRUE, Span.NONE)
                : conjuncts.size() == 1 ? conjuncts.get(0) : new Expr.And(conjuncts, span);
        return Programs.of(e, ModelSet.empty()).describe();
    }

    @Test
    void theRestOfAnAndIsWhatLoweringItAloneGives() {
        Expr.And and = tree("type = 'a' AND subject = 'b' AND $body.x > 5 AND ANY($body.items[*], @ = 3)"
                + " AND STARTS_WITH(source, 'c')");
        Cond whole = Programs.of(and, ModelSet.empty()).root();
        int n = and.operands().size();
        for (int first = -1; first < n; first++) {
            for (int second = -1; second < n; second++) {
                if (second != -1 && second <= first) {
                    continue;
                }
                List<Expr> rest = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (i != first && i != second) {
                        rest.add(and.operands().get(i));
                    }
                }
                Cond got = Programs.conjunctsExcept(whole, n, first, second);
                assertEquals(lowered(rest, and.span()), got.toString(), first + "," + second);
            }
        }
        Cond none = Programs.conjunctsExcept(Programs.of(tree("type = 'a' AND subject = 'b'"), ModelSet.empty()).root(), 2, 0, 1);
        assertTrue(Programs.isConstantTrue(none));
    }

    @Test
    void aProgramThatFoldingChangedIsLoweredAgain() {
        Expr.And folded = tree("type = 'a' AND 1 = 1 AND subject = 'b'"); // the constant conjunct is dropped
        assertNull(Programs.conjunctsExcept(Programs.of(folded, ModelSet.empty()).root(), 3, 0, -1));
    }
}
