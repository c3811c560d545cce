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
 * Finds conjunctions that can never be true because they pin one value to two different constants
 * ({@code type = 'A' AND type = 'B'}, {@code x IN (1, 2) AND x = 3}, {@code x = 1 AND x != 1}), and
 * disjunctions that are always true ({@code x IS NULL OR x IS NOT NULL}; for the attributes every
 * event has, {@code type != 'A' OR type != 'B'} and {@code type = 'A' OR type != 'A'}).
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

    /** Attributes every CloudEvent has, so a comparison on them is never undefined for a valid event. */
    private static final java.util.Set<String> REQUIRED = java.util.Set.of("specversion", "id", "source", "type");

    static void checkOr(Expr.Or or, Problems problems) {
        Map<String, Boolean> nullTests = new LinkedHashMap<>();
        Map<String, List<Object>> equal = new LinkedHashMap<>();
        Map<String, List<Object>> unequal = new LinkedHashMap<>();
        for (Expr operand : or.operands()) {
            if (operand instanceof Expr.IsNull n && isField(n.subject())) {
                Boolean before = nullTests.put(ExprPrinter.tree(n.subject()), n.negated());
                if (before != null && before != n.negated()) {
                    reportAlways(problems, or, ExprPrinter.tree(n.subject()) + " is either null or not");
                    return;
                }
            } else if (operand instanceof Expr.Comparison c && (c.op() == ComparisonOp.EQ || c.op() == ComparisonOp.NE)
                    && c.left() instanceof Expr.Attribute a && REQUIRED.contains(a.name()) && c.right() instanceof Literal l
                    && !(l.value() instanceof JsonNull)) {
                (c.op() == ComparisonOp.EQ ? equal : unequal).computeIfAbsent(a.name(), k -> new ArrayList<>()).add(l.value());
            }
        }
        for (Map.Entry<String, List<Object>> e : unequal.entrySet()) {
            List<Object> values = e.getValue();
            boolean differentPair = values.stream().anyMatch(v -> values.stream().anyMatch(w -> !Checker.compatible(v, w)));
            boolean complement = equal.getOrDefault(e.getKey(), List.of()).stream()
                    .anyMatch(v -> values.stream().anyMatch(w -> Checker.compatible(v, w)));
            if (differentPair || complement) {
                reportAlways(problems, or, "every event has " + e.getKey() + ", and any value satisfies one side");
                return;
            }
        }
    }

    private static void reportAlways(Problems problems, Expr.Or or, String why) {
        problems.report(DiagnosticCode.ALWAYS_TRUE, or.span(), "This condition is always true: " + why,
                "did you mean AND?");
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
