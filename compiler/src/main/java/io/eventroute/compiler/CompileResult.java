package io.eventroute.compiler;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of compiling one filter: every diagnostic, sorted by position, and the compiled filter
 * when there is no error. Immutable; thread-safe.
 */
public final class CompileResult {
    private final String source;
    private final List<Diagnostic> diagnostics;
    private final CompiledFilter filter;

    CompileResult(String source, List<Diagnostic> diagnostics, CompiledFilter filter) {
        this.source = source;
        this.diagnostics = List.copyOf(diagnostics);
        this.filter = filter;
    }

    /** The filter text as it was given. */
    public String source() {
        return source;
    }

    /** Errors and warnings, sorted by position. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The diagnostics of severity error, in position order. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).collect(Collectors.toList());
    }

    /** The diagnostics of severity warning, in position order. */
    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).collect(Collectors.toList());
    }

    /** True when there is at least one error (then there is no filter). */
    public boolean hasErrors() {
        return filter == null;
    }

    /** The compiled filter; empty when there are errors. */
    public Optional<CompiledFilter> filter() {
        return Optional.ofNullable(filter);
    }

    /**
     * The compiled filter, for callers that treat a bad filter as a programming error.
     *
     * @throws FilterCompilationException carrying the diagnostics when there are errors
     */
    public CompiledFilter orThrow() {
        if (filter == null) {
            throw new FilterCompilationException(source, errors());
        }
        return filter;
    }

    /** Every diagnostic rendered with source lines and carets. */
    public String render() {
        return diagnostics.stream().map(Diagnostic::render).collect(Collectors.joining());
    }
}
