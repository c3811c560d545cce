package io.eventroute.compiler;

import io.eventroute.compiler.ast.Expr;
import io.eventroute.compiler.internal.plan.AdtEvaluator;
import io.eventroute.compiler.internal.plan.Evaluator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A filter compiled to an immutable program of small final node classes. Evaluating it reads only
 * the attributes and data paths it needs from the {@link EventView} and allocates nothing in the
 * common case (no {@code [*]}, ANY/ALL, string functions or arithmetic). Immutable; thread-safe.
 *
 * <p>A {@code cesql} filter (CloudEvents SQL) matches only when its expression yields Boolean true
 * with no error; {@link #evaluateValue} gives its full result (value and error kinds).
 */
public final class CompiledFilter {
    private final String source;
    private final Dialect dialect;
    // One internal evaluator per dialect: this class delegates, and never asks which one it holds.
    private final Evaluator evaluator;

    CompiledFilter(String source, Dialect dialect, Evaluator evaluator) {
        this.source = Objects.requireNonNull(source, "source");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    }

    /** True only when the filter is true for this event (false and undefined both mean "not routed"). */
    public boolean matches(EventView event) {
        return evaluator.matches(Objects.requireNonNull(event, "event"));
    }

    /**
     * The filter's value for this event: TRUE, FALSE, or null when it is undefined. For a cesql filter,
     * null stands for a result that is not a Boolean or comes with an error.
     */
    public Boolean evaluate(EventView event) {
        return evaluator.evaluate(Objects.requireNonNull(event, "event"));
    }

    /**
     * The full result for this event. For a cesql filter: its value (Boolean, Long or String) and the
     * kind of its first error, if any (evaluation is fail-fast). For an adt filter: TRUE, FALSE or
     * null (undefined), and never an error.
     */
    public EvaluationResult evaluateValue(EventView event) {
        Evaluator.Value v = evaluator.evaluateValue(Objects.requireNonNull(event, "event"));
        return new EvaluationResult(v.value(), v.errors());
    }

    /**
     * Why this event matched or not: the value of the whole filter, then of each AND, OR and NOT and of
     * each condition under them, in source order. Slower than {@link #evaluate} (it lowers each part
     * anew); meant for explaining one event, not for routing. Empty for a cesql filter.
     */
    public java.util.List<ConditionValue> conditions(EventView event) {
        return evaluator.conditions(Objects.requireNonNull(event, "event"));
    }

    /** The text it was compiled from. */
    public String source() {
        return source;
    }

    /** The dialect the filter was written in. */
    public Dialect dialect() {
        return dialect;
    }

    /** The checked syntax tree (legacy names rewritten), before folding; empty for a cesql filter. */
    public Optional<Expr> tree() {
        return Optional.ofNullable(evaluator.tree());
    }

    /** The filter in normalized form: upper-case keywords, single quotes, minimal parentheses. */
    public String normalized() {
        return evaluator.normalized();
    }

    /** The program as an S-expression, after constant folding: what is evaluated per event. */
    public String plan() {
        return evaluator.plan();
    }

    /** The context attributes the filter reads (including those {@code $model} needs). */
    public Set<String> attributes() {
        return evaluator.attributes();
    }

    /** The pointers into {@code data} the filter reads (for a {@code [*]} path, the array it walks). */
    public Set<DataPointer> dataPointers() {
        return evaluator.dataPointers();
    }

    /** Drops the cached tree, as the garbage collector may: lets tests check that it is rebuilt. */
    void forgetTree() {
        if (evaluator instanceof AdtEvaluator adt) {
            adt.forgetTree();
        }
    }

    Evaluator evaluator() {
        return evaluator;
    }

    @Override
    public String toString() {
        return "CompiledFilter[" + source + "]";
    }
}
