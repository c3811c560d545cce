package io.eventroute.compiler;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A path of member names and array indexes inside an event's {@code data} (no wildcards), as filters
 * read it. Immutable; thread-safe.
 */
public final class DataPointer {
    private final Object[] steps; // String member names or Integer indexes
    private final int hash;

    private DataPointer(Object[] steps) {
        this.steps = steps;
        this.hash = Arrays.hashCode(steps);
    }

    /**
     * A pointer from steps that are each a String (member) or an Integer (0-based index).
     *
     * @throws IllegalArgumentException for any other step type or a negative index
     */
    public static DataPointer of(List<?> steps) {
        Object[] copy = steps.toArray();
        for (int i = 0; i < copy.length; i++) {
            Object s = copy[i];
            if (s instanceof String name) {
                copy[i] = name.intern();
            } else if (!(s instanceof Integer n && n >= 0)) {
                throw new IllegalArgumentException("a step is a member name or a non-negative index, not " + s);
            }
        }
        return intern(new DataPointer(copy));
    }

    // Thousands of routes read the same few paths: one shared instance each keeps the match path's
    // lookups on hot memory (and equal by identity). Weak, so pointers no route uses any more go away.
    private static final java.util.Map<DataPointer, java.lang.ref.WeakReference<DataPointer>> INTERNED =
            new java.util.WeakHashMap<>();

    private static DataPointer intern(DataPointer p) {
        synchronized (INTERNED) {
            java.lang.ref.WeakReference<DataPointer> ref = INTERNED.get(p);
            DataPointer existing = ref == null ? null : ref.get();
            if (existing != null) {
                return existing;
            }
            INTERNED.put(p, new java.lang.ref.WeakReference<>(p));
            return p;
        }
    }

    /** Number of steps. */
    public int size() {
        return steps.length;
    }

    /** Step {@code i}: a String member name or an Integer index. */
    public Object step(int i) {
        return steps[i];
    }

    /** Follows the steps from {@code root}; null as soon as a step does not apply. */
    public Object resolve(Object root) {
        Object v = root;
        for (Object step : steps) {
            if (v == null) {
                return null;
            }
            v = step(v, step);
        }
        return v;
    }

    /** One step from {@code v}: a member of a map or an element of a list; null when it does not apply. */
    public static Object step(Object v, Object step) {
        if (step instanceof String name) {
            return v instanceof Map<?, ?> m ? m.get(name) : null;
        }
        if (v instanceof List<?> list) {
            int i = (Integer) step;
            return i < list.size() ? list.get(i) : null;
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataPointer p && Arrays.equals(steps, p.steps);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The pointer in filter syntax, e.g. {@code $body.patch[0].path}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("$body");
        for (Object s : steps) {
            if (s instanceof Integer i) {
                b.append('[').append(i).append(']');
            } else {
                String name = (String) s;
                if (name.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
                    b.append('.').append(name);
                } else {
                    b.append("['").append(name.replace("'", "''")).append("']");
                }
            }
        }
        return b.toString();
    }

}
