package io.eventroute.runtime.endpoint.internal;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import reactor.core.publisher.Mono;

/**
 * What the senders over an Azure AMQP client (Event Hubs, Service Bus) share: one client per entity
 * from a {@link ClientCache}, acquired and used within the send's deadline; failures classified by
 * {@link DeliveryFailures}, a client discarded after a transient one; SDK batches filled in order and
 * sent when full; closing. Thread-safe: the SDK's async clients and the cache are, and several
 * dispatcher threads send at once.
 *
 * @param <C> the client type
 */
public final class AmqpSending<C extends AutoCloseable> {
    /** How many events one batch from the dispatcher may hold. */
    public static final int MAX_BATCH_COUNT = 100;

    /**
     * Sends in flight at once by default: AMQP sends are pipelined over one connection, so 16 batches
     * of up to 100 events keep a link busy across a 5-20 ms round trip to an Azure region.
     */
    public static final int DEFAULT_CONCURRENCY = 16;

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** Builds the client of an entity (without connecting). */
    @FunctionalInterface
    public interface ClientFactory<C> {
        /**
         * @param namespace the connection string without its EntityPath
         * @param retry the SDK retry options (one attempt)
         * @param entity the entity the client sends to
         */
        C build(String namespace, AmqpRetryOptions retry, String entity);
    }

    /** Sends a non-empty batch of events with the client of one entity. */
    @FunctionalInterface
    public interface Delivery<C> {
        void deliver(C client, String target, long deadline) throws DeliveryException;
    }

    /**
     * How to fill and send the SDK's batches.
     *
     * @param create creates an empty SDK batch
     * @param tryAdd adds a message to a batch; false if it does not fit
     * @param count how many messages a batch holds
     * @param maxSizeInBytes how many bytes a batch may hold
     * @param send sends a batch
     * @param <B> the SDK batch type
     * @param <M> the SDK message type
     */
    public record BatchOps<B, M>(Supplier<Mono<B>> create, BiPredicate<B, M> tryAdd, ToIntFunction<B> count,
            ToIntFunction<B> maxSizeInBytes, Function<B, Mono<Void>> send) {
    }

    private final DeliveryFailures failures;
    private final ClientCache<C> clients;
    private final String defaultEntity;
    private final String targetPrefix;

    /**
     * @param settings the endpoint's settings
     * @param connection the endpoint's connection string
     * @param kind the endpoint kind, naming the threads that close clients
     * @param defaultEntity the entity of a send that names none
     * @param targetPrefix what messages put before an entity's quoted name, e.g. "event hub "
     * @param factory builds the client of an entity
     */
    public AmqpSending(EndpointSettings settings, ConnectionString connection, String kind, String defaultEntity,
            String targetPrefix, ClientFactory<C> factory) {
        this.defaultEntity = defaultEntity;
        this.targetPrefix = targetPrefix;
        this.failures = new DeliveryFailures(settings.describe(), connection.secrets());
        String namespace = connection.withoutEntityPath();
        // The dispatcher retries with backoff; one SDK attempt keeps each call within its own timeout.
        AmqpRetryOptions retry = new AmqpRetryOptions().setMode(AmqpRetryMode.FIXED).setMaxRetries(0)
                .setTryTimeout(Duration.ofSeconds(60));
        this.clients = new ClientCache<>(entity -> factory.build(namespace, retry, entity),
                "eventroute-" + kind + "-close-" + settings.endpointName());
    }

    /**
     * Sends {@code batch} to {@code entity} (the default entity if null or blank) with {@code delivery}
     * and the entity's client, within {@code timeout}; a failure is classified, and a client that
     * failed transiently discarded.
     */
    public void send(String entity, List<OutgoingEvent> batch, Duration timeout, Delivery<C> delivery)
            throws DeliveryException {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(timeout, "timeout");
        if (batch.isEmpty()) {
            return;
        }
        String target = entity == null || entity.isBlank() ? defaultEntity : entity;
        long deadline = Await.deadline(timeout);
        withClient(target, "sending " + batch.size() + " event(s) to ", client -> delivery.deliver(client, target, deadline));
    }

    /** A call with an entity's client. */
    @FunctionalInterface
    private interface ClientCall<C> {
        void run(C client) throws DeliveryException;
    }

    /**
     * Runs {@code call} with {@code target}'s client; a failure is classified ({@code action} and the
     * target name what was being done), and a client that failed transiently discarded.
     */
    private void withClient(String target, String action, ClientCall<C> call) throws DeliveryException {
        C client;
        try {
            client = clients.get(target);
        } catch (RuntimeException e) {
            throw failures.classify("creating the client of " + describe(target), e);
        }
        try {
            call.run(client);
        } catch (RuntimeException e) {
            DeliveryException failure = failures.classify(action + describe(target), e);
            if (failure.isTransient()) {
                clients.discard(target, client);
            }
            throw failure;
        }
    }

    /**
     * Adds {@code events}, converted by {@code convert}, to SDK batches in order, sending each batch
     * that is full and then the last one, all before {@code deadline}.
     *
     * @throws DeliveryException (permanent) for an event that does not fit in an empty batch
     */
    public <B, M> void sendInBatches(List<OutgoingEvent> events, Function<OutgoingEvent, M> convert,
            BatchOps<B, M> ops, String target, long deadline) throws DeliveryException {
        Await.until(deadline, inBatches(events, convert, ops, target));
    }

    /**
     * Sends {@code events}, converted by {@code convert}, in SDK batches one after the other, in order,
     * when subscribed; fails with a (permanent) {@link DeliveryException} for an event that does not fit
     * in an empty batch.
     */
    public <B, M> Mono<Void> inBatches(List<OutgoingEvent> events, Function<OutgoingEvent, M> convert,
            BatchOps<B, M> ops, String target) {
        return inBatches(events, 0, convert, ops, target);
    }

    private <B, M> Mono<Void> inBatches(List<OutgoingEvent> events, int from, Function<OutgoingEvent, M> convert,
            BatchOps<B, M> ops, String target) {
        return ops.create().get().flatMap(sdkBatch -> {
            int next = from;
            while (next < events.size()) {
                OutgoingEvent event = events.get(next);
                try {
                    if (!ops.tryAdd().test(sdkBatch, convert.apply(event))) {
                        break;
                    }
                } catch (RuntimeException e) {
                    // The SDK throws, rather than returning false, for a message larger than any batch.
                    return Mono.error(failures.classify("adding event '" + event.eventId() + "' to a batch", e));
                }
                next++;
            }
            if (ops.count().applyAsInt(sdkBatch) == 0) {
                return Mono.error(tooLarge(events.get(next), target, ops.maxSizeInBytes().applyAsInt(sdkBatch)));
            }
            int rest = next;
            Mono<Void> sent = ops.send().apply(sdkBatch);
            return rest < events.size() ? sent.then(Mono.defer(() -> inBatches(events, rest, convert, ops, target)))
                    : sent;
        });
    }

    /**
     * Connects the default entity's client by running {@code probe} on it (e.g. creating an SDK batch,
     * which opens the sending link and authenticates) within {@code timeout}.
     */
    public void verify(Duration timeout, Function<C, Mono<?>> probe) throws DeliveryException {
        long deadline = Await.deadline(timeout);
        withClient(defaultEntity, "connecting to ", client -> Await.until(deadline, probe.apply(client).then()));
    }

    /** Closes every client, waiting a bounded time; idempotent. */
    public void close() {
        clients.close(CLOSE_WAIT);
    }

    private DeliveryException tooLarge(OutgoingEvent event, String target, int maxBytes) {
        return failures.permanentFailure("event '" + event.eventId() + "' does not fit in a message to "
                + describe(target) + " (at most " + maxBytes + " bytes)");
    }

    private String describe(String target) {
        return targetPrefix + "'" + target + "'";
    }
}
