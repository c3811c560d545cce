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
    public static final Field MODEL = new Field(null, null, null, null, false);
    /**
     * {@code $model} as IS_OF_MODEL looks it up: keys are model ids, and its only prefixes are
     * {@code 'm;'} (any version of m), so an event's model is looked up at one prefix length, up to its
     * ';', not at every length some prefix has. It reads the value of {@link #MODEL}.
     */
    public static final Field MODEL_OF = new Field(null, null, null, null, true);

    private final String attribute;
    private final DataPointer pointer;
    final Field first;   // a pair's parts; null for a single field
    final Field second;
    private final boolean modelOf;
    private final int hash;
    // toString, made on first use: filing a route orders the fields of every pair it considers by name,
    // and a data pointer's name is built anew each time it is asked for. A race makes it twice, equal.
    private String name;

    private Field(String attribute, DataPointer pointer, Field first, Field second, boolean modelOf) {
        this.attribute = attribute;
        this.pointer = pointer;
        this.first = first;
        this.second = second;
        this.modelOf = modelOf;
        this.hash = Objects.hash(attribute, pointer, first, second, modelOf);
    }

    /** The field whose value this one looks up (and whose value slot it shares): itself, or {@link #MODEL}. */
    Field valueField() {
        return modelOf ? MODEL : this;
    }

    /** True for {@link #MODEL_OF}. */
    boolean isModelOf() {
        return modelOf;
    }

    /** Two fields looked up together, in a canonical order. */
    static Field pair(Field a, Field b) {
        return a.name().compareTo(b.name()) <= 0 ? new Field(null, null, a, b, false) : new Field(null, null, b, a, false);
    }

    boolean isPair() {
        return first != null;
    }

    public static Field attribute(String name) {
        return new Field(Objects.requireNonNull(name), null, null, null, false);
    }

    public static Field data(DataPointer pointer) {
        return new Field(null, Objects.requireNonNull(pointer), null, null, false);
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
                && Objects.equals(first, f.first) && Objects.equals(second, f.second) && modelOf == f.modelOf;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return name();
    }

    private String name() {
        String n = name;
        if (n == null) {
            n = makeName();
            name = n;
        }
        return n;
    }

    private String makeName() {
        if (first != null) {
            return "(" + first + ", " + second + ")";
        }
        return attribute != null ? attribute : pointer != null ? pointer.toString() : modelOf ? "IS_OF_MODEL($model)" : "$model";
    }
}
