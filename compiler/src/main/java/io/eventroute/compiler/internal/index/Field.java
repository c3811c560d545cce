package io.eventroute.compiler.internal.index;

import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.internal.lower.Programs;
import java.util.Objects;

/**
 * Something an index can look up in an event: an attribute, a data pointer, {@code $model}, or a pair
 * of those (looked up together, for conjunctions whose single terms are not selective). Immutable.
 */
public final class Field {
    public static final Field MODEL = new Field(null, null, null, null);

    private final String attribute;
    private final DataPointer pointer;
    final Field first;   // a pair's parts; null for a single field
    final Field second;
    private final int hash;

    private Field(String attribute, DataPointer pointer, Field first, Field second) {
        this.attribute = attribute;
        this.pointer = pointer;
        this.first = first;
        this.second = second;
        this.hash = Objects.hash(attribute, pointer, first, second);
    }

    /** Two fields looked up together, in a canonical order. */
    static Field pair(Field a, Field b) {
        return a.toString().compareTo(b.toString()) <= 0 ? new Field(null, null, a, b) : new Field(null, null, b, a);
    }

    boolean isPair() {
        return first != null;
    }

    public static Field attribute(String name) {
        return new Field(Objects.requireNonNull(name), null, null, null);
    }

    public static Field data(DataPointer pointer) {
        return new Field(null, Objects.requireNonNull(pointer), null, null);
    }

    /** The field's value in {@code event}, or null when absent. */
    public Object read(EventView event) {
        if (attribute != null) {
            return event.attribute(attribute);
        }
        if (pointer != null) {
            return pointer.size() == 0 ? event.data() : event.data(pointer);
        }
        return Programs.model(event);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Field f && Objects.equals(attribute, f.attribute) && Objects.equals(pointer, f.pointer)
                && Objects.equals(first, f.first) && Objects.equals(second, f.second);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        if (first != null) {
            return "(" + first + ", " + second + ")";
        }
        return attribute != null ? attribute : pointer != null ? pointer.toString() : "$model";
    }
}
