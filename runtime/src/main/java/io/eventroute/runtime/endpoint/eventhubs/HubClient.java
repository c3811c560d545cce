package io.eventroute.runtime.endpoint.eventhubs;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import reactor.core.publisher.Mono;

/**
 * The SDK producer of one event hub with the hub's partition ids, asked once per client (in the
 * service's order, which partition keys are hashed against). Thread-safe.
 */
final class HubClient implements AutoCloseable {
    private final EventHubProducerAsyncClient producer;
    private final Mono<String[]> partitionIds;

    HubClient(String namespace, AmqpRetryOptions retry, String hub) {
        this.producer = new EventHubClientBuilder().connectionString(namespace, hub).retryOptions(retry)
                .buildAsyncProducerClient();
        // Cached, failure included: a client that failed transiently is discarded, and the next asks again.
        this.partitionIds = producer.getPartitionIds().collectList().map(ids -> ids.toArray(new String[0])).cache();
    }

    EventHubProducerAsyncClient producer() {
        return producer;
    }

    /** The hub's partition ids, as the service lists them. */
    Mono<String[]> partitionIds() {
        return partitionIds;
    }

    @Override
    public void close() {
        producer.close();
    }
}
