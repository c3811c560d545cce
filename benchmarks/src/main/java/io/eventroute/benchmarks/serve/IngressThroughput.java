package io.eventroute.benchmarks.serve;

import io.eventroute.cli.workload.Workload;
import io.eventroute.runtime.DeliveryOptions;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
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
 * io.eventroute.benchmarks.serve.IngressThroughput [seconds] [clients] [linger-ms] [both|batch|single]}; the
 * endpoints' linger defaults to the router's default, and every acknowledgement waits for it. Not thread-safe;
 * run from main.
 */
public final class IngressThroughput {
    private static final int ROUTES = 100;
    private static final int ENDPOINTS = 10;
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final String TOKEN = "ingress-benchmark-token-0123456789";

    private IngressThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Duration linger = args.length > 2 ? Duration.ofMillis(Long.parseLong(args[2])) : DeliveryOptions.defaults().linger();
        String mode = args.length > 3 ? args[3] : "both";
        Path dir = Files.createTempDirectory("eventroute-ingress-bench");
        Workload workload = new Workload(42, ROUTES);
        List<String> events = workload.events(20_000);
        Router router = Router.builder().build();
        for (int e = 0; e < ENDPOINTS; e++) {
            router.putEndpoint("out-" + e, "file", Map.of("path", dir.resolve("out-" + e + ".jsonl").toString()),
                    DeliveryOptions.defaults().withLinger(linger));
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
            System.out.printf("# %d routes, %d file endpoints (linger %d ms), %d clients, %d s per mode; load %s%n", ROUTES,
                    ENDPOINTS, linger.toMillis(), clients, seconds, Files.readString(Path.of("/proc/loadavg")).trim());
            if (!mode.equals("single")) {
                List<HttpRequest> batches = requests(uri, events, 100);
                run(batches, clients, 100, seconds, "warm-up");
                run(batches, clients, 100, seconds, "batches of 100");
            }
            if (!mode.equals("batch")) {
                List<HttpRequest> singles = requests(uri, events, 1);
                run(singles, clients, 1, seconds, "warm-up");
                run(singles, clients, 1, seconds, "one event per request");
            }
        } finally {
            server.close();
            router.close();
        }
    }

    // Built once, so that the clients' own work per request is only HTTP.
    private static List<HttpRequest> requests(URI uri, List<String> events, int perRequest) {
        List<HttpRequest> out = new ArrayList<>();
        for (int first = 0; first + perRequest <= events.size(); first += perRequest) {
            List<String> some = events.subList(first, first + perRequest);
            String body = perRequest > 1 ? "[" + String.join(",", some) + "]" : some.get(0);
            out.add(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", perRequest > 1 ? "application/cloudevents-batch+json" : "application/cloudevents+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8))).build());
        }
        return out;
    }

    private static void run(List<HttpRequest> prepared, int clients, int perRequest, int seconds, String label)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        long cpuStart = CPU.getProcessCpuTime();
        Map<Long, Long> threadsStart = threadCpu();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            done.add(pool.submit(() -> {
                // One client, one keep-alive connection: HTTP/1.1, one request at a time.
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                int next = client * (prepared.size() / clients);
                while (System.nanoTime() < end) {
                    HttpResponse<String> r;
                    try {
                        r = http.send(prepared.get(next++ % prepared.size()), HttpResponse.BodyHandlers.ofString());
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
        long process = CPU.getProcessCpuTime() - cpuStart;
        long server = serverCpu(threadsStart);
        // CPU time per request depends far less than throughput on what else the shared machine runs.
        long n = Math.max(1, requests.get());
        System.out.printf("%-22s %,10.0f events/s acknowledged, %,8.0f requests/s (%,d events in %.1f s); CPU per "
                + "request: server threads %,.0f us, the process (clients, GC, JIT too) %,.0f us; load %s%n", label,
                acknowledged.get() / elapsed, requests.get() / elapsed, acknowledged.get(), elapsed, server / 1e3 / n,
                process / 1e3 / n, Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** The CPU time of every live thread, by id. */
    private static Map<Long, Long> threadCpu() {
        Map<Long, Long> out = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            out.put(t.getId(), THREADS.getThreadCpuTime(t.getId()));
        }
        return out;
    }

    /**
     * CPU time the server's threads (HTTP and endpoints, named eventroute-*) used since {@code before};
     * with {@code -Dverbose=true} also printed per group of threads (names without their numbers).
     */
    private static long serverCpu(Map<Long, Long> before) {
        long sum = 0;
        Map<String, Long> groups = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long now = THREADS.getThreadCpuTime(t.getId());
            if (now <= 0) {
                continue;
            }
            long used = now - before.getOrDefault(t.getId(), 0L);
            groups.merge(t.getName().replaceAll("[0-9]+", "N"), used, Long::sum);
            if (t.getName().startsWith("eventroute-")) {
                sum += used;
            }
        }
        if (Boolean.getBoolean("verbose")) {
            groups.forEach((name, ns) -> System.out.printf("    %-40s %,8d ms%n", name, ns / 1_000_000));
        }
        return sum;
    }
}
