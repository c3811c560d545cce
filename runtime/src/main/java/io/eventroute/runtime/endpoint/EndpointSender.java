package io.eventroute.runtime.endpoint;

import java.time.Duration;
import java.util.List;

/**
 * Sends batches of events to one endpoint with the client a user of that service would use (the
 * Azure SDK, the JDK HTTP client, a file). The dispatcher owns queues, batching, retries, dead
 * letters and counters; a sender only sends. One sender serves one endpoint; the dispatcher calls
 * {@link #send} from one thread at a time per endpoint, so implementations need not be thread-safe
 * beyond that, but {@link #close()} may come from another thread.
 */
public interface EndpointSender extends AutoCloseable {

    /**
     * Sends {@code batch} to {@code entity} (the event hub, queue, topic or path the route names; the
     * endpoint's default when the route names none), all or nothing, within {@code timeout}.
     *
     * @throws DeliveryException classified transient or permanent; nothing of the batch counts as sent
     */
    void send(String entity, List<OutgoingEvent> batch, Duration timeout) throws DeliveryException;

    /** Most events in one batch (1 when the service takes one event per call). */
    default int maxBatchCount() {
        return 1;
    }

    /** Most bytes in one batch, as {@link OutgoingEvent#sizeInBytes()} adds them up. */
    default long maxBatchBytes() {
        return 1024L * 1024L;
    }

    /** Releases connections and files; idempotent. */
    @Override
    void close();
}
