package io.eventroute.runtime.internal;

import io.eventroute.runtime.endpoint.OutgoingEvent;

/**
 * One accepted event waiting for its endpoint, with the entity its route names (null for the default),
 * its route's counters, when it was accepted, and the tracker of its event (null when untracked), told
 * how this match ended. Immutable; thread-safe.
 */
public record Pending(OutgoingEvent event, String entity, Counts routeCounts, long acceptedNanos, EventTracker tracker) {
    /** An untracked match. */
    public Pending(OutgoingEvent event, String entity, Counts routeCounts, long acceptedNanos) {
        this(event, entity, routeCounts, acceptedNanos, null);
    }
}
