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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A serve instance on loopback over the seeded workload's routes (all to one memory endpoint), with its
 * SQLite store in a temporary directory: what the serve benchmarks and their setup test share.
 * Not thread-safe.
 */
public final class ServeFixture implements AutoCloseable {
    public static final String TOKEN = "benchmark-token-0123456789";
    public static final String ENDPOINT = "archive";

    public final Path dir;
    public final List<EventRoute> routes;
    public Router router;
    public EventRouteServer server;

    /** The routes of the seeded workload ({@code count} of them) and an empty store directory. */
    public ServeFixture(int count) {
        try {
            dir = Files.createTempDirectory("eventroute-serve-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        routes = new Workload(42, count).routes(count).stream()
                .map(r -> EventRoute.of(r.id(), ENDPOINT, r.filter())).toList();
    }

    /** Stores every route, as a server's first start with them in its file would. */
    public void storeRoutes() {
        try (SqliteRouteStore store = SqliteRouteStore.open(dir)) {
            store.putAll(routes);
        }
    }

    /** Starts a router and a server over the store as it is; returns the time taken in nanoseconds. */
    public long start() {
        long t0 = System.nanoTime();
        router = Router.builder().build();
        router.putEndpoint(ENDPOINT, "memory", Map.of("maxBatchCount", "1000"));
        server = EventRouteServer.builder(router, ServerSettings.of("127.0.0.1", 0,
                        List.of(new AccessToken(TOKEN, EnumSet.of(Role.ROUTES_READ, Role.ROUTES_WRITE)))),
                SqliteRouteStore.open(dir)).build();
        server.start();
        return System.nanoTime() - t0;
    }

    /** Stops the server and the router. */
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (router != null) {
            router.close();
            router = null;
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
