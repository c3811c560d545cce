package io.eventroute.compiler.internal;

import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.ast.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the diagnostics of one compilation; every stage reports here instead of throwing. Keeps
 * at most {@link #MAX_DIAGNOSTICS}: a hostile filter with thousands of mistakes gets the first ones.
 */
public final class Problems {
    /** More findings than this are dropped; the first ones say what to fix. */
    public static final int MAX_DIAGNOSTICS = 100;

    private final String source;
    private final Set<Diagnostic> diagnostics = new LinkedHashSet<>();
    private boolean errors;
    private int reported;

    public Problems(String source) {
        this.source = source;
    }

    public String source() {
        return source;
    }

    public void report(DiagnosticCode code, Span span, String message, String suggestion) {
        report(code, span.offset(), span.length(), message, suggestion);
    }

    public void report(DiagnosticCode code, int offset, int length, String message, String suggestion) {
        errors |= code.severity() == io.eventroute.compiler.Severity.ERROR;
        reported++;
        if (diagnostics.size() < MAX_DIAGNOSTICS) {
            diagnostics.add(new Diagnostic(code, source, offset, length, message, suggestion));
        }
    }

    /** How many findings were reported so far, those dropped beyond {@link #MAX_DIAGNOSTICS} included. */
    public int reported() {
        return reported;
    }

    public boolean hasErrors() {
        return errors;
    }

    /** Every diagnostic so far, sorted by position. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(diagnostics);
        Collections.sort(copy);
        return List.copyOf(copy);
    }
}
