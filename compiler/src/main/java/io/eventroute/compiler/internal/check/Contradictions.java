package io.eventroute.compiler.internal.check;

import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.JsonNull;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.ast.Expr.ComparisonOp;
import io.eventroute.compiler.ast.Expr.Literal;
import io.eventroute.compiler.ast.ExprPrinter;
import io.eventroute.compiler.internal.Problems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds conjunctions that can never be true because they pin one value to two different constants:
 * {@code type = 'A' AND type = 'B'}, {@code x IN (1, 2) AND x = 3}, {@code x = 1 AND x != 1}.
 */
final class Contradictions {
    private Contradictions() {
    }

    static void check(Expr.And and, Problems problems) {
        Map<String, List<Object>> allowed = new LinkedHashMap<>();
        Map<String, List<Object>> excluded = new LinkedHashMap<>();
        for (Expr operand : and.operands()) {
            if (operand instanceof Expr.Comparison c && (c.op() == ComparisonOp.EQ || c.op() == ComparisonOp.NE)) {
                Expr field = isField(c.left()) && c.right() instanceof Literal ? c.left()
                        : isField(c.right()) && c.left() instanceof Literal ? c.right() : null;
                if (field == null) {
                    continue;
                }
                Object value = ((Literal) (field == c.left() ? c.right() : c.left())).value();
                if (value instanceof JsonNull) {
                    continue;
                }
                String key = ExprPrinter.tree(field);
                if (c.op() == ComparisonOp.EQ) {
                    if (!restrict(allowed, key, List.of(value))) {
                        report(problems, and, key);
                        return;
                    }
                } else {
                    excluded.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                }
            } else if (operand instanceof Expr.In in && !in.negated() && isField(in.subject())) {
                List<Object> values = new ArrayList<>();
                for (Literal l : in.items()) {
                    values.add(l.value());
                }
                if (!restrict(allowed, ExprPrinter.tree(in.subject()), values)) {
                    report(problems, and, ExprPrinter.tree(in.subject()));
                    return;
                }
            }
        }
        for (Map.Entry<String, List<Object>> e : excluded.entrySet()) {
            List<Object> still = allowed.get(e.getKey());
            if (still != null && still.stream().allMatch(v -> e.getValue().stream().anyMatch(x -> Checker.compatible(v, x)))) {
                report(problems, and, e.getKey());
                return;
            }
        }
    }

    private static boolean restrict(Map<String, List<Object>> allowed, String key, List<Object> values) {
        List<Object> before = allowed.get(key);
        if (before == null) {
            allowed.put(key, new ArrayList<>(values));
            return true;
        }
        List<Object> after = new ArrayList<>();
        for (Object v : before) {
            if (values.stream().anyMatch(x -> Checker.compatible(v, x))) {
                after.add(v);
            }
        }
        allowed.put(key, after);
        return !after.isEmpty();
    }

    private static void report(Problems problems, Expr.And and, String field) {
        problems.report(DiagnosticCode.NEVER_TRUE, and.span(),
                "This condition is never true: it requires " + field + " to have two different values at once",
                "did you mean OR?");
    }

    private static boolean isField(Expr e) {
        if (e instanceof Expr.Attribute || e instanceof Expr.Model) {
            return true;
        }
        // Every @ directly inside one conjunction is the same element, so @ paths count too.
        return e instanceof Expr.DataPath p && !Checker.hasWildcard(p.segments())
                || e instanceof Expr.ElementPath q && !Checker.hasWildcard(q.segments());
    }
}
