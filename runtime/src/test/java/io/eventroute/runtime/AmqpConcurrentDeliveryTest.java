package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.endpoint.peers.ArtemisPeer;
import io.eventroute.runtime.endpoint.peers.LatencyProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Event Hubs and Service Bus with many sends in flight, against Artemis behind a {@link LatencyProxy}
 * adding 10 ms each way: 5,000 events over 1,000 twins all arrive, each twin's in input order (for Event
 * Hubs, each twin in one partition, with its partition key, in batches of many twins).
 */
class AmqpConcurrentDeliveryTest {
    private static final Pattern PORT = Pattern.compile("sb://127\\.0\\.0\\.1:(\\d+);");

    private static ArtemisPeer broker;
    private static LatencyProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        broker = ArtemisPeer.start();
        Matcher m = PORT.matcher(broker.connectionString());
        assertTrue(m.find());
        proxy = new LatencyProxy(Integer.parseInt(m.group(1)), 10);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        broker.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"eventhubs, eventHub, eh.order", "servicebus, queue, sb.order"})
    void everyTwinArrivesInOrderThroughTheProxy(String kind, String entitySetting, String entity) throws Exception {
        int events = 5000;
        int twins = 1000;
        String viaProxy = PORT.matcher(broker.connectionString()).replaceFirst("sb://127.0.0.1:" + proxy.port() + ";");
        try (Router router = Router.builder().build()) {
            router.putEndpoint("amqp", kind, Map.of("connectionString", viaProxy, entitySetting, entity));
            router.putRoute("r", "amqp", "true");
            for (int i = 0; i < events; i++) {
                router.route(Events.twinUpdate("e" + i, "twin-" + i % twins, i));
            }
            assertTrue(router.close(Duration.ofSeconds(30)));
            assertEquals(new DeliveryCounts(events, events, 0, 0, 0), router.stats().endpoint("amqp"));
        }
        List<Integer> arrived = new ArrayList<>();
        for (Message m : broker.awaitMessages(entity, events, Duration.ofSeconds(30))) {
            arrived.add(Integer.parseInt(String.valueOf(m.getMessageId()).substring(1)));
        }
        ConcurrentDeliveryTest.assertEachTwinInOrder(arrived, events, twins);
        if (kind.equals("eventhubs")) {
            // Sent by partition: every event in a partition's queue, each twin's in one, batches of many twins.
            Map<String, String> partitionOfTwin = new HashMap<>();
            int batches = 0;
            for (Map.Entry<String, List<List<Message>>> partition : broker.partitionBatches(entity).entrySet()) {
                batches += partition.getValue().size();
                for (List<Message> batch : partition.getValue()) {
                    for (Message m : batch) {
                        String twin = "twin-" + Integer.parseInt(String.valueOf(m.getMessageId()).substring(1)) % twins;
                        assertEquals(twin, m.getMessageAnnotations().getValue().get(Symbol.valueOf("x-opt-partition-key")));
                        String before = partitionOfTwin.putIfAbsent(twin, partition.getKey());
                        assertEquals(before == null ? partition.getKey() : before, partition.getKey(), twin);
                    }
                }
            }
            assertEquals(twins, partitionOfTwin.size());
            assertTrue(batches < events / 10, batches + " batches for " + events + " events");
        }
    }
}
