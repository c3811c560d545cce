package io.eventroute.compiler.internal.plan;

import io.eventroute.compiler.ConditionValue;
import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.internal.index.Index;
import java.util.List;
import java.util.Set;

/**
 * What a {@link io.eventroute.compiler.CompiledFilter} runs, one implementation per dialect, as
 * cel-java puts its {@code Program} behind the public API: the public class delegates, and nothing
 * outside asks which dialect it holds. Implementations are immutable (apart from the weakly held
 * syntax tree, which is rebuilt on demand) and thread-safe.
 */
public sealed interface Evaluator permits AdtEvaluator, CesqlEvaluator {
    /** A value and the ids of its errors (cesql evaluation is fail-fast: at most one). */
    record Value(Object value, List<String> errors) {
    }

    /** True only when the filter is true for {@code event}. */
    boolean matches(EventView event);

    /** TRUE, FALSE, or null when the filter is undefined (or, for cesql, not a Boolean or in error). */
    Boolean evaluate(EventView event);

    /** The full result: the filter's value and its errors. */
    Value evaluateValue(EventView event);

    /** The value of each condition for {@code event}, the whole filter first (adt); empty for a dialect without a tree. */
    List<ConditionValue> conditions(EventView event);

    /** The checked syntax tree (adt), or null for a dialect that has none. */
    Expr tree();

    /** The filter in normalized form. */
    String normalized();

    /** The evaluated plan as an S-expression. */
    String plan();

    /** The context attributes the filter reads. */
    Set<String> attributes();

    /** The pointers into {@code data} the filter reads. */
    Set<DataPointer> dataPointers();

    /** {@code index} with route {@code id} (whose public filter is {@code filter}) added or replaced. */
    Index addTo(Index index, String id, Object filter);

    /** {@code index} with route {@code id} filed again away from sparse fields; {@code index} when it cannot be. */
    Index refile(Index index, String id, Object filter);
}
