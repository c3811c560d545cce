package io.eventroute.cli.internal;

import io.eventroute.runtime.event.InvalidEventException;
import java.util.regex.Pattern;

/**
 * A problem with one input line or file, in the one format of every command's diagnostics,
 * {@code FILE:LINE[:COLUMN]: error: message}, so that route, match and eval say the same about the
 * same bad line. Stateless; thread-safe.
 */
public final class InputProblem {
    // InvalidEventException appends its position; here it goes in front, counted in the file.
    private static final Pattern POSITION = Pattern.compile(" at line \\d+, column \\d+$");
    // Jackson names its own settings in limits: "(1000, from `StreamReadConstraints.getMaxNestingDepth()`)".
    private static final Pattern LIBRARY_REFERENCE = Pattern.compile(",? from `[^`]*`");

    private InputProblem() {
    }

    /** {@code e} about the text starting at line {@code line} of {@code file}; {@code prefix} goes before its message. */
    public static String render(String file, long line, String prefix, InvalidEventException e) {
        String at = file + ":" + (e.line().isPresent() ? line + e.line().getAsInt() - 1 : line)
                + (e.line().isPresent() && e.column().isPresent() && prefix.isEmpty() ? ":" + e.column().getAsInt() : "");
        return at + ": error: " + prefix + clean(POSITION.matcher(e.getMessage()).replaceFirst(""));
    }

    /** {@code message} about line {@code line} of {@code file}. */
    public static String render(String file, long line, String message) {
        return file + ":" + line + ": error: " + clean(message);
    }

    private static String clean(String message) {
        return LIBRARY_REFERENCE.matcher(message).replaceAll("");
    }
}
