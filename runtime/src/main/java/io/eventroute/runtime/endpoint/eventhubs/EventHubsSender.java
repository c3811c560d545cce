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
import io.eventroute.runtime.endpoint.internal.KindSpecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Sends events to Azure Event Hubs with the Azure SDK's producer client, in the CloudEvents AMQP
 * binary mode Azure Digital Twins uses: attributes as application properties {@code
 * cloudEvents:<attribute>}, content type from {@code datacontenttype}, body = data, partition key =
 * the twin ({@code x-opt-partition-key} on each message), message id = event id.
 *
 * <p>A batch is sent by partition, not by key: each event goes to the partition the service's hash
 * gives its key (computed here, see {@code PartitionKeyHash}, so a twin's events all go where ADT's own
 * key-based sends would put them), one SDK batch per partition carrying all of that partition's twins,
 * in order, and the partitions' batches all at once. Events without a twin go in one batch the service
 * spreads. Each SDK batch is all or nothing; if one fails, others may have been delivered, and the
 * dispatcher's retry sends them again: delivery is at least once. Thread-safe: the dispatcher sends
 * several batches at once.
 *
 * <p>Why not the SDK's buffered producer (5.21), which batches by partition with its own copy of the
 * hash: tried here, its partitions could stop for good under concurrent sends (seen: "Unable to create
 * a new batch because thread was interrupted"; at the second such error the SDK ends that partition's
 * publishing), and it hashes keys against the partition ids in a hash map's iteration order, which is
 * the service's order only up to 11 partitions (at 12 or 32 a twin would land elsewhere than with
 * ADT's own sends).
 */
public final class EventHubsSender implements EndpointSender {
    // Well below the 1 MB messages of the Standard tier, leaving room for AMQP headers and properties.
    private static final long MAX_BATCH_BYTES = 768L * 1024L;
    private static final String PARTITION_KEY_ANNOTATION = "x-opt-partition-key";

    private final AmqpSending<HubClient> clients;

    private EventHubsSender(EndpointSettings settings, ConnectionString connection, String defaultEventHub) {
        this.clients = new AmqpSending<>(settings, connection, "eventhubs", defaultEventHub, "event hub ",
                HubClient::new);
    }

    /**
     * A sender for endpoint {@code endpointName} with settings {@code connectionString} (an Event Hubs
     * connection string; {@code UseDevelopmentEmulator=true} is honoured) and {@code eventHub} (the
     * default event hub; may instead come from the string's {@code EntityPath}). Connects on first send.
     *
     * @throws IllegalArgumentException naming the endpoint and the setting that is missing or wrong
     */
    public static EndpointSender create(String endpointName, Map<String, String> settings) {
        EndpointSettings read = EndpointSettings.of(KindSpecs.EVENTHUBS, endpointName, settings);
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
        clients.send(entity, batch, timeout, (client, hub, deadline) -> {
            String[] partitionIds = Await.until(deadline, client.partitionIds());
            List<Mono<Void>> sends = new ArrayList<>();
            for (Map.Entry<String, List<OutgoingEvent>> group : byPartition(batch, partitionIds).entrySet()) {
                CreateBatchOptions options = new CreateBatchOptions();
                if (group.getKey() != null) {
                    options.setPartitionId(group.getKey());
                }
                EventHubProducerAsyncClient producer = client.producer();
                sends.add(clients.inBatches(group.getValue(), EventHubsSender::toEventData, new AmqpSending.BatchOps<>(
                        () -> producer.createBatch(options), EventDataBatch::tryAdd, EventDataBatch::getCount,
                        EventDataBatch::getMaxSizeInBytes, producer::send), hub));
            }
            // The partitions' sends are pipelined on the connection: one round trip for the whole batch.
            Await.until(deadline, Mono.when(sends));
        });
    }

    /** Opens the sending link to the default event hub (connection, credential and hub are checked). */
    @Override
    public void verify(Duration timeout) throws DeliveryException {
        clients.verify(timeout, client -> client.producer().createBatch());
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
        clients.close();
    }

    private static Map<String, List<OutgoingEvent>> byPartition(List<OutgoingEvent> batch, String[] partitionIds) {
        // LinkedHashMap keeps the order of first appearance; the null key collects events without a twin.
        Map<String, List<OutgoingEvent>> groups = new LinkedHashMap<>();
        for (OutgoingEvent event : batch) {
            String key = event.partitionKey();
            String partition = key == null || partitionIds.length == 0 ? null
                    : partitionIds[PartitionKeyHash.partitionIndex(key, partitionIds.length)];
            groups.computeIfAbsent(partition, p -> new ArrayList<>()).add(event);
        }
        return groups;
    }

    private static EventData toEventData(OutgoingEvent event) {
        EventData data = new EventData(CloudEventsAmqp.body(event));
        if (event.partitionKey() != null) {
            // What a key-based send sets; consumers read the twin from it.
            data.getRawAmqpMessage().getMessageAnnotations().put(PARTITION_KEY_ANNOTATION, event.partitionKey());
        }
        String contentType = CloudEventsAmqp.contentType(event);
        if (contentType != null) {
            data.setContentType(contentType);
        }
        data.setMessageId(event.eventId());
        data.getProperties().putAll(CloudEventsAmqp.applicationProperties(event));
        return data;
    }
}
