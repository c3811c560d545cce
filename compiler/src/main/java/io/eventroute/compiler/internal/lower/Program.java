package io.eventroute.compiler.internal.lower;

import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import java.util.Set;

/**
 * A compiled filter program: the root condition and what it reads from an event. Immutable;
 * thread-safe.
 *
 * @param root the condition
 * @param attributes context attributes read
 * @param data pointers into {@code data} read (a wildcard path contributes the part before its first [*])
 */
public record Program(Cond root, Set<String> attributes, Set<DataPointer> data) {
    public Program {
        attributes = Set.copyOf(attributes);
        data = Set.copyOf(data);
    }

    /** Tri result for one event. */
    public int test(EventView event) {
        return root.test(event, null);
    }

    /** The plan as an S-expression. */
    public String describe() {
        return root.toString();
    }
}
