package io.eventroute.compiler.internal.index;

import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.internal.lower.Programs;
import java.util.Objects;

/** Something an index can look up in an event: an attribute, a data pointer, or {@code $model}. Immutable. */
public final class Field {
    public static final Field MODEL = new Field(null, null);

    private final String attribute;
    private final DataPointer pointer;
    private final int hash;

    private Field(String attribute, DataPointer pointer) {
        this.attribute = attribute;
        this.pointer = pointer;
        this.hash = Objects.hash(attribute, pointer);
    }

    public static Field attribute(String name) {
        return new Field(Objects.requireNonNull(name), null);
    }

    public static Field data(DataPointer pointer) {
        return new Field(null, Objects.requireNonNull(pointer));
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
        return o instanceof Field f && Objects.equals(attribute, f.attribute) && Objects.equals(pointer, f.pointer);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return attribute != null ? attribute : pointer != null ? pointer.toString() : "$model";
    }
}
