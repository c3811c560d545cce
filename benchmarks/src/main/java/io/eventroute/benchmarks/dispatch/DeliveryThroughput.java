package io.eventroute.benchmarks.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.eventroute.runtime.DeliveryCounts;
import io.eventroute.runtime.Router;
import io.eventroute.runtime.endpoint.peers.ArtemisPeer;
import io.eventroute.runtime.endpoint.peers.HttpsPeer;
import io.eventroute.runtime.endpoint.peers.LatencyProxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.proton.message.Message;

/**
 * Events per second delivered end to end, per endpoint kind, to a real peer on loopback behind a TCP
 * latency proxy adding 0, 10, 20 or 50 ms of round trip, at default delivery settings, with 10,000
 * distinct twins. A run routes the events and closes the router (the drain waits for the last
 * delivery), then checks that every event arrived once and each twin's in input order: a fast wrong
 * answer fails the run. Not JMH: each measurement is one long end-to-end run against a peer. Usage:
 * {@code java -cp benchmarks.jar io.eventroute.benchmarks.dispatch.DeliveryThroughput [events] [kinds]}.
 * Not thread-safe; run from main.
 */
public final class DeliveryThroughput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TWINS = 10_000;
    private static final int[] ADDED_ROUND_TRIP_MILLIS = {0, 10, 20, 50};
    private static final Pattern PORT = Pattern.compile("sb://127\\.0\\.0\\.1:(\\d+);");

    private DeliveryThroughput() {
    }

    /** A peer of one kind: the endpoint settings through the proxy, and the event indexes it received in order. */
    private interface Peer extends AutoCloseable {
        int port();

        Map<String, String> settings(int proxyPort);

        List<Integer> received() throws Exception;

        @Override
        void close() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        List<String> kinds = args.length > 1 ? List.of(args[1].split(","))
                : List.of("webhook", "webhook-batch", "eventgrid", "eventhubs", "servicebus");
        System.out.printf(Locale.ROOT, "# %,d events over %,d twins, default delivery settings; events/s "
                + "(routing to the last delivery)%n", events, TWINS);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-14s", "kind"));
        for (int rtt : ADDED_ROUND_TRIP_MILLIS) {
            head.append(String.format(Locale.ROOT, " %10s", "+" + rtt + " ms"));
        }
        System.out.println(head);
        try (ArtemisPeer broker = kinds.contains("eventhubs") || kinds.contains("servicebus") ? ArtemisPeer.start()
                : null) {
            for (String kind : kinds) {
                // Warm-up, not shown: the first run of a kind pays for class loading, JIT and connecting.
                run(kind, 0, Math.min(events, 5000), () -> peer(kind, broker, kind + "-warm-up"));
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-14s", kind));
                for (int rtt : ADDED_ROUND_TRIP_MILLIS) {
                    double rate = run(kind, rtt, events, () -> peer(kind, broker, kind + "-" + rtt));
                    row.append(String.format(Locale.ROOT, " %10.0f", rate));
                }
                System.out.println(row);
            }
        }
    }

    private static double run(String kind, int rttMillis, int events, Supplier<Peer> peers) throws Exception {
        try (Peer peer = peers.get(); LatencyProxy proxy = new LatencyProxy(peer.port(), rttMillis / 2)) {
            Router router = Router.builder().build();
            String sendKind = kind.startsWith("webhook") ? "webhook" : kind;
            router.putEndpoint("e", sendKind, peer.settings(proxy.port()));
            router.putRoute("r", "e", "true");
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                router.route(event(i));
            }
            boolean clean = router.close(Duration.ofSeconds(60));
            double seconds = (System.nanoTime() - start) / 1e9;
            DeliveryCounts c = router.stats().endpoint("e");
            if (!clean || c.delivered() != events) {
                throw new IllegalStateException(kind + " +" + rttMillis + " ms: not everything delivered: " + c);
            }
            checkOrder(kind, peer.received(), events);
            return events / seconds;
        }
    }

    private static byte[] event(int i) {
        return ("{\"specversion\":\"1.0\",\"id\":\"e" + i + "\",\"type\":\"Microsoft.DigitalTwins.Twin.Update\","
                + "\"source\":\"contoso.api.wus2.digitaltwins.azure.net\",\"subject\":\"twin-" + i % TWINS + "\","
                + "\"time\":\"2021-12-09T20:28:52.9795363Z\",\"datacontenttype\":\"application/json\",\"data\":"
                + "{\"modelId\":\"dtmi:example:Room;1\",\"patch\":[{\"value\":" + i + ",\"path\":\"/temperature\","
                + "\"op\":\"replace\"}]}}").getBytes(StandardCharsets.UTF_8);
    }

    /** Every event once, each twin's in input order. */
    private static void checkOrder(String kind, List<Integer> arrived, int events) {
        if (arrived.size() != events) {
            throw new IllegalStateException(kind + ": " + arrived.size() + " events at the peer, not " + events);
        }
        Map<Integer, Integer> last = new HashMap<>();
        for (int i : arrived) {
            Integer before = last.put(i % TWINS, i);
            if (before == null ? i != i % TWINS : i != before + TWINS) {
                throw new IllegalStateException(kind + ": twin " + i % TWINS + ": event " + i + " after " + before);
            }
        }
    }

    private static List<Integer> ids(byte[] body) throws IOException {
        List<Integer> out = new ArrayList<>();
        JsonNode node = JSON.readTree(body);
        for (JsonNode e : node.isArray() ? node : List.of(node)) {
            out.add(Integer.parseInt(e.get("id").asText().substring(1)));
        }
        return out;
    }

    private static Peer peer(String kind, ArtemisPeer broker, String entity) {
        try {
            return switch (kind) {
                case "webhook", "webhook-batch" -> webhook(kind.equals("webhook-batch"));
                case "eventgrid" -> eventGrid();
                case "eventhubs", "servicebus" -> amqp(kind, broker, entity);
                default -> throw new IllegalArgumentException("unknown kind " + kind);
            };
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Peer webhook(boolean batch) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        List<Integer> received = Collections.synchronizedList(new ArrayList<>());
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            received.addAll(ids(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        return new Peer() {
            public int port() {
                return server.getAddress().getPort();
            }

            public Map<String, String> settings(int proxyPort) {
                return Map.of("url", "http://127.0.0.1:" + proxyPort + "/x", "batch", Boolean.toString(batch));
            }

            public List<Integer> received() {
                return received;
            }

            public void close() {
                server.stop(0);
            }
        };
    }

    private static Peer eventGrid() throws Exception {
        HttpsPeer peer = HttpsPeer.start();
        // The certificate is a resource of the jar here: the sender reads a file.
        Path pem = Files.createTempFile("https-peer", ".pem");
        pem.toFile().deleteOnExit();
        try (InputStream in = HttpsPeer.class.getResourceAsStream("/tls/https-peer.pem")) {
            Files.copy(in, pem, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Peer() {
            public int port() {
                return peer.port();
            }

            public Map<String, String> settings(int proxyPort) {
                return Map.of("endpoint", "https://127.0.0.1:" + proxyPort + "/api/events", "key", "bench-key",
                        "trustCertificate", pem.toString());
            }

            public List<Integer> received() throws IOException {
                List<Integer> out = new ArrayList<>();
                for (HttpsPeer.Answer a : peer.answers()) {
                    out.addAll(ids(a.request().body()));
                }
                return out;
            }

            public void close() {
                peer.close();
            }
        };
    }

    private static Peer amqp(String kind, ArtemisPeer broker, String entity) {
        Matcher m = PORT.matcher(broker.connectionString());
        if (!m.find()) {
            throw new IllegalStateException("no port in the broker's connection string");
        }
        int port = Integer.parseInt(m.group(1));
        return new Peer() {
            public int port() {
                return port;
            }

            public Map<String, String> settings(int proxyPort) {
                String cs = m.replaceFirst("sb://127.0.0.1:" + proxyPort + ";");
                return Map.of("connectionString", cs, kind.equals("eventhubs") ? "eventHub" : "queue", entity);
            }

            public List<Integer> received() {
                List<Integer> out = new ArrayList<>();
                for (Message msg : broker.messages(entity)) {
                    out.add(Integer.parseInt(String.valueOf(msg.getMessageId()).substring(1)));
                }
                return out;
            }

            public void close() {
                // the broker serves every run; each run has its own entity
            }
        };
    }
}
