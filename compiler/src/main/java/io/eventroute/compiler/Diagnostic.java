package io.eventroute.compiler;

import java.util.Objects;
import java.util.Optional;

/**
 * One finding about a filter: a stable code, a severity, where (1-based line and column, length, all
 * counted in code points), a message and, where one exists, a suggestion (an {@link Optional}: like the
 * rest of the public API, nothing here returns null). Immutable; thread-safe.
 */
public final class Diagnostic implements Comparable<Diagnostic> {
    private final DiagnosticCode code;
    private final String source;
    private final int offset;
    private final int length;
    private final int line;
    private final int column;
    private final int codePointLength;
    private final String message;
    private final String suggestion;

    /**
     * Creates a diagnostic at a UTF-16 region of {@code source}; line and column are derived here.
     *
     * @param suggestion what to write instead, or null for none
     */
    public Diagnostic(DiagnosticCode code, String source, int offset, int length, String message, String suggestion) {
        this.code = Objects.requireNonNull(code, "code");
        this.source = Objects.requireNonNull(source, "source");
        this.message = Objects.requireNonNull(message, "message");
        this.suggestion = suggestion;
        this.offset = Math.max(0, Math.min(offset, source.length()));
        this.length = Math.max(0, Math.min(length, source.length() - this.offset));
        int ln = 1;
        int lineStart = 0;
        for (int i = 0; i < this.offset; i++) {
            if (source.charAt(i) == '\n') {
                ln++;
                lineStart = i + 1;
            }
        }
        this.line = ln;
        this.column = source.codePointCount(lineStart, this.offset) + 1;
        this.codePointLength = source.codePointCount(this.offset, this.offset + this.length);
    }

    /** The stable code; match on this, not on the message. */
    public DiagnosticCode code() {
        return code;
    }

    /** Error or warning (always the code's own severity). */
    public Severity severity() {
        return code.severity();
    }

    /** 1-based line. */
    public int line() {
        return line;
    }

    /** 1-based column in code points. */
    public int column() {
        return column;
    }

    /** Length of the region in code points (0 for a point, such as the end of input). */
    public int length() {
        return codePointLength;
    }

    /** Offset of the region in UTF-16 units, for tools that index Java strings. */
    public int offset() {
        return offset;
    }

    /** What is wrong, in one sentence for a person. */
    public String message() {
        return message;
    }

    /** What to write instead; empty when there is no suggestion. */
    public Optional<String> suggestion() {
        return Optional.ofNullable(suggestion);
    }

    /** True for severity error. */
    public boolean isError() {
        return code.severity() == Severity.ERROR;
    }

    /**
     * Renders as text with the source line and a caret under the region:
     * <pre>
     * error[E1001] at 1:6: Unexpected input 'is'
     *   |
     * 1 | this is not a valid filter
     *   |      ^^
     *   = did you mean ...?
     * </pre>
     * A source line longer than 160 code points is shown as the region with 40 code points of
     * context on each side, cut ends marked {@code ...}.
     */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(severity().label()).append('[').append(code.code()).append("] at ")
                .append(line).append(':').append(column).append(": ").append(message).append('\n');
        int lineStart = offset;
        while (lineStart > 0 && source.charAt(lineStart - 1) != '\n') {
            lineStart--;
        }
        int lineEnd = source.indexOf('\n', offset);
        if (lineEnd < 0) {
            lineEnd = source.length();
        }
        String text = printable(source.substring(lineStart, lineEnd));
        int lineLength = text.codePointCount(0, text.length());
        int before = column - 1; // code points shown before the region
        int carets = Math.max(1, Math.min(codePointLength, lineLength - before + 1));
        if (lineLength > LONG_LINE) {
            // Only the region and some context: a filter of a million characters on one line would
            // otherwise print that million for each of its diagnostics.
            int from = Math.max(0, before - CONTEXT);
            carets = Math.min(carets, LONG_LINE - 2 * CONTEXT);
            int to = Math.min(lineLength, before + carets + CONTEXT);
            text = (from > 0 ? "..." : "") + text.substring(text.offsetByCodePoints(0, from), text.offsetByCodePoints(0, to))
                    + (to < lineLength ? "..." : "");
            before = before - from + (from > 0 ? 3 : 0);
        }
        String gutter = " ".repeat(String.valueOf(line).length());
        out.append(gutter).append(" |\n");
        out.append(line).append(" | ").append(text).append('\n');
        out.append(gutter).append(" | ").append(" ".repeat(before)).append("^".repeat(carets)).append('\n');
        if (suggestion != null) {
            out.append(gutter).append(" = ").append(suggestion).append('\n');
        }
        return out.toString();
    }

    /** Source lines longer than this many code points are rendered as a window around the region. */
    private static final int LONG_LINE = 160;
    private static final int CONTEXT = 40;

    // Control characters would break the caret alignment (and a terminal); show them as one char each.
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\t') {
                b.append(' ');
            } else if (Character.isISOControl(cp)) {
                b.append('\uFFFD');
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    /** Orders by position, then errors before warnings, then by code. */
    @Override
    public int compareTo(Diagnostic o) {
        int c = Integer.compare(offset, o.offset);
        if (c == 0) {
            c = code.severity().compareTo(o.code.severity());
        }
        if (c == 0) {
            c = code.code().compareTo(o.code.code());
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Diagnostic d && code == d.code && offset == d.offset && length == d.length
                && message.equals(d.message) && Objects.equals(suggestion, d.suggestion) && source.equals(d.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, offset, length, message);
    }

    @Override
    public String toString() {
        return severity().label() + "[" + code.code() + "] at " + line + ":" + column + ": " + message
                + (suggestion == null ? "" : " (" + suggestion + ")");
    }
}
