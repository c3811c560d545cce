package io.eventroute.benchmarks.serve;

import io.eventroute.cli.workload.Workload;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.Router;
import io.eventroute.server.AccessToken;
import io.eventroute.server.EventRouteServer;
import io.eventroute.server.Role;
import io.eventroute.server.ServerSettings;
import io.eventroute.server.SqliteRouteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events per second into {@code eventroute serve} over HTTP: several keep-alive client connections
 * posting CloudEvents (batches of 100, or one event per request) to {@code POST /events}, 100 routes of
 * the seeded workload, 10 file endpoints. Every request must be answered 200, which serve gives only
 * once every match of every event is written: the figure is acknowledged events per second. Not JMH:
 * one end-to-end run per mode. Usage: {@code java -cp benchmarks.jar
 * io.eventroute.benchmarks.serve.IngressThroughput [seconds] [clients]}. Not thread-safe; run from main.
 */
public final class IngressThroughput {
    private static final int ROUTES = 100;
    private static final int ENDPOINTS = 10;
    private static final String TOKEN = "ingress-benchmark-token-0123456789";

    private IngressThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path dir = Files.createTempDirectory("eventroute-ingress-bench");
        Workload workload = new Workload(42, ROUTES);
        List<String> events = workload.events(20_000);
        Router router = Router.builder().build();
        for (int e = 0; e < ENDPOINTS; e++) {
            router.putEndpoint("out-" + e, "file", Map.of("path", dir.resolve("out-" + e + ".jsonl").toString()));
        }
        List<EventRoute> routes = new ArrayList<>();
        int i = 0;
        for (Workload.Route r : workload.routes(ROUTES)) {
            routes.add(EventRoute.of(r.id(), "out-" + (i++ % ENDPOINTS), r.filter()));
        }
        EventRouteServer server = EventRouteServer.builder(router, ServerSettings.of("127.0.0.1", 0,
                List.of(new AccessToken(TOKEN, EnumSet.of(Role.EVENTS_SEND)))), SqliteRouteStore.open(dir.resolve("store")))
                .initialRoutes(routes).build();
        server.start();
        try {
            URI uri = URI.create(server.uri() + "/events");
            System.out.printf("# %d routes, %d file endpoints, %d clients, %d s per mode; load %s%n", ROUTES, ENDPOINTS,
                    clients, seconds, Files.readString(Path.of("/proc/loadavg")).trim());
            for (int warm = 0; warm < 2; warm++) {
                run(uri, events, clients, 100, warm == 0 ? 3 : seconds, warm == 0 ? "warm-up" : "batches of 100");
            }
            run(uri, events, clients, 1, 3, "warm-up");
            run(uri, events, clients, 1, seconds, "one event per request");
        } finally {
            server.close();
            router.close();
        }
    }

    private static void run(URI uri, List<String> events, int clients, int perRequest, int seconds, String label)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            done.add(pool.submit(() -> {
                // One client, one keep-alive connection: HTTP/1.1, one request at a time.
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                int next = client * 5_000;
                while (System.nanoTime() < end) {
                    StringBuilder body = new StringBuilder(perRequest * 400);
                    if (perRequest > 1) {
                        body.append('[');
                    }
                    for (int k = 0; k < perRequest; k++) {
                        body.append(k == 0 ? "" : ",").append(events.get(next++ % events.size()));
                    }
                    if (perRequest > 1) {
                        body.append(']');
                    }
                    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                            .header("Content-Type", perRequest > 1 ? "application/cloudevents-batch+json"
                                    : "application/cloudevents+json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
                    HttpResponse<String> r;
                    try {
                        r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("answered " + r.statusCode() + ": " + r.body());
                    }
                    acknowledged.addAndGet(perRequest);
                    requests.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-22s %,10.0f events/s acknowledged, %,8.0f requests/s (%,d events in %.1f s)%n", label,
                acknowledged.get() / elapsed, requests.get() / elapsed, acknowledged.get(), elapsed);
    }
}
