package io.eventroute.compiler;

import java.util.List;
import java.util.Objects;

/**
 * The full result of evaluating a filter on one event ({@link CompiledFilter#evaluateValue}): its value
 * and its evaluation errors. For a {@code cesql} filter the value is a {@link Boolean}, {@link Long}
 * (a 32-bit CloudEvents SQL Integer) or {@link String}, and the errors are CloudEvents SQL error kinds
 * as the TCK names them ({@code math}, {@code cast}, {@code missingAttribute}, {@code missingFunction},
 * {@code functionEvaluation}, {@code generic}); evaluation is fail-fast, so there is at most one. For
 * an {@code adt} filter the value is TRUE, FALSE or null (undefined) and there are no errors.
 * Immutable; thread-safe.
 */
public final class EvaluationResult {
    private final Object value;
    private final List<String> errors;

    EvaluationResult(Object value, List<String> errors) {
        this.value = value;
        this.errors = List.copyOf(errors);
    }

    /** Boolean, Long or String; null only for an undefined adt filter. */
    public Object value() {
        return value;
    }

    /** The error kinds, in the order they were raised; empty when there was none. */
    public List<String> errors() {
        return errors;
    }

    /** Whether a route with this filter takes the event: the value is Boolean true and there is no error. */
    public boolean matches() {
        return Boolean.TRUE.equals(value) && errors.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluationResult r && Objects.equals(value, r.value) && errors.equals(r.errors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, errors);
    }

    @Override
    public String toString() {
        return "EvaluationResult[value=" + value + ", errors=" + errors + "]";
    }
}
