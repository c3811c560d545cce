package io.eventroute.compiler;

/**
 * The stable codes of every diagnostic the compiler gives. A code never changes meaning once
 * released; tests and API layers assert codes, not message wording. The {@link #kind()} groups codes
 * into broad categories (the names of the CloudEvents SQL error kinds where one fits). Thread-safe.
 */
public enum DiagnosticCode {
    // Lexical and syntax errors (kind "parse").
    /** E1001: Syntax error: unexpected input or end of filter (the suggestion says what was expected). */
    SYNTAX("E1001", Severity.ERROR, "parse"),
    /** E1002: A character that cannot appear in a filter. */
    INVALID_CHARACTER("E1002", Severity.ERROR, "parse"),
    /** E1003: A string literal without its closing quote. */
    UNTERMINATED_STRING("E1003", Severity.ERROR, "parse"),
    /** E1004: {@code --} (SQL's comment marker, not a double negative; write {@code - -x}). */
    DOUBLE_MINUS("E1004", Severity.ERROR, "parse"),
    /** E1005: The filter is empty. */
    EMPTY_FILTER("E1005", Severity.ERROR, "parse"),
    /**
     * E1006: A number outside the 64-bit integer range, a hex literal above {@code 0x7FFFFFFFFFFFFFFF}, or a
     * decimal that overflows ({@code 1e400}).
     */
    NUMBER_OUT_OF_RANGE("E1006", Severity.ERROR, "parse"),
    /** E1007: A malformed {@code $body} path (bad segment, index or bracket). */
    INVALID_PATH("E1007", Severity.ERROR, "parse"),
    /**
     * E1008: A malformed LIKE pattern or ESCAPE (a pattern ending in its escape character, an ESCAPE that is
     * not one character).
     */
    INVALID_LIKE_PATTERN("E1008", Severity.ERROR, "parse"),

    // Names (kind "name"; unknown functions use the CloudEvents SQL kind).
    /**
     * E2001: An attribute name that is not lower-case letters and digits ({@code Type}); suggests the valid
     * one.
     */
    INVALID_ATTRIBUTE_NAME("E2001", Severity.ERROR, "name"),
    /** E2002: {@code data} used as an attribute; the payload is {@code $body}. */
    DATA_IS_NOT_AN_ATTRIBUTE("E2002", Severity.ERROR, "name"),
    /**
     * E2003: An unknown {@code $} name ({@code $Body}); the known ones are {@code $body}, {@code $model},
     * {@code $eventType}.
     */
    UNKNOWN_DOLLAR_NAME("E2003", Severity.ERROR, "name"),
    /** E2004: An unknown function; suggests the closest one. */
    UNKNOWN_FUNCTION("E2004", Severity.ERROR, "missingFunction"),
    /** E2005: A function called with the wrong number of arguments. */
    WRONG_ARGUMENT_COUNT("E2005", Severity.ERROR, "missingFunction"),
    /** E2006: {@literal @} used outside {@code ANY}/{@code ALL}. */
    ELEMENT_OUTSIDE_ANY_ALL("E2006", Severity.ERROR, "name"),
    /** E2007: {@code $eventType} compared with an unknown routing name. */
    UNKNOWN_EVENT_TYPE_NAME("E2007", Severity.ERROR, "name"),
    /**
     * E2008: {@code $eventType} used other than by comparing it with a routing name ({@code $eventType >
     * 'x'}).
     */
    INVALID_EVENT_TYPE_USE("E2008", Severity.ERROR, "name"),

    // Types (kind "type").
    /**
     * E3001: The filter, or an operand of AND/OR/NOT, is a value and not a condition ({@code type}, {@code 1
     * + 2}).
     */
    NOT_A_CONDITION("E3001", Severity.ERROR, "type"),
    /**
     * E3002: A comparison or IN between types that can never be equal ({@code type = 5}); never for the
     * {@code null} literal ({@code null = 1} is false, with W5002).
     */
    TYPE_MISMATCH("E3002", Severity.ERROR, "type"),
    /**
     * E3003: An operator applied to an operand of the wrong type (ordering a boolean, arithmetic on a string,
     * LIKE on a number).
     */
    INVALID_OPERAND("E3003", Severity.ERROR, "type"),
    /**
     * E3004: A function argument of the wrong type ({@code STARTS_WITH(1, 'a')}, a scalar as the array of
     * {@code ANY}, a second argument of {@code IS_OF_MODEL} other than {@code exact}).
     */
    INVALID_ARGUMENT("E3004", Severity.ERROR, "type"),

    // Limits (kind "limit"), each a setting of {@link Limits}.
    /** E4001: The filter is longer than the length limit (default 8,000 characters). */
    FILTER_TOO_LONG("E4001", Severity.ERROR, "limit"),
    /**
     * E4002: Nesting deeper than the depth limit (default 100): parentheses, calls, NOT and unary minus
     * count; path segments do not (paths of any length are walked without recursion).
     */
    NESTING_TOO_DEEP("E4002", Severity.ERROR, "limit"),
    /** E4003: An IN list longer than the item limit (default 1,000). */
    TOO_MANY_IN_ITEMS("E4003", Severity.ERROR, "limit"),
    /** E4004: An expression too deep to compile (e.g. a huge chain of operators). */
    TOO_COMPLEX("E4004", Severity.ERROR, "limit"),

    // Warnings.
    /**
     * W5001: A {@code type} literal that is almost an ADT event type (case or a small typo); says which was
     * meant.
     */
    EVENT_TYPE_TYPO("W5001", Severity.WARNING, "warning"),
    /** W5002: A condition that can never be true ({@code type = 'A' AND type = 'B'}). */
    NEVER_TRUE("W5002", Severity.WARNING, "warning"),
    /** W5003: A condition that is always true. */
    ALWAYS_TRUE("W5003", Severity.WARNING, "warning"),
    /** W5004: An attribute that is not a core CloudEvents attribute but close to one ({@code subjet}). */
    ATTRIBUTE_TYPO("W5004", Severity.WARNING, "warning"),
    /** W5005: The legacy {@code $eventType} filter; says which {@code type} filter to write. */
    LEGACY_EVENT_TYPE("W5005", Severity.WARNING, "warning"),
    /**
     * W5006: {@code IS_OF_MODEL(m)} with models loaded, and {@code m} not among them: it matches only that
     * very model; suggests the closest loaded id.
     */
    UNKNOWN_MODEL("W5006", Severity.WARNING, "warning"),

    // Dialect cesql (CloudEvents SQL): its own findings.
    /** E6001: (cesql) an attribute name with an underscore; CloudEvents names are letters and digits. */
    INVALID_NAME("E6001", Severity.ERROR, "parse"),
    /** W6001: (cesql) AND, OR and XOR mixed without parentheses; they group left to right. */
    MIXED_LOGICAL_OPERATORS("W6001", Severity.WARNING, "warning"),
    /** W6002: (cesql) {@code NOT x = y}: NOT negates only {@code x}. */
    NOT_APPLIES_TO_LEFT_OPERAND("W6002", Severity.WARNING, "warning"),
    /** W6003: (cesql) a constant sub-expression that always raises an evaluation error ({@code 1 / 0}). */
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
