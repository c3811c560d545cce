package io.eventroute.runtime.endpoint.eventhubs;

import static io.eventroute.runtime.endpoint.peers.AmqpAssertions.assertBinaryMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.eventhubs.ServicePartitionHash;
import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.peers.ArtemisPeer;
import io.eventroute.runtime.endpoint.peers.AmqpSenderChecks;
import io.eventroute.runtime.endpoint.peers.TestEvents;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventHubsSenderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Symbol PARTITION_KEY = Symbol.valueOf("x-opt-partition-key");

    private static ArtemisPeer broker;

    @BeforeAll
    static void start() throws Exception {
        broker = ArtemisPeer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    private static Map<String, String> settings(String eventHub) {
        Map<String, String> settings = new HashMap<>();
        settings.put("connectionString", broker.connectionString());
        settings.put("eventHub", eventHub);
        return settings;
    }

    private static Object partitionKey(Message message) {
        return message.getMessageAnnotations() == null ? null
                : message.getMessageAnnotations().getValue().get(PARTITION_KEY);
    }

    @Test
    void eachTwinsEventsArriveInOrderWithTheTwinAsPartitionKey() throws Exception {
        List<OutgoingEvent> batch = List.of(
                TestEvents.twinUpdate("eh-1", "room-21", 21.0),
                TestEvents.telemetry("eh-2", "thermostat-7"),
                TestEvents.twinUpdate("eh-3", "room-21", 22.0),
                TestEvents.twinUpdate("eh-4", "room-22", 23.0),
                TestEvents.twinUpdate("eh-5", "room-21", 24.0));
        try (EndpointSender sender = EventHubsSender.create("eh", settings("eh1"))) {
            sender.send(null, batch, TIMEOUT);
        }

        List<Message> stored = broker.awaitMessages("eh1", batch.size(), WAIT);
        assertEquals(batch.size(), stored.size());
        Map<Object, OutgoingEvent> byId = new HashMap<>();
        batch.forEach(e -> byId.put(e.eventId(), e));
        Map<Object, List<Object>> idsByKey = new LinkedHashMap<>();
        for (Message message : stored) {
            OutgoingEvent event = byId.get(message.getMessageId());
            assertBinaryMode(event, message);
            assertEquals(event.partitionKey(), partitionKey(message), "partition key of " + event.eventId());
            idsByKey.computeIfAbsent(partitionKey(message), k -> new ArrayList<>()).add(message.getMessageId());
        }
        assertEquals(List.of("eh-1", "eh-3", "eh-5"), idsByKey.get("room-21"), "one twin's events stay in order");
        assertEquals(List.of("eh-2"), idsByKey.get("thermostat-7"));
        assertEquals(List.of("eh-4"), idsByKey.get("room-22"));
    }

    /**
     * Batching by partition: 2,000 events over 400 twins, sent the way the dispatcher does (four
     * threads at once, each twin's events by one thread, in order, 50 per call) to an event hub of
     * {@link ArtemisPeer#PARTITIONS} partitions, each its own queue at the peer.
     */
    @Test
    void eventsAreBatchedByPartitionWithEachTwinInTheServicesPartitionInOrder() throws Exception {
        int twins = 400;
        int perTwin = 5;
        String hub = "eh-partitioned";
        List<List<OutgoingEvent>> byThread = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            byThread.add(new ArrayList<>());
        }
        for (int round = 0; round < perTwin; round++) {
            for (int twin = 0; twin < twins; twin++) {
                int i = round * twins + twin;
                byThread.get(twin % 4).add(TestEvents.twinUpdate("p-" + i, "twin-" + twin, i));
            }
        }
        try (EndpointSender sender = EventHubsSender.create("eh", settings(hub))) {
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (List<OutgoingEvent> events : byThread) {
                Thread thread = new Thread(() -> {
                    try {
                        for (int from = 0; from < events.size(); from += 50) {
                            sender.send(null, events.subList(from, Math.min(events.size(), from + 50)), TIMEOUT);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(List.of(), failures);
        }

        Map<String, List<List<Message>>> partitions = broker.partitionBatches(hub);
        assertEquals(Set.of("0", "1"), partitions.keySet(), "both partitions got events");
        assertEquals(0, broker.messages(hub).size() - countMessages(partitions), "nothing sent to the hub itself");
        Map<String, String> partitionOfTwin = new HashMap<>();
        Map<String, List<Integer>> orderOfTwin = new HashMap<>();
        Set<Object> ids = new java.util.HashSet<>();
        int envelopes = 0;
        int mostTwinsInOneEnvelope = 0;
        for (Map.Entry<String, List<List<Message>>> partition : partitions.entrySet()) {
            for (List<Message> envelope : partition.getValue()) {
                envelopes++;
                Set<Object> twinsInEnvelope = new java.util.HashSet<>();
                for (Message message : envelope) {
                    Object key = partitionKey(message);
                    assertTrue(key instanceof String, "x-opt-partition-key on " + message.getMessageId());
                    String twin = (String) key;
                    twinsInEnvelope.add(twin);
                    assertTrue(ids.add(message.getMessageId()), "delivered once: " + message.getMessageId());
                    String before = partitionOfTwin.putIfAbsent(twin, partition.getKey());
                    assertEquals(before == null ? partition.getKey() : before, partition.getKey(), twin + "'s partition");
                    orderOfTwin.computeIfAbsent(twin, k -> new ArrayList<>())
                            .add(Integer.parseInt(String.valueOf(message.getMessageId()).substring(2)));
                }
                mostTwinsInOneEnvelope = Math.max(mostTwinsInOneEnvelope, twinsInEnvelope.size());
            }
        }
        assertEquals(twins * perTwin, ids.size(), "every event delivered");
        for (int twin = 0; twin < twins; twin++) {
            List<Integer> expected = new ArrayList<>();
            for (int round = 0; round < perTwin; round++) {
                expected.add(round * twins + twin);
            }
            assertEquals(expected, orderOfTwin.get("twin-" + twin), "twin-" + twin + " in input order");
            assertEquals(ServicePartitionHash.partitionOf("twin-" + twin, "0", "1"), partitionOfTwin.get("twin-" + twin),
                    "twin-" + twin + " in the partition the service's hash gives");
        }
        // One AMQP transfer per SDK batch: far fewer than one per twin (the per-key sender's 2,000 over
        // 40 calls of 50 twins), and batches mixing many twins.
        assertTrue(envelopes <= 200, envelopes + " batches for " + ids.size() + " events");
        assertTrue(mostTwinsInOneEnvelope >= 25, "at most " + mostTwinsInOneEnvelope + " twins in one batch");

        // A new sender (as after a restart) puts each twin where the first one did.
        List<OutgoingEvent> again = new ArrayList<>();
        for (int twin = 0; twin < 40; twin++) {
            again.add(TestEvents.twinUpdate("q-" + twin, "twin-" + twin, twin));
        }
        try (EndpointSender sender = EventHubsSender.create("eh", settings(hub))) {
            sender.send(null, again, TIMEOUT);
        }
        int found = 0;
        for (Map.Entry<String, List<List<Message>>> partition : broker.partitionBatches(hub).entrySet()) {
            for (List<Message> envelope : partition.getValue()) {
                for (Message message : envelope) {
                    if (String.valueOf(message.getMessageId()).startsWith("q-")) {
                        found++;
                        assertEquals(partitionOfTwin.get((String) partitionKey(message)), partition.getKey(),
                                "after a restart, " + partitionKey(message));
                    }
                }
            }
        }
        assertEquals(again.size(), found);
    }

    private static int countMessages(Map<String, List<List<Message>>> partitions) {
        int count = 0;
        for (List<List<Message>> batches : partitions.values()) {
            for (List<Message> envelope : batches) {
                count += envelope.size();
            }
        }
        return count;
    }

    @Test
    void eventsWithoutATwinGoWithoutAPartitionKeyAndARoutesTopicNamesTheEventHub() throws Exception {
        OutgoingEvent event = TestEvents.of("r1", null, "{\"specversion\": \"1.0\", \"id\": \"eh-nokey\","
                + " \"type\": \"t\", \"source\": \"s\", \"data\": [1, 2]}");
        try (EndpointSender sender = EventHubsSender.create("eh", settings("eh-default"))) {
            sender.send("eh-other", List.of(event), TIMEOUT);
        }
        List<Message> stored = broker.awaitMessages("eh-other", 1, WAIT);
        assertEquals(1, stored.size());
        assertEquals(null, partitionKey(stored.get(0)));
        assertEquals("application/json", stored.get(0).getContentType(), "JSON data without datacontenttype");
        assertEquals("[1,2]", new String(io.eventroute.runtime.endpoint.peers.AmqpAssertions.body(stored.get(0)),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(0, broker.messages("eh-default").size());
    }

    @Test
    void theDefaultEventHubMayComeFromTheConnectionString() throws Exception {
        OutgoingEvent event = TestEvents.twinUpdate("eh-path-1", "room-9", 1.0);
        Map<String, String> settings = Map.of("connectionString", broker.connectionString() + ";EntityPath=eh-path");
        try (EndpointSender sender = EventHubsSender.create("eh", settings)) {
            sender.send(null, List.of(event), TIMEOUT);
        }
        List<Message> stored = broker.awaitMessages("eh-path", 1, WAIT);
        assertEquals(1, stored.size());
        assertBinaryMode(event, stored.get(0));
    }

    @Test
    void aMissingEventHubIsPermanent() {
        try (EndpointSender sender = EventHubsSender.create("eh", settings(ArtemisPeer.MISSING_PREFIX + "hub"))) {
            DeliveryException failure = AmqpSenderChecks.assertPermanent(sender,
                    List.of(TestEvents.twinUpdate("eh-missing", "t", 1.0)), TIMEOUT);
            assertTrue(failure.getMessage().startsWith("eventhubs endpoint 'eh': permanent failure"), failure.getMessage());
            assertFalse(failure.getMessage().contains(broker.sharedAccessKey()));
        }
    }

    @Test
    void anEventLargerThanAMessageIsPermanent() {
        OutgoingEvent event = AmqpSenderChecks.tooLarge("eh-big");
        try (EndpointSender sender = EventHubsSender.create("eh", settings("eh-big"))) {
            DeliveryException failure = AmqpSenderChecks.assertPermanent(sender, List.of(event), TIMEOUT);
            assertTrue(failure.getMessage().contains("'eh-big'"), failure.getMessage());
        }
    }

    @Test
    void aNamespaceThatDoesNotAnswerIsTransient() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = Map.of("eventHub", "eh1", "connectionString",
                broker.connectionString().replaceFirst("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + closedPort));
        try (EndpointSender sender = EventHubsSender.create("eh", settings)) {
            DeliveryException failure = assertThrows(DeliveryException.class,
                    () -> sender.send(null, List.of(TestEvents.twinUpdate("eh-refused", "t", 1.0)), Duration.ofMillis(1500)));
            assertTrue(failure.isTransient(), failure.getMessage());
        }
    }

    @Test
    void whileTheBrokerIsDownSendsFailTransientAndAfterItsRestartTheyGoThrough() throws Exception {
        List<OutgoingEvent> events = AmqpSenderChecks.events("eh-r-");
        int transientFailures;
        try (EndpointSender sender = EventHubsSender.create("eh", settings("eh-restart"))) {
            transientFailures = AmqpSenderChecks.sendAcrossRestart(broker, sender, events);
        }
        List<Message> stored = broker.awaitMessages("eh-restart", 30, WAIT);
        // At least once: a retried batch may arrive twice, but each twin's first copies keep their order.
        Map<Object, Set<Object>> idsByKey = new LinkedHashMap<>();
        for (Message message : stored) {
            idsByKey.computeIfAbsent(partitionKey(message), k -> new LinkedHashSet<>()).add(message.getMessageId());
        }
        for (int twin = 0; twin < 3; twin++) {
            List<Object> expected = new ArrayList<>();
            for (OutgoingEvent event : events) {
                if (event.partitionKey().equals("room-" + twin)) {
                    expected.add(event.eventId());
                }
            }
            assertEquals(expected, new ArrayList<>(idsByKey.get("room-" + twin)), "twin room-" + twin);
        }
        assertTrue(transientFailures >= 1);
    }

    @Test
    void settingsAreCheckedWithErrorsThatNameEndpointAndSettingButNotTheKey() {
        String key = broker.sharedAccessKey();
        assertInvalid(Map.of("eventHub", "h"), "setting 'connectionString' is required", key);
        assertInvalid(Map.of("connectionString", broker.connectionString()),
                "setting 'eventHub' is required (or an EntityPath in the connection string)", key);
        assertInvalid(Map.of("connectionString", broker.connectionString() + ";EntityPath=a", "eventHub", "b"),
                "setting 'eventHub' names another event hub than the connection string's EntityPath", key);
        assertInvalid(Map.of("connectionString", broker.connectionString() + ";SharedAccessKey=again", "eventHub", "h"),
                "setting 'connectionString' names 'SharedAccessKey' twice", key);
        assertInvalid(Map.of("connectionString", broker.connectionString().replace("=true", "=yes"), "eventHub", "h"),
                "setting 'connectionString' has 'UseDevelopmentEmulator' other than true or false", key);
        assertInvalid(Map.of("connectionString", broker.connectionString(), "eventhub", "h"),
                "setting 'eventhub' is not a setting of this kind; known: connectionString, eventHub", key);
    }

    private static void assertInvalid(Map<String, String> settings, String expected, String key) {
        AmqpSenderChecks.assertRefused(() -> EventHubsSender.create("eh-bad", settings), "eventhubs endpoint 'eh-bad': ",
                expected, key);
    }
}
