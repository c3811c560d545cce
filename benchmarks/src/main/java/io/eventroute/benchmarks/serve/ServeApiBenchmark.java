package io.eventroute.benchmarks.serve;

import io.eventroute.benchmarks.BenchmarkSettings;
import io.eventroute.runtime.EventRoute;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Latency of the routes API of {@code eventroute serve} with {@code routes} routes stored, over HTTP on
 * loopback with one keep-alive connection: {@code put} replaces a stored route (compiled, live in the
 * router and committed to SQLite before the 204), {@code get} reads one. Sampled per call, so the
 * result has percentiles ({@code p0.50}, {@code p0.99}). One instance per run; not thread-safe.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ServeApiBenchmark extends BenchmarkSettings {
    @Param({"100000"})
    public int routes;

    private ServeFixture fixture;
    private HttpClient client;
    private HttpRequest[] puts;
    private HttpRequest[] gets;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new ServeFixture(routes);
        fixture.storeRoutes();
        fixture.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = fixture.server.uri() + "/eventroutes/";
        int n = Math.min(routes, 4096);
        puts = new HttpRequest[n];
        gets = new HttpRequest[n];
        for (int i = 0; i < n; i++) {
            // Spread over the whole table; the ids are the workload's, so every put replaces a stored route.
            EventRoute r = fixture.routes.get((int) ((long) i * routes / n));
            URI uri = URI.create(base + r.id() + "?api-version=2023-10-31");
            String body = "{\"endpointName\":\"" + ServeFixture.ENDPOINT + "\",\"filter\":" + quote(r.filter()) + "}";
            puts[i] = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + ServeFixture.TOKEN)
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build();
            gets[i] = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + ServeFixture.TOKEN).GET().build();
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public int put() throws IOException, InterruptedException {
        return expect(204, client.send(puts[next++ & (puts.length - 1)], HttpResponse.BodyHandlers.discarding()));
    }

    @Benchmark
    public int get() throws IOException, InterruptedException {
        return expect(200, client.send(gets[next++ & (gets.length - 1)], HttpResponse.BodyHandlers.discarding()));
    }

    private static int expect(int status, HttpResponse<?> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + r.statusCode());
        }
        return r.statusCode();
    }
}
