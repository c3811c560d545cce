package io.eventroute.compiler.internal.cesql;

/**
 * The first evaluation error of a CESQL expression (evaluation is fail-fast). Carries the value the
 * raising node itself yields ({@code LEFT('abc', -2)} yields 'abc', {@code 5 / 0} yields 0) and that
 * node, so that the program can tell whether the root raised it: the root's own value is the result
 * then, and otherwise the root's zero value. Thrown without a stack trace: it is a result, not a bug.
 */
final class EvalError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final ErrorKind kind;
    final transient Object value;
    final transient Node origin;

    EvalError(ErrorKind kind, Object value, Node origin, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
        this.value = value;
        this.origin = origin;
    }
}
