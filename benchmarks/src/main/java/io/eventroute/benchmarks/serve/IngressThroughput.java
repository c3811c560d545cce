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
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
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
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Events per second into {@code eventroute serve} over HTTP: several keep-alive client connections
 * posting CloudEvents (batches of 100, or one event per request) to {@code POST /events}, 100 routes of
 * the seeded workload, 10 file endpoints. Every request must be answered 200, which serve gives only
 * once every match of every event is written: the figure is acknowledged events per second. Not JMH:
 * one end-to-end run per mode. The clients are raw HTTP/1.1 connections (prepared messages on a
 * blocking socket, a few microseconds of CPU per request); {@code -Dclient=jdk} uses the JDK's
 * HttpClient instead, which on 2 cores costs more CPU per request than the server. Usage: {@code java -cp benchmarks.jar
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
            boolean jdk = System.getProperty("client", "raw").equals("jdk");
            for (int perRequest : mode.equals("single") ? new int[] {1} : mode.equals("batch") ? new int[] {100}
                    : new int[] {100, 1}) {
                IntFunction<Connection> connect;
                int size;
                if (jdk) {
                    List<HttpRequest> prepared = requests(uri, events, perRequest);
                    size = prepared.size();
                    connect = client -> jdkConnection(prepared);
                } else {
                    List<byte[]> prepared = rawRequests(uri, events, perRequest);
                    size = prepared.size();
                    connect = client -> rawConnection(uri, prepared);
                }
                String label = perRequest > 1 ? "batches of " + perRequest : "one event per request";
                run(connect, size, clients, perRequest, seconds, "warm-up");
                run(connect, size, clients, perRequest, seconds, label);
            }
        } finally {
            server.close();
            router.close();
            // The endpoints' files take about 3 kB per event: a run writes gigabytes.
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // Built once, so that the clients' own work per request is only HTTP.
    private static List<HttpRequest> requests(URI uri, List<String> events, int perRequest) {
        List<HttpRequest> out = new ArrayList<>();
        for (String body : bodies(events, perRequest)) {
            out.add(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", contentType(perRequest))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8))).build());
        }
        return out;
    }

    // The same requests as whole HTTP/1.1 messages, for the raw client.
    private static List<byte[]> rawRequests(URI uri, List<String> events, int perRequest) {
        List<byte[]> out = new ArrayList<>();
        for (String body : bodies(events, perRequest)) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Type: " + contentType(perRequest)
                    + "\r\nContent-Length: " + b.length + "\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(h, h.length + b.length);
            System.arraycopy(b, 0, all, h.length, b.length);
            out.add(all);
        }
        return out;
    }

    private static List<String> bodies(List<String> events, int perRequest) {
        List<String> out = new ArrayList<>();
        for (int first = 0; first + perRequest <= events.size(); first += perRequest) {
            List<String> some = events.subList(first, first + perRequest);
            out.add(perRequest > 1 ? "[" + String.join(",", some) + "]" : some.get(0));
        }
        return out;
    }

    private static String contentType(int perRequest) {
        return perRequest > 1 ? "application/cloudevents-batch+json" : "application/cloudevents+json";
    }

    /** One client connection: posts prepared request {@code index} and returns the answer's status. */
    private interface Connection extends AutoCloseable {
        int post(int index) throws IOException;

        @Override
        default void close() throws IOException {
        }
    }

    private static void run(IntFunction<Connection> connect, int size, int clients, int perRequest, int seconds,
            String label) throws Exception {
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
                try (Connection connection = connect.apply(client)) {
                    int next = client * (size / clients);
                    while (System.nanoTime() < end) {
                        int status = connection.post(next++ % size);
                        if (status != 200) {
                            throw new IllegalStateException("answered " + status);
                        }
                        acknowledged.addAndGet(perRequest);
                        requests.incrementAndGet();
                    }
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

    // The JDK's HttpClient: a real client, but one that costs far more CPU per request than the server.
    private static Connection jdkConnection(List<HttpRequest> prepared) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return index -> {
            try {
                return http.send(prepared.get(index), HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        };
    }

    // A blocking socket writing prepared HTTP/1.1 messages and reading the answers' status and body: a
    // few microseconds of CPU per request, so that the server's cost is what the machine's cores spend.
    private static Connection rawConnection(URI uri, List<byte[]> prepared) {
        try {
            Socket socket = new Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            StringBuilder line = new StringBuilder();
            return new Connection() {
                @Override
                public void close() throws IOException {
                    socket.close();
                }

                @Override
                public int post(int index) throws IOException {
                    out.write(prepared.get(index));
                    out.flush();
                    int status = -1;
                    int length = 0;
                    while (true) {
                        line.setLength(0);
                        int c;
                        while ((c = in.read()) != '\n') {
                            if (c < 0) {
                                throw new IOException("the server closed the connection");
                            }
                            if (c != '\r') {
                                line.append((char) c);
                            }
                        }
                        if (line.length() == 0) {
                            break;
                        }
                        String l = line.toString();
                        if (status < 0) {
                            status = Integer.parseInt(l.substring(9, 12));
                        } else if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
                            length = Integer.parseInt(l.substring(15).trim());
                        }
                    }
                    in.skipNBytes(length);
                    return status;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
