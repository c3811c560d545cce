package io.eventroute.kafka;

import io.eventroute.compiler.Diagnostic;
import java.util.List;
import java.util.Objects;

/**
 * A record of the routes topic that was not applied: why, with the filter's diagnostics when the
 * filter was the problem, and whether an earlier version of the route stays in force. Immutable;
 * thread-safe.
 *
 * @param routeId the record's key (the route id), or null when it had none
 * @param source where the record came from: {@code topic-partition@offset}
 * @param problem what is wrong, in one sentence
 * @param filter the filter text, or null when the record was unreadable before it
 * @param diagnostics the filter's errors (empty when the problem is not the filter)
 * @param previousKept true when an earlier version of this route is still routing events
 */
public record RouteError(String routeId, String source, String problem, String filter, List<Diagnostic> diagnostics,
        boolean previousKept) {
    /** Requires a source and a problem; keeps a copy of the diagnostics. */
    public RouteError {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(problem, "problem");
        diagnostics = List.copyOf(diagnostics);
    }
}
