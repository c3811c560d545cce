package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.eventhubs.EventHubsSender;
import io.eventroute.runtime.endpoint.peers.ArtemisPeer;
import io.eventroute.runtime.endpoint.servicebus.ServiceBusSender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code servicebus} and {@code eventhubs} kinds through the router against embedded Artemis with
 * the Azure shim: hundreds of events on several routes, each naming its own queue or event hub (one
 * the endpoint's default, one an entity that does not exist), while the broker is stopped mid-stream
 * and restarted; and a close while the broker is down. Every match reaches the broker or the dead
 * letters, each twin's events arrive in order, and the counters agree with both.
 */
class AmqpFaultTest {
    private static final Symbol PARTITION_KEY = Symbol.valueOf("x-opt-partition-key");
    /** Retries outlast the broker's downtime; each send is short so a dead connection is noticed soon. */
    private static final DeliveryOptions FAST = DeliveryOptions.defaults()
            .withQueueCapacity(64)
            .withLinger(Duration.ofMillis(2))
            .withMaxAttempts(500)
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(250))
            .withMaxRetryTime(Duration.ofSeconds(30))
            .withSendTimeout(Duration.ofSeconds(2))
            .withCloseTimeout(Duration.ofSeconds(10));

    private static ArtemisPeer broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        broker = ArtemisPeer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    /** A kind under test: its name, the setting of its default entity and its sender class. */
    private record Kind(String name, String entitySetting, Class<? extends EndpointSender> sender) {
    }

    private static final Kind SERVICE_BUS = new Kind("servicebus", "queue", ServiceBusSender.class);
    private static final Kind EVENT_HUBS = new Kind("eventhubs", "eventHub", EventHubsSender.class);

    private static Map<String, String> settings(Kind kind, String defaultEntity) {
        Map<String, String> settings = new HashMap<>();
        settings.put("connectionString", broker.connectionString());
        settings.put(kind.entitySetting(), defaultEntity);
        return settings;
    }

    @Test
    void serviceBusLosesNothingWhenTheBrokerRestartsMidStream() throws Exception {
        routeThroughABrokerRestart(SERVICE_BUS, "sb");
    }

    @Test
    void eventHubsLosesNothingWhenTheBrokerRestartsMidStream() throws Exception {
        routeThroughABrokerRestart(EVENT_HUBS, "eh");
    }

    private void routeThroughABrokerRestart(Kind kind, String p) throws Exception {
        Path dead = dir.resolve("dead");
        String endpoint = p + "-endpoint";
        Ledger ledger = new Ledger();
        // route -> the entity its events go to
        Map<String, String> entities = new HashMap<>();
        int n = 300;
        try (Router router = Router.builder().delivery(FAST).deadLetterDirectory(dead).build()) {
            router.putEndpoint(endpoint, kind.name(), settings(kind, p + ".default"));
            assertTrue(router.sender(endpoint, kind.sender()).isPresent(), "created by class name");
            ledger.putRoute(router, EventRoute.of(p + "-all", endpoint, Ledger.ALL).withTopic(p + ".all"), i -> true);
            entities.put(p + "-all", p + ".all");
            ledger.putRoute(router, EventRoute.of(p + "-updates", endpoint, Ledger.UPDATES).withTopic(p + ".updates"),
                    Ledger::isUpdate);
            entities.put(p + "-updates", p + ".updates");
            ledger.putRoute(router, EventRoute.of(p + "-telemetry", endpoint, Ledger.TELEMETRY), Ledger::isTelemetry);
            entities.put(p + "-telemetry", p + ".default");
            // Relationship events of twin-0 go to an entity that does not exist: dead-lettered at once.
            ledger.putRoute(router, EventRoute.of(p + "-missing", endpoint,
                    "type = 'Microsoft.DigitalTwins.Relationship.Create' AND STARTS_WITH(subject, 'twin-0/')")
                    .withTopic(ArtemisPeer.MISSING_PREFIX + p), i -> Ledger.isRelationship(i) && i % Ledger.TWINS == 0);

            CompletableFuture<Void> outage = outageAfter(router, endpoint, 60);
            ledger.route(router, 0, n);
            outage.get();
            assertTrue(router.awaitIdle(Duration.ofSeconds(40)), "idle: " + router.stats().endpoints());

            List<Ledger.DeadLetter> deadLetters = ledger.deadLetters(dead, broker.sharedAccessKey());
            for (Map.Entry<String, String> route : entities.entrySet()) {
                List<String> arrived = arrivedIds(route.getValue(), kind == EVENT_HUBS);
                assertTrue(arrived.size() >= ledger.matched(route.getKey()).size(), route.getKey() + " arrived");
                assertEquals(Set.of(), Ledger.idsOf(deadLetters, route.getKey()),
                        route.getKey() + ": the outage is shorter than the retries");
                ledger.assertAccounted(router, route.getKey(), arrived, Set.of());
                Ledger.assertTwinOrder(route.getValue(), arrived, true);
            }
            Set<String> missing = Ledger.idsOf(deadLetters, p + "-missing");
            assertEquals(new TreeSet<>(ledger.matched(p + "-missing")), missing);
            for (Ledger.DeadLetter dl : deadLetters) {
                assertTrue(dl.reason().startsWith("permanent failure: " + kind.name() + " endpoint '" + endpoint + "'"),
                        dl.reason());
            }
            ledger.assertAccounted(router, p + "-missing", List.of(), missing);
            DeliveryCounts c = router.stats().endpoint(endpoint);
            assertEquals(c.matched(), c.delivered() + c.deadLettered());
            assertEquals(c.failed(), c.deadLettered());
            assertTrue(c.retried() > 0, "the outage caused retries: " + c);
        }
    }

    /**
     * Stops the broker once {@code endpoint} has delivered {@code delivered} events, while events keep
     * flowing, and starts it again once the endpoint has had to retry (the outage was seen, however long
     * that took).
     */
    private static CompletableFuture<Void> outageAfter(Router router, String endpoint, int delivered) {
        return CompletableFuture.runAsync(() -> {
            try {
                Conditions.await(delivered + " deliveries", () -> router.stats().endpoint(endpoint).delivered() >= delivered);
                assertTrue(router.stats().endpoint(endpoint).pending() > 0, "stopped mid-stream");
                long retried = router.stats().endpoint(endpoint).retried();
                broker.stop();
                Conditions.await("a retry while the broker is down",
                        () -> router.stats().endpoint(endpoint).retried() > retried);
                broker.restart();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * The message ids in entity {@code entity}, in arrival order (copies of resent events included);
     * for Event Hubs each message's partition key is checked to be its twin.
     */
    private static List<String> arrivedIds(String entity, boolean partitionKeys) {
        List<String> ids = new ArrayList<>();
        for (Message message : broker.messages(entity)) {
            String id = (String) message.getMessageId();
            ids.add(id);
            if (partitionKeys) {
                assertEquals(Ledger.twin(Ledger.index(id)),
                        message.getMessageAnnotations().getValue().get(PARTITION_KEY), "partition key of " + id);
            }
        }
        return ids;
    }

    @Test
    void closeWithTheBrokerDownDeadLettersWhatItCannotDeliverWithinItsDeadline() throws Exception {
        Path dead = dir.resolve("dead");
        String endpoint = "sb-close";
        Ledger ledger = new Ledger();
        Router router = Router.builder().delivery(FAST.withMaxRetryTime(Duration.ofMinutes(5))
                .withMaxAttempts(100_000).withQueueCapacity(1000)).deadLetterDirectory(dead).build();
        router.putEndpoint(endpoint, "servicebus", settings(SERVICE_BUS, "close.q"));
        ledger.putRoute(router, EventRoute.of("close-all", endpoint, Ledger.ALL), i -> true);
        ledger.putRoute(router, EventRoute.of("close-updates", endpoint, Ledger.UPDATES).withTopic("close.updates"),
                Ledger::isUpdate);
        ledger.route(router, 0, 40);
        assertTrue(router.awaitIdle(Duration.ofSeconds(20)));
        long retried = router.stats().endpoint(endpoint).retried();
        broker.stop();
        try {
            ledger.route(router, 40, 100);
            Conditions.await("a retry while the broker is down",
                    () -> router.stats().endpoint(endpoint).retried() > retried);
            assertTrue(router.stats().endpoint(endpoint).pending() > 0);
            Duration deadline = Duration.ofSeconds(2);
            long start = System.nanoTime();
            boolean clean = router.close(deadline);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            // Nothing is sent past the deadline; dead-lettering what is left and closing the client follow.
            assertTrue(tookMillis < deadline.toMillis() + 6000, "close took " + tookMillis + " ms");
            assertTrue(clean, "everything was delivered or dead-lettered, without forcing the worker");
        } finally {
            broker.restart();
        }
        List<Ledger.DeadLetter> deadLetters = ledger.deadLetters(dead, broker.sharedAccessKey());
        assertTrue(deadLetters.size() >= 60 + 20, "the events routed while the broker was down: " + deadLetters.size());
        for (Ledger.DeadLetter dl : deadLetters) {
            assertTrue(dl.reason().contains("the router closed"), dl.reason());
        }
        ledger.assertAccounted(router, "close-all", new LinkedHashSet<>(arrivedIds("close.q", false)),
                Ledger.idsOf(deadLetters, "close-all"));
        ledger.assertAccounted(router, "close-updates", new LinkedHashSet<>(arrivedIds("close.updates", false)),
                Ledger.idsOf(deadLetters, "close-updates"));
        assertEquals(0, router.stats().endpoint(endpoint).pending());
    }
}
