package io.eventroute.compiler;

/**
 * Input limits of the compiler, each enforced with its own diagnostic code. Immutable; thread-safe.
 *
 * @param maxLength maximum filter length in code points ({@link DiagnosticCode#FILTER_TOO_LONG})
 * @param maxDepth maximum nesting of parentheses, calls, NOT and unary minus ({@link DiagnosticCode#NESTING_TOO_DEEP})
 * @param maxInItems maximum items in one IN list ({@link DiagnosticCode#TOO_MANY_IN_ITEMS})
 */
public record Limits(int maxLength, int maxDepth, int maxInItems) {
    /** The documented defaults: 8,000 characters, depth 100, 1,000 IN items. */
    public static final Limits DEFAULT = new Limits(8_000, 100, 1_000);

    public Limits {
        if (maxLength < 1 || maxDepth < 1 || maxInItems < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxLength + ", " + maxDepth + ", " + maxInItems);
        }
    }

    public Limits withMaxLength(int n) {
        return new Limits(n, maxDepth, maxInItems);
    }

    public Limits withMaxDepth(int n) {
        return new Limits(maxLength, n, maxInItems);
    }

    public Limits withMaxInItems(int n) {
        return new Limits(maxLength, maxDepth, n);
    }
}
