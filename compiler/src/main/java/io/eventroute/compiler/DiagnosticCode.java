package io.eventroute.compiler;

/**
 * The stable codes of every diagnostic the compiler gives. A code never changes meaning once
 * released; tests and API layers assert codes, not message wording. The {@link #kind()} groups codes
 * into broad categories (the names of the CloudEvents SQL error kinds where one fits). Thread-safe.
 */
public enum DiagnosticCode {
    // Lexical and syntax errors (kind "parse").
    SYNTAX("E1001", Severity.ERROR, "parse"),
    INVALID_CHARACTER("E1002", Severity.ERROR, "parse"),
    UNTERMINATED_STRING("E1003", Severity.ERROR, "parse"),
    DOUBLE_MINUS("E1004", Severity.ERROR, "parse"),
    EMPTY_FILTER("E1005", Severity.ERROR, "parse"),
    NUMBER_OUT_OF_RANGE("E1006", Severity.ERROR, "parse"),
    INVALID_PATH("E1007", Severity.ERROR, "parse"),
    INVALID_LIKE_PATTERN("E1008", Severity.ERROR, "parse"),

    // Names (kind "name"; unknown functions use the CloudEvents SQL kind).
    INVALID_ATTRIBUTE_NAME("E2001", Severity.ERROR, "name"),
    DATA_IS_NOT_AN_ATTRIBUTE("E2002", Severity.ERROR, "name"),
    UNKNOWN_DOLLAR_NAME("E2003", Severity.ERROR, "name"),
    UNKNOWN_FUNCTION("E2004", Severity.ERROR, "missingFunction"),
    WRONG_ARGUMENT_COUNT("E2005", Severity.ERROR, "missingFunction"),
    ELEMENT_OUTSIDE_ANY_ALL("E2006", Severity.ERROR, "name"),
    UNKNOWN_EVENT_TYPE_NAME("E2007", Severity.ERROR, "name"),
    INVALID_EVENT_TYPE_USE("E2008", Severity.ERROR, "name"),

    // Types (kind "type").
    NOT_A_CONDITION("E3001", Severity.ERROR, "type"),
    TYPE_MISMATCH("E3002", Severity.ERROR, "type"),
    INVALID_OPERAND("E3003", Severity.ERROR, "type"),
    INVALID_ARGUMENT("E3004", Severity.ERROR, "type"),

    // Limits (kind "limit"), each a setting of {@link Limits}.
    FILTER_TOO_LONG("E4001", Severity.ERROR, "limit"),
    NESTING_TOO_DEEP("E4002", Severity.ERROR, "limit"),
    TOO_MANY_IN_ITEMS("E4003", Severity.ERROR, "limit"),
    TOO_COMPLEX("E4004", Severity.ERROR, "limit"),

    // Warnings.
    EVENT_TYPE_TYPO("W5001", Severity.WARNING, "warning"),
    NEVER_TRUE("W5002", Severity.WARNING, "warning"),
    ALWAYS_TRUE("W5003", Severity.WARNING, "warning"),
    ATTRIBUTE_TYPO("W5004", Severity.WARNING, "warning"),
    LEGACY_EVENT_TYPE("W5005", Severity.WARNING, "warning"),
    UNKNOWN_MODEL("W5006", Severity.WARNING, "warning"),

    // Dialect cesql (CloudEvents SQL): its own findings.
    INVALID_NAME("E6001", Severity.ERROR, "parse"),
    MIXED_LOGICAL_OPERATORS("W6001", Severity.WARNING, "warning"),
    NOT_APPLIES_TO_LEFT_OPERAND("W6002", Severity.WARNING, "warning"),
    ALWAYS_FAILS("W6003", Severity.WARNING, "warning");

    private final String code;
    private final Severity severity;
    private final String kind;

    DiagnosticCode(String code, Severity severity, String kind) {
        this.code = code;
        this.severity = severity;
        this.kind = kind;
    }

    /** The stable code, e.g. {@code E1001}. */
    public String code() {
        return code;
    }

    /** The severity every diagnostic with this code has. */
    public Severity severity() {
        return severity;
    }

    /** The broad category: parse, name, type, limit, missingFunction or warning. */
    public String kind() {
        return kind;
    }

    /**
     * The category as {@code dialect} names it. For {@code cesql} every error kind is one of the
     * CloudEvents SQL error kinds: a limit exceeded is reported while parsing, so it is {@code parse}.
     */
    public String kind(Dialect dialect) {
        if (dialect == Dialect.CESQL && kind.equals("limit")) {
            return "parse";
        }
        return kind;
    }
}
