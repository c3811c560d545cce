package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * Bookkeeping for fault tests through a {@link Router}: a numbered workload of twin events, the routes
 * registered with what each is expected to match, the dead letters found on disk, and the checks that
 * every match was delivered or dead-lettered and that the router's counters say so. Not thread-safe.
 */
final class Ledger {
    static final String ALL = "true";
    static final String UPDATES = "type = 'Microsoft.DigitalTwins.Twin.Update'";
    static final String TELEMETRY = "type = 'microsoft.iot.telemetry'";
    static final int TWINS = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A dead letter as stored: the reason file's members and the event bytes beside it. */
    record DeadLetter(String endpoint, String route, String eventId, String reason, byte[] event) {
    }

    private final Map<String, IntPredicate> expectations = new LinkedHashMap<>();
    private final Map<String, String> endpoints = new HashMap<>();
    private final Map<String, List<String>> matched = new LinkedHashMap<>();
    private final Map<String, byte[]> routed = new HashMap<>();

    /** Event {@code i}: a twin update, relationship creation or telemetry (by {@code i % 3}) of twin {@code i % TWINS}. */
    static byte[] event(int i) {
        String id = id(i);
        String twin = twin(i);
        return switch (i % 3) {
            case 0 -> Events.twinUpdate(id, twin, i);
            case 1 -> Events.relationshipCreate(id, twin, "rel-" + i);
            default -> Events.telemetry(id, twin, i);
        };
    }

    static String id(int i) {
        return "e-" + i;
    }

    static int index(String id) {
        return Integer.parseInt(id.substring(2));
    }

    static String twin(int i) {
        return "twin-" + i % TWINS;
    }

    static boolean isUpdate(int i) {
        return i % 3 == 0;
    }

    static boolean isRelationship(int i) {
        return i % 3 == 1;
    }

    static boolean isTelemetry(int i) {
        return i % 3 == 2;
    }

    /** Registers {@code route}, which is expected to match exactly the events {@code matches} accepts. */
    void putRoute(Router router, EventRoute route, IntPredicate matches) {
        assertFalse(router.putRoute(route).hasErrors());
        expectations.put(route.id(), matches);
        endpoints.put(route.id(), route.endpointName());
        matched.put(route.id(), new ArrayList<>());
    }

    /** Routes events {@code from} (inclusive) to {@code to} (exclusive) in order, from this thread. */
    void route(Router router, int from, int to) {
        for (int i = from; i < to; i++) {
            byte[] event = event(i);
            routed.put(id(i), event);
            int expected = 0;
            for (Map.Entry<String, IntPredicate> e : expectations.entrySet()) {
                if (e.getValue().test(i)) {
                    matched.get(e.getKey()).add(id(i));
                    expected++;
                }
            }
            assertEquals(expected, router.route(event), "routes matched by " + id(i));
        }
    }

    /** The ids route {@code route} matched, in routing order. */
    List<String> matched(String route) {
        return List.copyOf(matched.get(route));
    }

    /** The routes registered through this ledger that send to {@code endpoint}. */
    List<String> routesOf(String endpoint) {
        List<String> out = new ArrayList<>();
        endpoints.forEach((route, e) -> {
            if (e.equals(endpoint)) {
                out.add(route);
            }
        });
        return out;
    }

    /**
     * Every dead letter under {@code root}, checked: the event file holds the routed bytes unchanged,
     * the reason names the route's endpoint, and neither mentions {@code secret}.
     */
    List<DeadLetter> deadLetters(Path root, String secret) {
        List<DeadLetter> out = new ArrayList<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path reasonFile : files.filter(p -> p.toString().endsWith(".reason.json")).sorted().toList()) {
                String reasonText = Files.readString(reasonFile);
                JsonNode reason = JSON.readTree(reasonText);
                String name = reasonFile.getFileName().toString();
                Path eventFile = reasonFile.resolveSibling(name.substring(0, name.length() - ".reason.json".length())
                        + ".json");
                byte[] event = Files.readAllBytes(eventFile);
                DeadLetter dl = new DeadLetter(reason.get("endpoint").asText(), reason.get("route").asText(),
                        reason.get("eventId").asText(), reason.get("reason").asText(), event);
                assertArrayEquals(routed.get(dl.eventId()), event, "dead letter of " + dl.eventId() + " is unchanged");
                assertEquals(endpoints.get(dl.route()), dl.endpoint(), "endpoint of " + reasonText);
                assertTrue(reasonFile.startsWith(root.resolve(dl.endpoint())), reasonFile.toString());
                if (secret != null) {
                    assertFalse(reasonText.contains(secret), reasonText);
                }
                out.add(dl);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The ids of {@code deadLetters} of route {@code route}, failing on one stored twice. */
    static Set<String> idsOf(List<DeadLetter> deadLetters, String route) {
        Set<String> ids = new TreeSet<>();
        for (DeadLetter dl : deadLetters) {
            if (dl.route().equals(route)) {
                assertTrue(ids.add(dl.eventId()), "dead-lettered twice on route " + route + ": " + dl.eventId());
            }
        }
        return ids;
    }

    /**
     * Checks that every event route {@code route} matched was received by the peer or dead-lettered,
     * that nothing else was, that what the router counts as delivered reached the peer, and that the
     * route's counters agree: matched = delivered + dead-lettered, nothing pending or lost.
     *
     * @param received the distinct ids the peer received for the route (a resend may also reach it)
     */
    void assertAccounted(Router router, String route, Collection<String> received, Set<String> deadLettered) {
        Set<String> expected = new LinkedHashSet<>(matched.get(route));
        assertEquals(expected.size(), matched.get(route).size(), "ids are unique");
        Set<String> receivedSet = new TreeSet<>(received);
        assertTrue(expected.containsAll(receivedSet), route + ": the peer got events the route never matched");
        assertTrue(expected.containsAll(deadLettered), route + ": dead letters of events the route never matched");
        Set<String> lost = new TreeSet<>(expected);
        lost.removeAll(receivedSet);
        lost.removeAll(deadLettered);
        assertEquals(Set.of(), lost, route + ": neither delivered nor dead-lettered");
        Set<String> delivered = new TreeSet<>(expected);
        delivered.removeAll(deadLettered);
        assertTrue(receivedSet.containsAll(delivered), route + ": counted delivered but not at the peer");
        DeliveryCounts c = router.stats().route(route);
        assertEquals(new DeliveryCounts(expected.size(), delivered.size(), c.retried(), deadLettered.size(),
                deadLettered.size()), c, route + " counters");
    }

    /**
     * Checks that one twin's events reached a peer in the order they were routed: {@code ids} in
     * arrival order; with {@code firstCopies}, later copies of a resent event are ignored (delivery is
     * at least once), else ids may repeat only back to back (one event, several routes).
     */
    static void assertTwinOrder(String what, List<String> ids, boolean firstCopies) {
        Map<String, Integer> last = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String id : ids) {
            if (firstCopies && !seen.add(id)) {
                continue;
            }
            int i = index(id);
            Integer before = last.put(twin(i), i);
            if (before != null) {
                assertTrue(firstCopies ? before < i : before <= i,
                        what + ": " + id(i) + " of " + twin(i) + " arrived after " + id(before));
            }
        }
    }
}
