package io.eventroute.compiler.internal.cesql;

/** The static type of a CESQL expression; {@link #ANY} is an attribute read, typed only at run time. */
public enum Type {
    BOOLEAN, INTEGER, STRING, ANY;

    /** The type's zero value ({@code false}, {@code 0}, {@code ""}); ANY's is Boolean false, as the spec says. */
    public Object zero() {
        return switch (this) {
            case INTEGER -> 0;
            case STRING -> "";
            default -> Boolean.FALSE;
        };
    }

    /** The run-time type of a value (a Boolean, Integer or String). */
    public static Type of(Object value) {
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        return value instanceof Integer ? INTEGER : STRING;
    }

    /** The spec's name for the type: Boolean, Integer, String, or Any. */
    public String specName() {
        return switch (this) {
            case BOOLEAN -> "Boolean";
            case INTEGER -> "Integer";
            case STRING -> "String";
            default -> "Any";
        };
    }
}
