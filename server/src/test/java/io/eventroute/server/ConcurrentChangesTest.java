package io.eventroute.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.RouteStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 8 threads put and delete routes through the API while 4 threads route events. Each route's filter
 * names its own id, so an event carrying a route's marker can match at most that route: an event that
 * matched more routes than it names, or a route answered with an error, would show a torn table. At
 * the end the API, the router and the store (reopened) hold exactly the same routes.
 */
class ConcurrentChangesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITERS = 8;
    private static final int ROUTERS = 4;
    private static final int CHANGES_PER_WRITER = 60;

    @TempDir
    Path dir;

    @Test
    void writersAndRoutersSeeWholeTables() throws Exception {
        long seed = System.nanoTime();
        System.out.println("ConcurrentChangesTest seed " + seed);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        try (TestServer t = TestServer.start(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + ROUTERS);
            AtomicBoolean writing = new AtomicBoolean(true);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    Random random = new Random(seed + writer);
                    go.await();
                    for (int i = 0; i < CHANGES_PER_WRITER; i++) {
                        String id = "w" + writer + "-" + random.nextInt(10);
                        HttpResponse<String> r;
                        if (random.nextInt(4) == 0) {
                            r = t.send("DELETE", "/eventroutes/" + id + "?" + TestServer.API, TestServer.ADMIN, null);
                            if (r.statusCode() != 204 && r.statusCode() != 404) {
                                failures.add("DELETE " + id + ": " + r.statusCode() + " " + r.body());
                            }
                        } else {
                            String endpoint = random.nextBoolean() ? "archive" : "alerts";
                            r = t.put(id, "{\"endpointName\":\"" + endpoint + "\",\"filter\":\"$body.marker = '" + id + "'\"}");
                            if (r.statusCode() != 204) {
                                failures.add("PUT " + id + ": " + r.statusCode() + " " + r.body());
                            }
                        }
                    }
                    return null;
                }));
            }
            List<Future<Long>> routers = new ArrayList<>();
            for (int r = 0; r < ROUTERS; r++) {
                int router = r;
                routers.add(pool.submit(() -> {
                    Random random = new Random(seed * 31 + router);
                    go.await();
                    long events = 0;
                    while (writing.get()) {
                        String marker = "w" + random.nextInt(WRITERS) + "-" + random.nextInt(10);
                        String event = "{\"specversion\":\"1.0\",\"id\":\"" + router + "-" + events + "\",\"source\":\"s\","
                                + "\"type\":\"t\",\"subject\":\"twin-" + random.nextInt(50) + "\",\"data\":{\"marker\":\""
                                + marker + "\"}}";
                        int matched = t.router.route(event.getBytes(StandardCharsets.UTF_8));
                        if (matched > 1) {
                            failures.add("an event for " + marker + " matched " + matched + " routes");
                        }
                        events++;
                    }
                    return events;
                }));
            }
            go.countDown();
            for (Future<?> f : writers) {
                f.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            long events = 0;
            for (Future<Long> f : routers) {
                events += f.get(1, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertTrue(events > 0);
            assertEquals(List.of(), List.copyOf(failures));

            Map<String, String> listed = new TreeMap<>();
            for (JsonNode v : JSON.readTree(t.send("GET", "/eventroutes?" + TestServer.API, TestServer.READER, null).body())
                    .get("value")) {
                listed.put(v.get("id").asText(), v.get("endpointName").asText() + " " + v.get("filter").asText());
            }
            Map<String, String> routed = new TreeMap<>();
            for (EventRoute r : t.router.routes()) {
                routed.put(r.id(), r.endpointName() + " " + r.filter());
            }
            assertEquals(listed, routed, "the API and the router hold the same routes");
            assertTrue(t.router.awaitIdle(Duration.ofSeconds(60)));
            t.router.stats().routes().forEach((id, c) -> {
                if (c.matched() != c.delivered()) {
                    failures.add("route " + id + " matched " + c.matched() + " but delivered " + c.delivered());
                }
            });
            assertEquals(List.of(), List.copyOf(failures));
            t.server.close();
            try (RouteStore store = SqliteRouteStore.open(dir)) {
                Map<String, String> stored = new TreeMap<>();
                for (EventRoute r : store.load()) {
                    stored.put(r.id(), r.endpointName() + " " + r.filter());
                }
                assertEquals(listed, stored, "the store holds what the API answered");
            }
        }
    }
}
