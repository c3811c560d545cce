package io.eventroute.runtime.endpoint.servicebus;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusSenderAsyncClient;
import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.internal.AmqpSending;
import io.eventroute.runtime.endpoint.internal.CloudEventsAmqp;
import io.eventroute.runtime.endpoint.internal.ConnectionString;
import io.eventroute.runtime.endpoint.internal.EndpointSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends events to an Azure Service Bus queue or topic with the Azure SDK's sender client, in the
 * CloudEvents AMQP binary mode Azure Digital Twins uses: attributes as application properties
 * {@code cloudEvents:<attribute>}, content type from {@code datacontenttype}, body = data, message id
 * = event id (so the entity's duplicate detection drops a resend).
 *
 * <p>A batch goes as one SDK message batch, in order, all or nothing; only a batch larger than the
 * link allows is split, and then a failure after the first part means the dispatcher resends what
 * was delivered (at least once; duplicate detection drops the copies). Thread-safe: the dispatcher
 * sends several batches at once.
 */
public final class ServiceBusSender implements EndpointSender {
    /** The settings this kind reads. */
    public static final Set<String> SETTINGS = Set.of("connectionString", "queue", "topic");

    private static final long MAX_BATCH_BYTES = 192L * 1024L;

    private final AmqpSending<ServiceBusSenderAsyncClient> senders;

    private ServiceBusSender(EndpointSettings settings, ConnectionString connection, String defaultEntity,
            boolean topic) {
        this.senders = new AmqpSending<>(settings, connection, "servicebus", defaultEntity, "",
                (namespace, retry, entity) -> {
                    ServiceBusClientBuilder.ServiceBusSenderClientBuilder builder = new ServiceBusClientBuilder()
                            .connectionString(namespace)
                            .retryOptions(retry)
                            .sender();
                    return (topic ? builder.topicName(entity) : builder.queueName(entity)).buildAsyncClient();
                });
    }

    /**
     * A sender for endpoint {@code endpointName} with settings {@code connectionString} (a Service Bus
     * connection string; {@code UseDevelopmentEmulator=true} is honoured) and one of {@code queue} or
     * {@code topic} (the default entity; may instead come from the string's {@code EntityPath}, taken
     * as a queue). A route's topic names an entity of the same kind. Connects on first send.
     *
     * @throws IllegalArgumentException naming the endpoint and the setting that is missing or wrong
     */
    public static EndpointSender create(String endpointName, Map<String, String> settings) {
        EndpointSettings read = EndpointSettings.of("servicebus", endpointName, settings, SETTINGS);
        ConnectionString connection = ConnectionString.parse(read, "connectionString");
        String queue = read.optional("queue");
        String topic = read.optional("topic");
        if (queue != null && topic != null) {
            throw read.invalid("topic", "cannot be given together with 'queue'");
        }
        String entity = queue != null ? queue : topic;
        String entityPath = connection.entityPath();
        if (entity != null && entityPath != null && !entity.equals(entityPath)) {
            throw read.invalid(queue != null ? "queue" : "topic",
                    "names another entity than the connection string's EntityPath");
        }
        if (entity == null && entityPath == null) {
            throw read.invalid("queue", "or 'topic' is required (or an EntityPath in the connection string)");
        }
        connection.checkWith(read, "connectionString", text -> new ServiceBusClientBuilder().connectionString(text));
        return new ServiceBusSender(read, connection, entity != null ? entity : entityPath, topic != null);
    }

    @Override
    public void send(String entity, List<OutgoingEvent> batch, Duration timeout) throws DeliveryException {
        senders.send(entity, batch, timeout, (sender, target, deadline) -> senders.sendInBatches(batch,
                ServiceBusSender::toMessage, new AmqpSending.BatchOps<>(sender::createMessageBatch,
                        ServiceBusMessageBatch::tryAddMessage, ServiceBusMessageBatch::getCount,
                        ServiceBusMessageBatch::getMaxSizeInBytes, sender::sendMessages), target, deadline));
    }

    /** Opens the sending link to the default queue or topic (connection, credential and entity are checked). */
    @Override
    public void verify(Duration timeout) throws DeliveryException {
        senders.verify(timeout, ServiceBusSenderAsyncClient::createMessageBatch);
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
        senders.close();
    }

    private static ServiceBusMessage toMessage(OutgoingEvent event) {
        ServiceBusMessage message = new ServiceBusMessage(CloudEventsAmqp.body(event));
        message.setMessageId(event.eventId());
        String contentType = CloudEventsAmqp.contentType(event);
        if (contentType != null) {
            message.setContentType(contentType);
        }
        message.getApplicationProperties().putAll(CloudEventsAmqp.applicationProperties(event));
        return message;
    }
}
