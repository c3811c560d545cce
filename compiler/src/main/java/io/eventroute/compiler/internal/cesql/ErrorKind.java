package io.eventroute.compiler.internal.cesql;

/** The CESQL evaluation error kinds, with the names the TCK uses. */
public enum ErrorKind {
    PARSE("parse"),
    MATH("math"),
    CAST("cast"),
    MISSING_ATTRIBUTE("missingAttribute"),
    MISSING_FUNCTION("missingFunction"),
    FUNCTION_EVALUATION("functionEvaluation"),
    GENERIC("generic");

    private final String id;

    ErrorKind(String id) {
        this.id = id;
    }

    /** The TCK's name, e.g. {@code missingAttribute}. */
    public String id() {
        return id;
    }
}
