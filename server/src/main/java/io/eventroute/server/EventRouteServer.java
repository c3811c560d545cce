package io.eventroute.server;

import io.eventroute.compiler.Limits;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.ModelStore;
import io.eventroute.runtime.RouteStore;
import io.eventroute.runtime.Router;
import io.eventroute.server.internal.ApiHandler;
import io.eventroute.server.internal.ModelService;
import io.eventroute.server.internal.PemKeyStore;
import io.eventroute.server.internal.RouteService;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A running router whose routes and DTDL models are managed through the Azure Digital Twins
 * event-route and models REST APIs: routes live in {@link Router} and in a {@link RouteStore}, models
 * in the router and in the store when it is also a {@link ModelStore}; endpoints come from the caller. Start it
 * with {@link #start()}, stop it with {@link #close()} (the router is the caller's to close).
 * Thread-safe.
 */
public final class EventRouteServer implements AutoCloseable {
    private final Router router;
    private final ServerSettings settings;
    private final RouteStore store;
    private final List<EventRoute> initialRoutes;
    private final Map<String, Map<String, String>> endpointSettings;
    private final Limits limits;
    private Server jetty;
    private RouteService routes;
    private ModelService models;
    private final List<String> initialModels;
    private List<String> startProblems = List.of();

    private EventRouteServer(Builder b) {
        this.router = Objects.requireNonNull(b.router, "router");
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.store = Objects.requireNonNull(b.store, "store");
        this.initialRoutes = List.copyOf(b.initialRoutes);
        this.initialModels = List.copyOf(b.initialModels);
        this.endpointSettings = Map.copyOf(b.endpointSettings);
        this.limits = b.limits;
    }

    /** A builder for a server over {@code router}, listening as {@code settings} say, keeping routes in {@code store}. */
    public static Builder builder(Router router, ServerSettings settings, RouteStore store) {
        return new Builder(router, settings, store);
    }

    /**
     * Upserts the initial routes into the store, routes every stored route, and starts accepting
     * connections. A stored route that cannot be routed (its endpoint is gone, its filter no longer
     * compiles) is kept and reported by {@link #startProblems()}, as is a configured model whose id is
     * stored with another document; neither fails the start. Models are loaded before routes.
     *
     * @throws IllegalArgumentException when the settings cannot be served (a non-loopback address
     *     without TLS, unusable PEM files); nothing is left running
     * @throws IllegalStateException when the port cannot be bound; nothing is left running
     */
    public synchronized void start() {
        if (jetty != null) {
            throw new IllegalStateException("the server is already started");
        }
        requireLoopbackWithoutTls(settings);
        KeyStore keyStore = null;
        char[] password = null;
        if (settings.tls() != null) {
            password = randomPassword();
            keyStore = PemKeyStore.load(settings.tls().certificate(), settings.tls().privateKey(), password);
        }
        // Models first: the stored routes' IS_OF_MODEL are then filed under them from the start.
        models = store instanceof ModelStore ms ? new ModelService(router, ms, null)
                : new ModelService(router, null, "its route store (" + store.getClass().getSimpleName()
                        + ") keeps no models; use the SQLite store (serve.store.path) to manage models");
        List<String> problems = new ArrayList<>(models.start(initialModels));
        routes = new RouteService(router, store, settings.maxRoutes());
        problems.addAll(routes.start(initialRoutes));
        startProblems = List.copyOf(problems);

        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("eventroute-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        ServerConnector connector;
        if (keyStore != null) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStore(keyStore);
            tls.setKeyStorePassword(new String(password));
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        // A client silent this long, mid-request or between keep-alive requests, is disconnected.
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        server.addConnector(connector);
        // A request that sent events waits for their delivery, so its answer must come before the
        // connection's idle timeout closes it.
        java.time.Duration ack = settings.idleTimeout().minusSeconds(2);
        server.setHandler(new ApiHandler(router, routes, models, endpointSettings, settings.tokens(),
                settings.maxRequestBytes(), limits, ack.compareTo(java.time.Duration.ofSeconds(1)) < 0
                        ? java.time.Duration.ofSeconds(1) : ack));
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // Already failing; the start failure is what the caller needs to see.
            }
            throw new IllegalStateException("cannot listen on " + settings.host() + ":" + settings.port() + " ("
                    + e.getMessage() + ")", e);
        }
        jetty = server;
    }

    private static void requireLoopbackWithoutTls(ServerSettings settings) {
        if (settings.tls() != null) {
            return;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(settings.host())) {
                if (!a.isLoopbackAddress()) {
                    throw new IllegalArgumentException("without tls the server listens only on a loopback address "
                            + "(127.0.0.1, ::1, localhost), not " + settings.host());
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown listen address " + settings.host(), e);
        }
    }

    private static char[] randomPassword() {
        SecureRandom random = new SecureRandom();
        char[] p = new char[24];
        for (int i = 0; i < p.length; i++) {
            p[i] = (char) ('a' + random.nextInt(26));
        }
        return p;
    }

    /** The port the server listens on (the one picked when the settings said 0). */
    public synchronized int port() {
        requireStarted();
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /** The server's base URI, {@code https://host:port} or {@code http://host:port}. */
    public synchronized URI uri() {
        requireStarted();
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return URI.create((settings.tls() != null ? "https" : "http") + "://" + host + ":" + port());
    }

    /** The stored routes that are not routed, one line each with the route's id and the problem. */
    public synchronized List<String> startProblems() {
        return startProblems;
    }

    /** The number of stored models. */
    public synchronized int modelCount() {
        requireStarted();
        return models.size();
    }

    /** The number of stored routes. */
    public synchronized int routeCount() {
        requireStarted();
        return routes.size();
    }

    /** Stops accepting connections and finishes the requests in progress; the store is closed. */
    @Override
    public synchronized void close() {
        if (jetty != null) {
            try {
                jetty.stop();
            } catch (Exception e) {
                System.getLogger(EventRouteServer.class.getName()).log(System.Logger.Level.WARNING,
                        "stopping the HTTP server failed", e);
            }
            jetty = null;
        }
        store.close();
    }

    private void requireStarted() {
        if (jetty == null) {
            throw new IllegalStateException("the server is not started");
        }
    }

    /** Builds an {@link EventRouteServer}. Not thread-safe. */
    public static final class Builder {
        private final Router router;
        private final ServerSettings settings;
        private final RouteStore store;
        private final List<EventRoute> initialRoutes = new ArrayList<>();
        private final List<String> initialModels = new ArrayList<>();
        private final Map<String, Map<String, String>> endpointSettings = new LinkedHashMap<>();
        private Limits limits = Limits.DEFAULT;

        private Builder(Router router, ServerSettings settings, RouteStore store) {
            this.router = router;
            this.settings = settings;
            this.store = store;
        }

        /** Routes upserted into the store at start (the configuration file's). */
        public Builder initialRoutes(List<EventRoute> routes) {
            initialRoutes.addAll(routes);
            return this;
        }

        /**
         * DTDL interfaces (JSON text, one each) added to the stored models at start when their id is not
         * stored yet (the configuration file's); the store must keep models.
         */
        public Builder initialModels(List<String> documents) {
            initialModels.addAll(documents);
            return this;
        }

        /**
         * The settings of endpoint {@code name}, of which {@code GET /endpoints} shows only those known
         * to hold no secret (URLs without their query).
         */
        public Builder endpointSettings(String name, Map<String, String> settings) {
            endpointSettings.put(name, Map.copyOf(settings));
            return this;
        }

        /** The limits {@code POST /filters:validate} compiles with (the router's own apply to routes). */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** A server with these settings, not started. */
        public EventRouteServer build() {
            return new EventRouteServer(this);
        }
    }
}
