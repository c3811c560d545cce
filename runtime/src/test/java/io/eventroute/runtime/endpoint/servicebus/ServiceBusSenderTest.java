package io.eventroute.runtime.endpoint.servicebus;

import static io.eventroute.runtime.endpoint.peers.AmqpAssertions.assertBinaryMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.peers.ArtemisPeer;
import io.eventroute.runtime.endpoint.peers.AmqpSenderChecks;
import io.eventroute.runtime.endpoint.peers.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServiceBusSenderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ArtemisPeer broker;

    @BeforeAll
    static void start() throws Exception {
        broker = ArtemisPeer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    private static Map<String, String> settings(String queue) {
        Map<String, String> settings = new HashMap<>();
        settings.put("connectionString", broker.connectionString());
        settings.put("queue", queue);
        return settings;
    }

    @Test
    void aBatchArrivesInOrderInTheCloudEventsBinaryMode() throws Exception {
        List<OutgoingEvent> batch = List.of(
                TestEvents.twinUpdate("sb-1", "room-21", 21.0),
                TestEvents.telemetry("sb-2", "thermostat-7"),
                TestEvents.twinUpdate("sb-3", "room-21", 22.0));
        try (EndpointSender sender = ServiceBusSender.create("sb", settings("queue.1"))) {
            sender.send(null, batch, TIMEOUT);
        }

        List<Message> stored = broker.awaitMessages("queue.1", 3, WAIT);
        assertEquals(3, stored.size());
        for (int i = 0; i < batch.size(); i++) {
            assertBinaryMode(batch.get(i), stored.get(i));
        }
        Map<String, Object> first = stored.get(0).getApplicationProperties().getValue();
        assertEquals("Microsoft.DigitalTwins.Twin.Update", first.get("cloudEvents:type"));
        assertEquals("2021-12-09T20:28:52.9795363Z", first.get("cloudEvents:time"));
        assertEquals("00-2aa957558db348f387ef704b37631a1d-96f834571bf4fe45-01", first.get("cloudEvents:traceparent"));
        assertEquals("dtmi:example:Thermostat;1",
                stored.get(1).getApplicationProperties().getValue().get("cloudEvents:dataschema"));
        assertTrue(broker.shimRequests().stream().anyMatch(r -> "put-token".equals(r.get("operation"))),
                "the SDK authorized through $cbs");
    }

    @Test
    void aRoutesTopicNamesTheQueue() throws Exception {
        OutgoingEvent event = TestEvents.twinUpdate("sb-other-1", "room-1", 1.0);
        try (EndpointSender sender = ServiceBusSender.create("sb", settings("queue.default"))) {
            sender.send("queue.other", List.of(event), TIMEOUT);
        }
        List<Message> stored = broker.awaitMessages("queue.other", 1, WAIT);
        assertEquals(1, stored.size());
        assertBinaryMode(event, stored.get(0));
        assertEquals(0, broker.messages("queue.default").size());
    }

    @Test
    void textDataGoesAsTextAndTheDefaultEntityMayComeFromTheConnectionString() throws Exception {
        OutgoingEvent text = TestEvents.of("r1", "t1", "{\"specversion\": \"1.0\", \"id\": \"sb-text\", \"type\": \"t\","
                + " \"source\": \"s\", \"datacontenttype\": \"text/plain\", \"data\": \"hello \\\"world\\\"\"}");
        Map<String, String> settings = Map.of("connectionString", broker.connectionString() + ";EntityPath=queue.path");
        try (EndpointSender sender = ServiceBusSender.create("sb", settings)) {
            sender.send("", List.of(text), TIMEOUT);
        }
        List<Message> stored = broker.awaitMessages("queue.path", 1, WAIT);
        assertEquals(1, stored.size());
        assertEquals("hello \"world\"", new String(io.eventroute.runtime.endpoint.peers.AmqpAssertions.body(stored.get(0)),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("text/plain", stored.get(0).getContentType());
    }

    @Test
    void aMissingQueueIsPermanent() {
        try (EndpointSender sender = ServiceBusSender.create("sb", settings(ArtemisPeer.MISSING_PREFIX + "queue"))) {
            DeliveryException failure = AmqpSenderChecks.assertPermanent(sender,
                    List.of(TestEvents.twinUpdate("sb-missing", "t", 1.0)), TIMEOUT);
            assertFalse(failure.getMessage().contains(broker.sharedAccessKey()));
        }
    }

    @Test
    void anEventLargerThanAMessageIsPermanent() {
        OutgoingEvent event = AmqpSenderChecks.tooLarge("sb-big");
        try (EndpointSender sender = ServiceBusSender.create("sb", settings("queue.big"))) {
            DeliveryException failure = AmqpSenderChecks.assertPermanent(sender, List.of(event), TIMEOUT);
            assertTrue(failure.getMessage().contains("'sb-big'"), failure.getMessage());
        }
    }

    @Test
    void whileTheBrokerIsDownSendsFailTransientAndAfterItsRestartTheyGoThrough() throws Exception {
        List<OutgoingEvent> events = AmqpSenderChecks.events("sb-r-");
        int transientFailures;
        try (EndpointSender sender = ServiceBusSender.create("sb", settings("queue.restart"))) {
            transientFailures = AmqpSenderChecks.sendAcrossRestart(broker, sender, events);
        }
        List<Message> stored = broker.awaitMessages("queue.restart", 30, WAIT);
        Set<Object> ids = new LinkedHashSet<>();
        for (Message message : stored) {
            ids.add(message.getMessageId());
        }
        List<Object> expected = new ArrayList<>();
        events.forEach(e -> expected.add(e.eventId()));
        assertEquals(expected, new ArrayList<>(ids), "every event arrived, in order");
        assertTrue(transientFailures >= 1);
    }

    @Test
    void settingsAreCheckedWithErrorsThatNameEndpointAndSettingButNotTheKey() {
        String key = broker.sharedAccessKey();
        assertInvalid(Map.of("queue", "q"), "setting 'connectionString' is required", key);
        assertInvalid(Map.of("connectionString", "Endpoint=sb://h/;SharedAccessKey=" + key, "queue", "q"),
                "setting 'connectionString' needs both 'SharedAccessKeyName' and 'SharedAccessKey'", key);
        assertInvalid(Map.of("connectionString", "SharedAccessKeyName=n;SharedAccessKey=" + key, "queue", "q"),
                "setting 'connectionString' has no 'Endpoint=sb://<namespace>/' part", key);
        assertInvalid(Map.of("connectionString", "Endpoint=https://h/;SharedAccessKeyName=n;SharedAccessKey=" + key,
                "queue", "q"), "setting 'connectionString' has an 'Endpoint' that is not an sb://<host> address", key);
        assertInvalid(Map.of("connectionString", key, "queue", "q"),
                "setting 'connectionString' is not a connection string", key);
        assertInvalid(Map.of("connectionString", broker.connectionString()),
                "setting 'queue' or 'topic' is required", key);
        assertInvalid(Map.of("connectionString", broker.connectionString(), "queue", "a", "topic", "b"),
                "setting 'topic' cannot be given together with 'queue'", key);
        assertInvalid(Map.of("connectionString", broker.connectionString() + ";EntityPath=a", "queue", "b"),
                "setting 'queue' names another entity than the connection string's EntityPath", key);
        assertInvalid(Map.of("connectionString", broker.connectionString(), "queueName", "q"),
                "setting 'queueName' is not a setting of this kind; known: connectionString, queue, topic", key);
    }

    private static void assertInvalid(Map<String, String> settings, String expected, String key) {
        AmqpSenderChecks.assertRefused(() -> ServiceBusSender.create("sb-bad", settings), "servicebus endpoint 'sb-bad': ",
                expected, key);
    }
}
