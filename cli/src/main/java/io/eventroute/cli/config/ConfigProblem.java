package io.eventroute.cli.config;

import java.io.PrintWriter;
import java.util.List;

import java.util.Objects;

/**
 * One problem of a configuration file: an error (the file cannot be used) or a warning, at a line of
 * the file (0 when it concerns the whole file), with an optional multi-line detail such as a filter's
 * diagnostic with its caret. Immutable; thread-safe.
 *
 * @param error true for an error, false for a warning
 * @param line 1-based line in the file, or 0
 * @param message one line saying what is wrong and, when it can, what to write instead
 * @param detail more lines to print below the message (each ending in a newline), or empty
 */
public record ConfigProblem(boolean error, int line, String message, String detail) {
    public ConfigProblem {
        Objects.requireNonNull(message, "message");
        detail = detail == null ? "" : detail;
    }

    static ConfigProblem error(int line, String message) {
        return new ConfigProblem(true, line, message, "");
    }

    static ConfigProblem warning(int line, String message) {
        return new ConfigProblem(false, line, message, "");
    }

    /** {@code FILE:LINE: error: message} and the detail, ready to print. */
    public String render(String file) {
        String where = line > 0 ? file + ":" + line : file;
        return where + ": " + (error ? "error" : "warning") + ": " + message + System.lineSeparator() + detail;
    }

    /**
     * Prints {@code problems} of {@code file} on {@code err}, and when there are errors a last line
     * saying that {@code consequence} ("nothing was read or sent"); returns the number of errors.
     */
    public static long print(List<ConfigProblem> problems, String file, String consequence, PrintWriter err) {
        long errors = 0;
        for (ConfigProblem p : problems) {
            err.print(p.render(file));
            errors += p.error() ? 1 : 0;
        }
        if (errors > 0) {
            err.println("eventroute: " + file + " has " + errors + (errors == 1 ? " error" : " errors") + "; " + consequence);
        }
        err.flush();
        return errors;
    }
}
