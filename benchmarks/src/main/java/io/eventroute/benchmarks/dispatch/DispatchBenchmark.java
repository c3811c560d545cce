package io.eventroute.benchmarks.dispatch;

import io.eventroute.benchmarks.BenchmarkSettings;
import io.eventroute.runtime.DeliveryCounts;
import io.eventroute.runtime.DeliveryOptions;
import io.eventroute.runtime.Router;
import io.eventroute.runtime.endpoint.memory.MemoryEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Events per second through the whole runtime: JSON decoding, matching against {@code routes} routes,
 * queueing, batching and delivery to a {@code memory} or {@code file} endpoint. One invocation routes
 * {@link #EVENTS_PER_INVOCATION} events and waits until every match is delivered, so the score is
 * end-to-end throughput, not the rate of filling a queue. The event mix matches {@link #MATCHES_PER_ROUND}
 * routes per round of {@link #events()} (checked in setup). Forks, warm-up and JVM options are the shared
 * {@link BenchmarkSettings}; only the mode (throughput) is its own. One instance per benchmark run (JMH
 * state); not for use by several threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DispatchBenchmark extends BenchmarkSettings {
    /** Events routed per invocation. */
    public static final int EVENTS_PER_INVOCATION = 12_000;
    /** Deliveries one round of the sample events makes with 100 routes. */
    public static final int MATCHES_PER_ROUND = 141;

    @Param({"memory", "file"})
    public String endpointKind;

    @Param({"100"})
    public int routes;

    private Router router;
    private Path dir;
    private byte[][] events;
    private long deliveredBefore;

    /** The sample events: twin updates, relationship events and telemetry of 20 twins. */
    public static byte[][] events() {
        byte[][] out = new byte[60][];
        for (int i = 0; i < 20; i++) {
            out[3 * i] = json("{\"specversion\":\"1.0\",\"id\":\"u" + i + "\",\"type\":\"Microsoft.DigitalTwins.Twin."
                    + "Update\",\"source\":\"contoso.api.wus2.digitaltwins.azure.net\",\"subject\":\"room-" + i
                    + "\",\"time\":\"2021-12-09T20:28:52.9795363Z\",\"datacontenttype\":\"application/json\","
                    + "\"data\":{\"modelId\":\"dtmi:example:Room;1\",\"patch\":[{\"value\":" + (15 + i)
                    + ".5,\"path\":\"/temperature\",\"op\":\"replace\"}]}}");
            out[3 * i + 1] = json("{\"specversion\":\"1.0\",\"id\":\"r" + i + "\",\"type\":\"Microsoft.DigitalTwins."
                    + "Relationship.Create\",\"source\":\"contoso.api.wus2.digitaltwins.azure.net\",\"subject\":"
                    + "\"floor-" + i % 4 + "/relationships/contains-" + i + "\",\"datacontenttype\":\"application/json\","
                    + "\"data\":{\"$relationshipId\":\"contains-" + i + "\",\"$sourceId\":\"floor-" + i % 4
                    + "\",\"$relationshipName\":\"contains\",\"$targetId\":\"room-" + i + "\"}}");
            out[3 * i + 2] = json("{\"specversion\":\"1.0\",\"id\":\"t" + i + "\",\"type\":\"microsoft.iot.telemetry\","
                    + "\"source\":\"contoso.api.wus2.digitaltwins.azure.net/digitaltwins/thermostat-" + i + "\","
                    + "\"subject\":\"component1\",\"dataschema\":\"dtmi:example:Thermostat;1\","
                    + "\"datacontenttype\":\"application/json\",\"data\":{\"Temperature\":" + (i * 5) + "}}");
        }
        return out;
    }

    /**
     * {@code n} routes of three shapes: updates of one room, relationships from one floor, and telemetry
     * above a threshold; most routes match none of a given event, as in a real deployment.
     */
    public static String filter(int i) {
        switch (i % 3) {
            case 0:
                return "type = 'Microsoft.DigitalTwins.Twin.Update' AND subject = 'room-" + (i / 3) + "'";
            case 1:
                return "type = 'Microsoft.DigitalTwins.Relationship.Create' AND STARTS_WITH(subject, 'floor-"
                        + (i / 3) + "/')";
            default:
                return "type = 'microsoft.iot.telemetry' AND $body.Temperature > " + (i * 3);
        }
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Setup(Level.Iteration)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("eventroute-dispatch");
        router = Router.builder()
                .delivery(DeliveryOptions.defaults().withLinger(Duration.ofMillis(1)))
                .deadLetterDirectory(dir.resolve("dead"))
                .build();
        Map<String, String> settings = endpointKind.equals("file")
                ? Map.of("path", dir.resolve("events.jsonl").toString()) : Map.of();
        router.putEndpoint("out", endpointKind, settings);
        for (int i = 0; i < routes; i++) {
            router.putRoute("route-" + i, "out", filter(i));
        }
        events = events();
        int matches = 0;
        for (byte[] e : events) {
            matches += router.route(e);
        }
        awaitIdle();
        if (routes == 100 && matches != MATCHES_PER_ROUND) {
            throw new IllegalStateException("the sample made " + matches + " matches, not " + MATCHES_PER_ROUND);
        }
        deliveredBefore = delivered();
    }

    /** Routes {@link #EVENTS_PER_INVOCATION} events and waits for their deliveries. */
    @Benchmark
    @OperationsPerInvocation(EVENTS_PER_INVOCATION)
    public long routeAndDeliver() {
        long matches = 0;
        for (int i = 0; i < EVENTS_PER_INVOCATION; i++) {
            matches += router.route(events[i % events.length]);
        }
        awaitIdle();
        router.sender("out", MemoryEndpoint.class).ifPresent(MemoryEndpoint::drain);
        return matches;
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
        DeliveryCounts c = router.stats().endpoint("out");
        if (c.failed() != 0 || c.pending() != 0) {
            throw new IllegalStateException("deliveries failed or were left: " + c);
        }
        router.close(Duration.ofSeconds(10));
        deleteTree(dir);
    }

    /** Deliveries so far, as the endpoint's counters say. */
    public long delivered() {
        return router.stats().endpoint("out").delivered() - deliveredBefore;
    }

    private void awaitIdle() {
        try {
            if (!router.awaitIdle(Duration.ofSeconds(60))) {
                throw new IllegalStateException("deliveries did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
