package io.eventroute.compiler.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The built-in functions of the {@code adt} dialect (language document, section 6). */
public enum Builtin {
    STARTS_WITH(2, 2, StaticType.BOOLEAN, StaticType.STRING, StaticType.STRING),
    ENDS_WITH(2, 2, StaticType.BOOLEAN, StaticType.STRING, StaticType.STRING),
    CONTAINS(2, 2, StaticType.BOOLEAN, StaticType.STRING, StaticType.STRING),
    /** IS_OF_MODEL(model) or IS_OF_MODEL(model, exact): the second argument is the word {@code exact}. */
    IS_OF_MODEL(1, 2, StaticType.BOOLEAN, StaticType.STRING, StaticType.ANY),
    IS_DEFINED(1, 1, StaticType.BOOLEAN, StaticType.ANY),
    IS_NULL(1, 1, StaticType.BOOLEAN, StaticType.ANY),
    IS_STRING(1, 1, StaticType.BOOLEAN, StaticType.ANY),
    IS_NUMBER(1, 1, StaticType.BOOLEAN, StaticType.ANY),
    IS_BOOL(1, 1, StaticType.BOOLEAN, StaticType.ANY),
    IS_OBJECT(1, 1, StaticType.BOOLEAN, StaticType.ANY),
    IS_ARRAY(1, 1, StaticType.BOOLEAN, StaticType.ANY),
    IS_PRIMITIVE(1, 1, StaticType.BOOLEAN, StaticType.ANY),
    LOWER(1, 1, StaticType.STRING, StaticType.STRING),
    UPPER(1, 1, StaticType.STRING, StaticType.STRING),
    LENGTH(1, 1, StaticType.NUMBER, StaticType.STRING),
    CONCAT(2, Integer.MAX_VALUE, StaticType.STRING, StaticType.STRING),
    SUBSTRING(2, 3, StaticType.STRING, StaticType.STRING, StaticType.NUMBER, StaticType.NUMBER),
    INDEX_OF(2, 2, StaticType.NUMBER, StaticType.STRING, StaticType.STRING),
    ABS(1, 1, StaticType.NUMBER, StaticType.NUMBER),
    CEILING(1, 1, StaticType.NUMBER, StaticType.NUMBER),
    FLOOR(1, 1, StaticType.NUMBER, StaticType.NUMBER),
    ROUND(1, 1, StaticType.NUMBER, StaticType.NUMBER),
    SIGN(1, 1, StaticType.NUMBER, StaticType.NUMBER),
    AS_NUMBER(1, 1, StaticType.NUMBER, StaticType.ANY),
    /** ANY(array, condition): the second argument is a condition over {@code @}. */
    ANY(2, 2, StaticType.BOOLEAN, StaticType.ANY, StaticType.BOOLEAN),
    /** ALL(array, condition). */
    ALL(2, 2, StaticType.BOOLEAN, StaticType.ANY, StaticType.BOOLEAN);

    private final int minArgs;
    private final int maxArgs;
    private final StaticType returns;
    private final StaticType[] params; // the last one repeats for variadic functions

    Builtin(int minArgs, int maxArgs, StaticType returns, StaticType... params) {
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.returns = returns;
        this.params = params;
    }

    public int minArgs() {
        return minArgs;
    }

    public int maxArgs() {
        return maxArgs;
    }

    public StaticType returns() {
        return returns;
    }

    /** The expected type of argument {@code i}. */
    public StaticType param(int i) {
        return params[Math.min(i, params.length - 1)];
    }

    /** "takes 2 arguments", "takes 2 or 3 arguments", "takes 2 or more arguments". */
    public String arity() {
        if (minArgs == maxArgs) {
            return "takes " + minArgs + (minArgs == 1 ? " argument" : " arguments");
        }
        if (maxArgs == Integer.MAX_VALUE) {
            return "takes " + minArgs + " or more arguments";
        }
        return "takes " + minArgs + " or " + maxArgs + " arguments";
    }

    /** The function with this name, case-insensitively; null when there is none. */
    public static Builtin find(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (Builtin b : values()) {
            if (b.name().equals(upper)) {
                return b;
            }
        }
        return null;
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Builtin b : values()) {
            names.add(b.name());
        }
        return names;
    }
}
