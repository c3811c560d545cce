package io.eventroute.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.Limits;
import io.eventroute.runtime.EventRoute;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Routes applied are held back and filed in batches, which no reader can tell: every read and match sees
 * every record applied before it, in the order applied, with replacements, deletions and refusals as if
 * each record had been filed at once.
 */
class LiveRoutesTest {
    private static byte[] route(String endpoint, String filter) {
        return TestEvents.route(endpoint, filter).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> ids(List<EventRoute> routes) {
        return routes.stream().map(EventRoute::id).toList();
    }

    @Test
    void aReplayedTopicIsFiledInBatchesAndEveryReadSeesAllOfIt() {
        LiveRoutes live = new LiveRoutes(Limits.DEFAULT);
        int n = 2 * LiveRoutes.BATCH + 10; // two full batches and a part held back
        List<String> applied = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Filters repeat (one text per twin), as a real table's do: a batch compiles each text once.
            String id = "r" + i;
            assertEquals(LiveRoutes.Outcome.ADDED, live.apply(id, route("ep", "subject = 'room-" + i % 100 + "'"), "t-0@" + i));
            applied.add(id);
        }
        assertEquals(n, live.size());
        assertEquals(applied, ids(live.routes()));
        List<String> expected = applied.stream().filter(id -> Integer.parseInt(id.substring(1)) % 100 == 7).toList();
        RouteMatch match = live.match(TestEvents.bytes("e1", TestEvents.CREATE, "room-7", 1));
        assertEquals(expected, ids(match.routes()));
        assertEquals("room-7", match.twin());
    }

    @Test
    void aMatchSeesARouteAppliedJustBefore() {
        LiveRoutes live = new LiveRoutes(Limits.DEFAULT);
        live.apply("a", route("ep", "subject = 'room-1'"), "t-0@0");
        assertEquals(List.of("a"), ids(live.match(TestEvents.bytes("e1", TestEvents.CREATE, "room-1", 1)).routes()));
        live.apply("b", route("ep", "subject = 'room-1'"), "t-0@1");
        assertEquals(List.of("a", "b"), ids(live.match(TestEvents.bytes("e2", TestEvents.CREATE, "room-1", 1)).routes()));
    }

    @Test
    void aRouteHeldBackIsReplacedInItsPlaceDeletedOrKeptWhenItsNewVersionIsRefused() {
        LiveRoutes live = new LiveRoutes(Limits.DEFAULT);
        assertEquals(LiveRoutes.Outcome.ADDED, live.apply("a", route("ep", "subject = 'room-1'"), "t-0@0"));
        assertEquals(LiveRoutes.Outcome.ADDED, live.apply("b", route("ep", "subject = 'room-2'"), "t-0@1"));
        assertEquals(LiveRoutes.Outcome.REPLACED, live.apply("a", route("other", "subject = 'room-3'"), "t-0@2"));
        assertEquals(LiveRoutes.Outcome.REJECTED, live.apply("b", route("ep", "subject = "), "t-0@3"));
        RouteError refused = live.pollError();
        assertEquals("b", refused.routeId());
        assertTrue(refused.previousKept(), "b's version held back stays");
        assertEquals(LiveRoutes.Outcome.ADDED, live.apply("c", route("ep", "subject = 'room-4'"), "t-0@4"));
        assertEquals(LiveRoutes.Outcome.DELETED, live.apply("c", null, "t-0@5"));
        assertEquals(LiveRoutes.Outcome.ABSENT_DELETE, live.apply("c", null, "t-0@6"));

        assertEquals(List.of("a", "b"), ids(live.routes()), "a replaced in its place, c gone");
        assertEquals("other", live.route("a").orElseThrow().endpointName());
        assertEquals("subject = 'room-3'", live.route("a").orElseThrow().filter());
        assertEquals("subject = 'room-2'", live.route("b").orElseThrow().filter());
        assertTrue(live.route("c").isEmpty());
        assertNull(live.pollError());
        assertEquals(List.of("a"), ids(live.match(TestEvents.bytes("e1", TestEvents.CREATE, "room-3", 1)).routes()));
    }
}
