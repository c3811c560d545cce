package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventroute.runtime.endpoint.eventgrid.EventGridSender;
import io.eventroute.runtime.endpoint.peers.HttpsPeer;
import io.eventroute.runtime.endpoint.peers.HttpsPeer.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code eventgrid} kind through the router against the HTTPS peer, trusted through the endpoint's
 * {@code trustCertificate}: hundreds of events on several routes to a CloudEvents-schema and an Event
 * Grid-schema endpoint while the peer answers 503 then 200, bursts of 429, drops connections, and
 * refuses one event with 400. Every match is delivered or dead-lettered, and the counters agree.
 */
class EventGridFaultTest {
    private static final String KEY = "eg-router-key-8d1e44";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Short backoff, so the retries of the scripted faults take little time; a long send timeout, as no
     * fault waits for it and a timed-out request the peer accepted would be resent (a second copy).
     */
    static final DeliveryOptions FAST = DeliveryOptions.defaults()
            .withQueueCapacity(16)
            .withLinger(Duration.ZERO)
            .withMaxAttempts(20)
            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
            .withMaxRetryTime(Duration.ofSeconds(40))
            .withSendTimeout(Duration.ofSeconds(20))
            .withCloseTimeout(Duration.ofSeconds(10));

    @TempDir
    Path dir;

    static Map<String, String> settings(HttpsPeer peer, String path, String schema) {
        Map<String, String> settings = new HashMap<>();
        settings.put("endpoint", peer.url(path));
        settings.put("key", KEY);
        settings.put("schema", schema);
        settings.put("trustCertificate", HttpsPeer.certificate().toString());
        return settings;
    }

    /** The ids of the events in a request's JSON array (both schemas have an {@code id} per event). */
    static List<String> ids(HttpsPeer.Request request) {
        try {
            List<String> ids = new ArrayList<>();
            for (JsonNode event : JSON.readTree(request.body())) {
                ids.add(event.get("id").asText());
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyMatchIsDeliveredOrDeadLetteredThroughScriptedFaults() throws Exception {
        Path dead = dir.resolve("dead");
        String poison = Ledger.id(42);
        Pattern poisonInBody = Pattern.compile("\"id\"\\s*:\\s*\"" + poison + "\"");
        AtomicInteger served = new AtomicInteger();
        Ledger ledger = new Ledger();
        int n = 300;
        try (HttpsPeer peer = HttpsPeer.start();
                Router router = Router.builder().delivery(FAST).deadLetterDirectory(dead).build()) {
            // Request by request: a 503 then a 200, a burst of four 429s, a dropped connection; and
            // every request carrying the poison event is refused with 400.
            peer.respond(request -> {
                if (poisonInBody.matcher(request.bodyText()).find()) {
                    return Reply.status(400);
                }
                int k = served.incrementAndGet() % 23;
                return k == 3 ? Reply.status(503)
                        : k >= 9 && k <= 12 ? Reply.status(429)
                        : k == 17 ? Reply.drop()
                        : null;
            });
            router.putEndpoint("eg-ce", "eventgrid", settings(peer, "/ce/api/events", "cloudevents"));
            router.putEndpoint("eg-egs", "eventgrid", settings(peer, "/egs/api/events", "eventgrid"));
            assertTrue(router.sender("eg-ce", EventGridSender.class).isPresent());
            ledger.putRoute(router, EventRoute.of("ce-all", "eg-ce", Ledger.ALL), i -> true);
            ledger.putRoute(router, EventRoute.of("ce-updates", "eg-ce", Ledger.UPDATES), Ledger::isUpdate);
            ledger.putRoute(router, EventRoute.of("egs-all", "eg-egs", Ledger.ALL), i -> true);
            ledger.putRoute(router, EventRoute.of("egs-telemetry", "eg-egs", Ledger.TELEMETRY), Ledger::isTelemetry);

            ledger.route(router, 0, n);
            assertTrue(router.awaitIdle(Duration.ofSeconds(40)), "idle: " + router.stats().endpoints());

            List<Ledger.DeadLetter> deadLetters = ledger.deadLetters(dead, KEY);
            for (Ledger.DeadLetter dl : deadLetters) {
                assertEquals(poison, dl.eventId(), "only the poison event is dead-lettered: " + dl);
                assertTrue(dl.reason().contains("permanent") && dl.reason().contains("400"), dl.reason());
            }
            // e-42 is a twin update: on ce-all, ce-updates and egs-all.
            assertEquals(3, deadLetters.size(), deadLetters.toString());

            Map<String, List<String>> receivedByPath = new TreeMap<>();
            int refused = 0;
            for (HttpsPeer.Answer answer : peer.answers()) {
                String path = answer.request().path();
                assertTrue(answer.request().query().contains("api-version="), answer.request().query());
                assertEquals(KEY, answer.request().header("aeg-sas-key"));
                if (answer.accepted()) {
                    receivedByPath.computeIfAbsent(path, p -> new ArrayList<>()).addAll(ids(answer.request()));
                } else {
                    refused++;
                }
            }
            assertTrue(refused > 10, "the faults were exercised: " + refused);
            checkEndpoint(router, ledger, "eg-ce", receivedByPath.get("/ce/api/events"), deadLetters);
            checkEndpoint(router, ledger, "eg-egs", receivedByPath.get("/egs/api/events"), deadLetters);
            assertEquals(n, router.stats().events());
            assertEquals(0, router.stats().unmatched());
        }
    }

    /**
     * The events one endpoint's peer accepted, against its routes: each id as many times as routes
     * delivered it (routes to one Event Grid topic are told apart only by count), in order per twin,
     * and in total what the endpoint's counter says.
     */
    static void checkEndpoint(Router router, Ledger ledger, String endpoint, List<String> received,
            List<Ledger.DeadLetter> deadLetters) {
        Map<String, Integer> expectedCopies = new TreeMap<>();
        long expectedDelivered = 0;
        for (String route : ledger.routesOf(endpoint)) {
            Set<String> routeDead = Ledger.idsOf(deadLetters, route);
            for (String id : ledger.matched(route)) {
                if (!routeDead.contains(id)) {
                    expectedCopies.merge(id, 1, Integer::sum);
                    expectedDelivered++;
                }
            }
            // The peer cannot tell this endpoint's routes apart; the copies per event below can.
            Set<String> ofRoute = new java.util.HashSet<>(received);
            ofRoute.retainAll(ledger.matched(route));
            ledger.assertAccounted(router, route, ofRoute, routeDead);
        }
        Map<String, Integer> copies = new TreeMap<>();
        received.forEach(id -> copies.merge(id, 1, Integer::sum));
        assertEquals(expectedCopies, copies, endpoint + ": copies per event at the peer");
        DeliveryCounts c = router.stats().endpoint(endpoint);
        assertEquals(expectedDelivered, c.delivered());
        assertEquals(received.size(), c.delivered(), endpoint + ": delivered counter vs peer");
        assertEquals(c.matched(), c.delivered() + c.deadLettered());
        assertEquals(c.failed(), c.deadLettered());
        assertTrue(c.retried() > 0, endpoint + " retried");
        Ledger.assertTwinOrder(endpoint, received, false);
    }
}
