package io.eventroute.compiler;

import java.util.List;

/** Thrown by {@link CompileResult#orThrow()} for a filter with errors; carries the diagnostics. */
public final class FilterCompilationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> errors;

    public FilterCompilationException(String source, List<Diagnostic> errors) {
        super("invalid filter '" + abbreviate(source) + "': "
                + (errors.isEmpty() ? "unknown error" : errors.get(0).toString()));
        this.errors = List.copyOf(errors);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** The errors, sorted by position. */
    public List<Diagnostic> errors() {
        return errors;
    }
}
