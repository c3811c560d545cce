package io.eventroute.compiler.internal;

import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.ast.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects the diagnostics of one compilation; every stage reports here instead of throwing. */
public final class Problems {
    private final String source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private boolean errors;

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
        Diagnostic d = new Diagnostic(code, source, offset, length, message, suggestion);
        if (!diagnostics.contains(d)) {
            diagnostics.add(d);
        }
        errors |= d.isError();
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
