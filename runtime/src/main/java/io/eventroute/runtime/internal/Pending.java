package io.eventroute.runtime.internal;

import io.eventroute.runtime.endpoint.OutgoingEvent;

/**
 * One accepted event waiting for its endpoint, with the entity its route names (null for the default),
 * its route's counters and when it was accepted. Immutable; thread-safe.
 */
public record Pending(OutgoingEvent event, String entity, Counts routeCounts, long acceptedNanos) {
}
