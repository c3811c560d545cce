package io.eventroute.runtime.endpoint.eventhubs;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.internal.AmqpSending;
import io.eventroute.runtime.endpoint.internal.Await;
import io.eventroute.runtime.endpoint.internal.CloudEventsAmqp;
import io.eventroute.runtime.endpoint.internal.ConnectionString;
import io.eventroute.runtime.endpoint.internal.EndpointSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Sends events to Azure Event Hubs with the Azure SDK's producer client, in the CloudEvents AMQP
 * binary mode Azure Digital Twins uses: attributes as application properties
 * {@code cloudEvents:<attribute>}, content type from {@code datacontenttype}, body = data, partition
 * key = the twin (so one twin's events stay in one partition, in order), message id = event id.
 *
 * <p>A batch is sent as one SDK batch per partition key (the service takes one key per batch), the
 * keys' batches all at once (one key's events stay in one batch, in order); each SDK batch is all or
 * nothing. If one fails, others may have been delivered, and the dispatcher's retry sends them again:
 * delivery is at least once. Thread-safe: the dispatcher sends several batches at once.
 */
public final class EventHubsSender implements EndpointSender {
    /** The settings this kind reads. */
    public static final Set<String> SETTINGS = Set.of("connectionString", "eventHub");

    // Well below the 1 MB messages of the Standard tier, leaving room for AMQP headers and properties.
    private static final long MAX_BATCH_BYTES = 768L * 1024L;

    private final AmqpSending<EventHubProducerAsyncClient> producers;

    private EventHubsSender(EndpointSettings settings, ConnectionString connection, String defaultEventHub) {
        this.producers = new AmqpSending<>(settings, connection, "eventhubs", defaultEventHub, "event hub ",
                (namespace, retry, hub) -> new EventHubClientBuilder()
                        .connectionString(namespace, hub)
                        .retryOptions(retry)
                        .buildAsyncProducerClient());
    }

    /**
     * A sender for endpoint {@code endpointName} with settings {@code connectionString} (an Event Hubs
     * connection string; {@code UseDevelopmentEmulator=true} is honoured) and {@code eventHub} (the
     * default event hub; may instead come from the string's {@code EntityPath}). Connects on first send.
     *
     * @throws IllegalArgumentException naming the endpoint and the setting that is missing or wrong
     */
    public static EndpointSender create(String endpointName, Map<String, String> settings) {
        EndpointSettings read = EndpointSettings.of("eventhubs", endpointName, settings, SETTINGS);
        ConnectionString connection = ConnectionString.parse(read, "connectionString");
        String eventHub = read.optional("eventHub");
        String entityPath = connection.entityPath();
        if (eventHub != null && entityPath != null && !eventHub.equals(entityPath)) {
            throw read.invalid("eventHub", "names another event hub than the connection string's EntityPath");
        }
        if (eventHub == null && entityPath == null) {
            throw read.invalid("eventHub", "is required (or an EntityPath in the connection string)");
        }
        String hub = eventHub != null ? eventHub : entityPath;
        connection.checkWith(read, "connectionString", text -> new EventHubClientBuilder().connectionString(text, hub));
        return new EventHubsSender(read, connection, hub);
    }

    @Override
    public void send(String entity, List<OutgoingEvent> batch, Duration timeout) throws DeliveryException {
        producers.send(entity, batch, timeout, (producer, hub, deadline) -> {
            List<Mono<Void>> sends = new ArrayList<>();
            for (Map.Entry<String, List<OutgoingEvent>> group : byPartitionKey(batch).entrySet()) {
                sends.add(sendGroup(producer, hub, group.getKey(), group.getValue()));
            }
            // One round trip for the whole batch rather than one per twin: the sends are pipelined on the link.
            Await.until(deadline, Mono.when(sends));
        });
    }

    /** Opens the sending link to the default event hub (connection, credential and hub are checked). */
    @Override
    public void verify(Duration timeout) throws DeliveryException {
        producers.verify(timeout, EventHubProducerAsyncClient::createBatch);
    }

    /** {@link AmqpSending#DEFAULT_CONCURRENCY}. */
    @Override
    public int defaultConcurrency() {
        return AmqpSending.DEFAULT_CONCURRENCY;
    }

    @Override
    public int maxBatchCount() {
        return AmqpSending.MAX_BATCH_COUNT;
    }

    @Override
    public long maxBatchBytes() {
        return MAX_BATCH_BYTES;
    }

    @Override
    public void close() {
        producers.close();
    }

    private Mono<Void> sendGroup(EventHubProducerAsyncClient producer, String hub, String partitionKey,
            List<OutgoingEvent> events) {
        CreateBatchOptions options = new CreateBatchOptions();
        if (partitionKey != null) {
            options.setPartitionKey(partitionKey);
        }
        return producers.inBatches(events, EventHubsSender::toEventData, new AmqpSending.BatchOps<>(
                () -> producer.createBatch(options), EventDataBatch::tryAdd, EventDataBatch::getCount,
                EventDataBatch::getMaxSizeInBytes, producer::send), hub);
    }

    private static EventData toEventData(OutgoingEvent event) {
        EventData data = new EventData(CloudEventsAmqp.body(event));
        String contentType = CloudEventsAmqp.contentType(event);
        if (contentType != null) {
            data.setContentType(contentType);
        }
        data.setMessageId(event.eventId());
        data.getProperties().putAll(CloudEventsAmqp.applicationProperties(event));
        return data;
    }

    private static Map<String, List<OutgoingEvent>> byPartitionKey(List<OutgoingEvent> batch) {
        // LinkedHashMap keeps the order of first appearance; the null key collects events without a twin.
        Map<String, List<OutgoingEvent>> groups = new LinkedHashMap<>();
        for (OutgoingEvent event : batch) {
            groups.computeIfAbsent(event.partitionKey(), key -> new ArrayList<>()).add(event);
        }
        return groups;
    }
}
