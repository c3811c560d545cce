package io.eventroute.runtime;

/**
 * Delivery counters of one route or one endpoint at one moment. Every matched event ends up either
 * delivered or failed; a failed event is dead-lettered unless writing the dead letter failed too (or
 * no dead-letter directory is set), so {@code failed - deadLettered} events were lost and logged.
 * Immutable; thread-safe.
 *
 * @param matched events accepted for delivery (once per matching route)
 * @param delivered events the endpoint acknowledged
 * @param retried sends repeated after a transient failure, counted per event
 * @param deadLettered events stored in the dead-letter directory
 * @param failed events given up on (permanent failure, retries exhausted, or closing before delivery)
 */
public record DeliveryCounts(long matched, long delivered, long retried, long deadLettered, long failed) {

    /** Events accepted but neither delivered nor failed yet (queued or being sent). */
    public long pending() {
        return matched - delivered - failed;
    }
}
