package io.eventroute.runtime.event;

import java.util.OptionalInt;

/**
 * Thrown when bytes or text are not a usable CloudEvent: not JSON, not a JSON object, trailing
 * content, duplicate members, or (when asked for) missing required attributes. The message says what
 * is wrong and, for syntax problems, where (an {@link OptionalInt} line and column, empty for a problem
 * without a position: nothing in the public API returns null). Immutable; thread-safe.
 */
public final class InvalidEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /** A problem at a 1-based line and column of the input; the message gets the position appended. */
    public InvalidEventException(String problem, int line, int column) {
        super(problem + " at line " + line + ", column " + column);
        this.line = line;
        this.column = column;
    }

    /** A problem that has no position in the input (such as a missing attribute). */
    public InvalidEventException(String problem) {
        super(problem);
        this.line = 0;
        this.column = 0;
    }

    /** The 1-based line of the problem; empty when it has no position. */
    public OptionalInt line() {
        return line == 0 ? OptionalInt.empty() : OptionalInt.of(line);
    }

    /** The 1-based column of the problem as the JSON parser counts it; empty when it has no position. */
    public OptionalInt column() {
        return column == 0 ? OptionalInt.empty() : OptionalInt.of(column);
    }
}
