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
    // Routes read the same few sets of attributes and pointers: one instance of each is shared (up
    // to a bound, beyond which a program keeps its own), instead of two sets per route.
    private static final int MAX_SHARED = 4096;
    private static final java.util.concurrent.ConcurrentHashMap<Set<?>, Set<?>> SHARED =
            new java.util.concurrent.ConcurrentHashMap<>();

    public Program {
        attributes = shared(Set.copyOf(attributes));
        data = shared(Set.copyOf(data));
    }

    @SuppressWarnings("unchecked")
    private static <T> Set<T> shared(Set<T> set) {
        if (set.isEmpty()) {
            return set;
        }
        Set<?> known = SHARED.get(set);
        if (known != null) {
            return (Set<T>) known;
        }
        if (SHARED.size() < MAX_SHARED) {
            known = SHARED.putIfAbsent(set, set);
        }
        return known == null ? set : (Set<T>) known;
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
