package io.eventroute.compiler.internal.cesql;

import io.eventroute.compiler.EventView;
import java.util.Set;

/**
 * A compiled CESQL expression. Evaluation is fail-fast (spec 4.1, the mode the TCK expects and filters
 * should use): it stops at the first error. The result is then the value of the node that raised it
 * when that node is the root ({@code LEFT('abc', -2)} gives 'abc'), and otherwise the zero value of the
 * root's type ({@code true AND 1 / 0 = 0} gives false). Immutable; thread-safe.
 */
public final class CesqlProgram {
    private final Node root;
    private final Set<String> attributes;

    CesqlProgram(Node root, Set<String> attributes) {
        this.root = root;
        this.attributes = Set.copyOf(attributes);
    }

    /**
     * The value and the first error of one evaluation.
     *
     * @param value a Boolean, Integer or String
     * @param error the error kind, or null when there was none
     */
    public record Outcome(Object value, ErrorKind error) {
    }

    public Outcome evaluate(EventView event) {
        try {
            return new Outcome(root.eval(event), null);
        } catch (EvalError e) {
            return new Outcome(e.origin == root ? e.value : root.type.zero(), e.kind);
        }
    }

    /** True only when the expression yields Boolean true without error (the filter rule of the spec). */
    public boolean matches(EventView event) {
        try {
            return Boolean.TRUE.equals(root.eval(event));
        } catch (EvalError e) {
            return false;
        }
    }

    /** The attributes the expression reads (EXISTS included). */
    public Set<String> attributes() {
        return attributes;
    }

    /** The program as an S-expression, after folding. */
    public String describe() {
        return root.toString();
    }
}
