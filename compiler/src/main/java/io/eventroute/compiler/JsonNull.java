package io.eventroute.compiler;

/**
 * The JSON {@code null} value as filters and event views see it, distinct from Java {@code null},
 * which means "absent". Immutable singleton; thread-safe.
 */
public final class JsonNull {
    /** The one instance. */
    public static final JsonNull INSTANCE = new JsonNull();

    private JsonNull() {
    }

    @Override
    public String toString() {
        return "null";
    }
}
