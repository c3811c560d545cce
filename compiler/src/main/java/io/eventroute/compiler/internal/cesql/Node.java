package io.eventroute.compiler.internal.cesql;

import io.eventroute.compiler.EventView;

/**
 * One node of a compiled CESQL program. {@link #eval} returns a Boolean, Integer or String of the
 * node's static type (any of them for {@link Type#ANY}) or throws the first {@link EvalError}.
 * Immutable; thread-safe.
 */
abstract class Node {
    final Type type;

    Node(Type type) {
        this.type = type;
    }

    abstract Object eval(EventView event);

    /** Appends this node as an S-expression (the plan {@code explain} shows). */
    abstract void describe(StringBuilder out);

    @Override
    public final String toString() {
        StringBuilder b = new StringBuilder();
        describe(b);
        return b.toString();
    }

    static void describeLiteral(Object value, StringBuilder out) {
        if (value instanceof String s) {
            out.append('\'').append(s.replace("'", "\\'")).append('\'');
        } else {
            out.append(value.toString().toUpperCase(java.util.Locale.ROOT));
        }
    }
}
