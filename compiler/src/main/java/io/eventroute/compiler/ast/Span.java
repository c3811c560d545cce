package io.eventroute.compiler.ast;

/**
 * A region of the filter source in UTF-16 offsets; line and column are computed only when rendered.
 * Immutable; thread-safe.
 *
 * @param offset index of the first char
 * @param length number of chars
 */
public record Span(int offset, int length) {
    /** A span for nodes that the compiler made rather than read (folding, desugaring). */
    public static final Span NONE = new Span(0, 0);

    public Span {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative span " + offset + "+" + length);
        }
    }

    /** Offset one past the last char. */
    public int end() {
        return offset + length;
    }

    /** The smallest span covering this one and {@code other}. */
    public Span to(Span other) {
        int start = Math.min(offset, other.offset);
        return new Span(start, Math.max(end(), other.end()) - start);
    }
}
