package io.eventroute.runtime;

/**
 * What became of every match of one event routed with {@link Router#routeTracked}: each match ends
 * delivered, dead-lettered (kept in the dead-letter directory for replay) or lost (neither: no
 * dead-letter directory, or it could not be written; counted failed and logged). Immutable; thread-safe.
 *
 * @param matched the routes the event matched
 * @param delivered the matches the endpoints acknowledged
 * @param deadLettered the matches written to the dead-letter directory
 * @param lost the matches neither delivered nor dead-lettered
 */
public record DeliveryOutcome(int matched, int delivered, int deadLettered, int lost) {
    /** True when nothing was lost: every match was delivered or dead-lettered. */
    public boolean safe() {
        return lost == 0;
    }
}
