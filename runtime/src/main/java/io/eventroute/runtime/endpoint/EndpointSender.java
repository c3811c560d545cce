package io.eventroute.runtime.endpoint;

import java.time.Duration;
import java.util.List;

/**
 * Sends batches of events to one endpoint with the client a user of that service would use (the
 * Azure SDK, the JDK HTTP client, a file). The dispatcher owns queues, batching, retries, dead
 * letters and counters; a sender only sends. One sender serves one endpoint; the dispatcher calls
 * {@link #send} from up to the endpoint's {@code maxConcurrency} threads at once ({@link
 * #defaultConcurrency()} unless the delivery options say otherwise), never with two batches holding
 * events of the same partition key at once. A sender whose default is 1 (the default) need not be
 * thread-safe unless a user raises maxConcurrency; {@link #close()} may come from another thread, once
 * no send is in flight.
 */
public interface EndpointSender extends AutoCloseable {

    /**
     * Sends {@code batch} to {@code entity} (the event hub, queue, topic or path the route names; the
     * endpoint's default when the route names none), all or nothing, within {@code timeout}.
     *
     * @throws DeliveryException classified transient or permanent; nothing of the batch counts as sent
     */
    void send(String entity, List<OutgoingEvent> batch, Duration timeout) throws DeliveryException;

    /**
     * Connects to the endpoint once, without sending an event, so that a wrong host, entity or
     * credential shows before the first event does (connections are otherwise made on first send).
     * What is checked depends on the kind: Event Hubs and Service Bus open a sending link to the
     * default entity (host, credential and entity); webhook and Event Grid make one request that must
     * get any HTTP answer (host and TLS; the credential is checked by the first send); file checks that
     * its directory can be written. Nothing by default. Safe to call while sends are in flight.
     *
     * @throws DeliveryException when the endpoint cannot be reached, classified as a send failure is
     */
    default void verify(Duration timeout) throws DeliveryException {
    }

    /** Most events in one batch (1 when the service takes one event per call). */
    default int maxBatchCount() {
        return 1;
    }

    /** Most bytes in one batch, as {@link OutgoingEvent#sizeInBytes()} adds them up. */
    default long maxBatchBytes() {
        return 1024L * 1024L;
    }

    /**
     * Sends in flight at once when the endpoint's delivery options leave {@code maxConcurrency} unset
     * (0): what suits the service (its round trip and how many requests it takes at once). A sender
     * returning more than 1 must be thread-safe.
     */
    default int defaultConcurrency() {
        return 1;
    }

    /** Releases connections and files; idempotent. */
    @Override
    void close();
}
