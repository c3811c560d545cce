package io.eventroute.kafka;

import io.eventroute.kafka.internal.RouteJson;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.RouteStore;
import io.eventroute.runtime.RouteStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A {@link RouteStore} in the compacted routes topic that {@code eventroute streams} reads, in the same
 * record format (key = route id, value = {@code {"endpoint", "filter", "topic"?, "dialect"?}}, a
 * tombstone for a deleted route), so one {@code serve} instance manages the routes of a whole streams
 * deployment. A change is durable when the broker has acknowledged it with {@code acks=all}. The
 * store assumes it is the topic's only writer while it is open. Thread-safe.
 */
public final class KafkaRouteStore implements RouteStore {
    private static final System.Logger LOG = System.getLogger(KafkaRouteStore.class.getName());

    private final String topic;
    private final Map<String, Object> clientConfig;
    private final Duration timeout;
    private final KafkaProducer<String, byte[]> producer;
    /** The ids stored, so that {@link #remove} can say whether there was one (the store is the only writer). */
    private final Set<String> ids = new HashSet<>();

    private KafkaRouteStore(String topic, Map<String, Object> clientConfig, Duration timeout) {
        this.topic = topic;
        this.clientConfig = clientConfig;
        this.timeout = timeout;
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("delivery.timeout.ms", (int) Math.max(timeout.toMillis(), 1_000));
        p.put("request.timeout.ms", (int) Math.max(timeout.toMillis() / 2, 500));
        p.put("max.block.ms", Math.max(timeout.toMillis(), 1_000));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Opens the store on {@code topic} at {@code bootstrapServers}, with further client settings
     * (security and the like) in {@code properties}. The topic must exist and be compacted.
     *
     * @throws RouteStoreException when the broker cannot be reached within {@code timeout}, or the topic
     *     is missing or not compacted
     */
    public static KafkaRouteStore open(String bootstrapServers, String topic, Map<String, String> properties,
            Duration timeout) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Map<String, Object> config = new HashMap<>(properties);
        config.put("bootstrap.servers", bootstrapServers);
        checkTopic(config, topic, timeout);
        return new KafkaRouteStore(topic, config, timeout);
    }

    private static void checkTopic(Map<String, Object> config, String topic, Duration timeout) {
        Properties p = new Properties();
        p.putAll(config);
        p.put("default.api.timeout.ms", (int) timeout.toMillis());
        p.put("request.timeout.ms", (int) Math.max(timeout.toMillis() / 2, 500));
        try (Admin admin = Admin.create(p)) {
            Set<String> names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!names.contains(topic)) {
                throw new RouteStoreException("the routes topic '" + topic + "' does not exist at " + config.get("bootstrap.servers")
                        + "; create it with cleanup.policy=compact", null);
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config topicConfig = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry policy = topicConfig.get("cleanup.policy");
            if (policy == null || !policy.value().contains("compact")) {
                throw new RouteStoreException("the routes topic '" + topic + "' is not compacted (cleanup.policy="
                        + (policy == null ? "?" : policy.value()) + "): deleted routes would come back; set cleanup.policy=compact", null);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new RouteStoreException("cannot reach Kafka at " + config.get("bootstrap.servers") + " to check the routes topic '"
                    + topic + "' (" + (e.getCause() == null ? e : e.getCause()).getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouteStoreException("interrupted while checking the routes topic '" + topic + "'", e);
        }
    }

    /** Reads the topic from its beginning to its end; bad records are logged with their key and skipped. */
    @Override
    public synchronized List<EventRoute> load() {
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put("enable.auto.commit", "false");
        p.put("isolation.level", "read_committed");
        Map<String, EventRoute> routes = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos() * 10;
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new RouteStoreException("reading the routes topic '" + topic + "' did not reach its end in "
                            + timeout.multipliedBy(10).toSeconds() + " s", null);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        routes.remove(r.key());
                        continue;
                    }
                    try {
                        routes.put(r.key(), RouteJson.parse(r.key(), r.value()));
                    } catch (RouteJson.BadRouteException e) {
                        LOG.log(System.Logger.Level.WARNING, "routes topic '" + topic + "', partition " + r.partition()
                                + ", offset " + r.offset() + ", key '" + r.key() + "': not a route (" + e.getMessage()
                                + "); skipped");
                    }
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new RouteStoreException("cannot read the routes topic '" + topic + "' (" + e.getMessage() + ")", e);
        }
        ids.clear();
        ids.addAll(routes.keySet());
        return new ArrayList<>(routes.values());
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void put(EventRoute route) {
        send(route.id(), RouteJson.write(route));
        ids.add(route.id());
    }

    /** Sends every route before waiting for any acknowledgement: one round of waiting, not one per route. */
    @Override
    public synchronized void putAll(List<EventRoute> routes) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (EventRoute r : routes) {
            sent.add(producer.send(new ProducerRecord<>(topic, r.id(), RouteJson.write(r))));
        }
        for (int i = 0; i < sent.size(); i++) {
            await(sent.get(i), routes.get(i).id());
        }
        routes.forEach(r -> ids.add(r.id()));
    }

    @Override
    public synchronized boolean remove(String id) {
        boolean existed = ids.remove(id);
        if (existed) {
            send(id, null);
        }
        return existed;
    }

    private void send(String id, byte[] value) {
        await(producer.send(new ProducerRecord<>(topic, id, value)), id);
    }

    private void await(java.util.concurrent.Future<?> ack, String id) {
        try {
            ack.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new RouteStoreException("the routes topic '" + topic + "' did not acknowledge route '" + id + "' ("
                    + (e.getCause() == null ? e : e.getCause()).getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouteStoreException("interrupted while storing route '" + id + "'", e);
        }
    }

    @Override
    public synchronized void close() {
        producer.close(timeout);
    }
}
