package io.eventroute.compiler.internal.eval;

/**
 * Three-valued (Kleene) logic in one place. Results are ints so that evaluation never boxes:
 * {@link #FALSE}, {@link #TRUE}, {@link #UNKNOWN} (undefined).
 */
public final class Tri {
    public static final int FALSE = 0;
    public static final int TRUE = 1;
    public static final int UNKNOWN = 2;

    private Tri() {
    }

    public static int of(boolean b) {
        return b ? TRUE : FALSE;
    }

    public static int not(int t) {
        return t == UNKNOWN ? UNKNOWN : 1 - t;
    }

    /** The filter value as JSON: Boolean, or null for undefined. */
    public static Boolean toBoolean(int t) {
        return t == UNKNOWN ? null : t == TRUE;
    }

    /** Boolean true/false to TRUE/FALSE; anything else (absent, other types) is UNKNOWN. */
    public static int fromValue(Object v) {
        return v instanceof Boolean b ? of(b) : UNKNOWN;
    }

    public static String name(int t) {
        return t == TRUE ? "true" : t == FALSE ? "false" : "undefined";
    }
}
