package io.eventroute.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.Dialect;
import io.eventroute.kafka.internal.RouteJson;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.RouteStoreException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The routes-topic store against a real (embedded KRaft) broker: what it writes, streams reads; changes survive reopening. */
class KafkaRouteStoreTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Map.of("store-routes", 3, "plain-topic", 1));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    @Test
    void changesSurviveReopeningInStreamsRecordFormat() throws Exception {
        EventRoute a = EventRoute.of("a", "archive", "type = 'x'");
        EventRoute b = new EventRoute("b", "alerts", "rooms", "EXISTS subject", Dialect.CESQL);
        try (KafkaRouteStore store = KafkaRouteStore.open(kafka.bootstrapServers(), "store-routes", Map.of(), TIMEOUT)) {
            assertEquals(List.of(), store.load());
            store.putAll(List.of(a, b));
            store.put(EventRoute.of("c", "archive", "true"));
            store.put(EventRoute.of("a", "alerts", "type = 'y'"));
            assertTrue(store.remove("c"));
            assertFalse(store.remove("c"), "already removed");
        }
        // A record someone else wrote that is not a route is skipped, not fatal.
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("store-routes", "junk", "not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        try (KafkaRouteStore store = KafkaRouteStore.open(kafka.bootstrapServers(), "store-routes", Map.of(), TIMEOUT)) {
            List<EventRoute> loaded = store.load();
            assertEquals(2, loaded.size(), loaded.toString());
            EventRoute gotA = loaded.stream().filter(r -> r.id().equals("a")).findFirst().orElseThrow();
            assertEquals(EventRoute.of("a", "alerts", "type = 'y'"), gotA);
            assertTrue(loaded.contains(b), loaded.toString());
            // The record format is streams': its parser reads what the store writes.
            assertEquals(b, RouteJson.parse("b", RouteJson.write(b)));
        }
    }

    @Test
    void aMissingOrUncompactedTopicIsRefusedWithItsName() {
        RouteStoreException missing = assertThrows(RouteStoreException.class,
                () -> KafkaRouteStore.open(kafka.bootstrapServers(), "no-such-routes", Map.of(), TIMEOUT));
        assertTrue(missing.getMessage().contains("'no-such-routes' does not exist"), missing.getMessage());
        RouteStoreException plain = assertThrows(RouteStoreException.class,
                () -> KafkaRouteStore.open(kafka.bootstrapServers(), "plain-topic", Map.of(), TIMEOUT));
        assertTrue(plain.getMessage().contains("is not compacted"), plain.getMessage());
    }

    @Test
    void anUnreachableBrokerIsAClearErrorInTime() {
        RouteStoreException e = assertThrows(RouteStoreException.class,
                () -> KafkaRouteStore.open("127.0.0.1:1", "store-routes", Map.of(), Duration.ofSeconds(3)));
        assertTrue(e.getMessage().contains("cannot reach Kafka at 127.0.0.1:1"), e.getMessage());
    }
}
