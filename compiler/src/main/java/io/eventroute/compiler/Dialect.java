package io.eventroute.compiler;

import java.util.Locale;

/** The filter languages the compiler reads. Thread-safe. */
public enum Dialect {
    /** The Azure Digital Twins route filter language with our extensions (the default). */
    ADT,
    /** CloudEvents SQL v1 (CESQL), as its specification text says; see {@code docs/cesql.md}. */
    CESQL;

    /** The dialect's name as users write it: {@code adt}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The dialect with this name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the known dialects when there is none
     */
    public static Dialect fromId(String id) {
        for (Dialect d : values()) {
            if (d.id().equalsIgnoreCase(id.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dialect '" + id + "' (known: adt, cesql)");
    }
}
