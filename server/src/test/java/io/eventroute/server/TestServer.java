package io.eventroute.server;

import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.Router;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A server over a router with memory and webhook endpoints, on loopback, and a JDK client that trusts it. */
final class TestServer implements AutoCloseable {
    static final String ADMIN = "admin-token-0123456789";
    static final String READER = "reader-token-0123456789";
    static final String SENDER = "sender-token-0123456789";
    static final String API = "api-version=2023-10-31";

    final Router router;
    final EventRouteServer server;
    final HttpClient client;

    private TestServer(Router router, EventRouteServer server, HttpClient client) {
        this.router = router;
        this.server = server;
        this.client = client;
    }

    static List<AccessToken> tokens() {
        return List.of(new AccessToken(ADMIN, EnumSet.of(Role.ROUTES_READ, Role.ROUTES_WRITE, Role.EVENTS_SEND)),
                new AccessToken(READER, EnumSet.of(Role.ROUTES_READ)),
                new AccessToken(SENDER, EnumSet.of(Role.EVENTS_SEND)));
    }

    /** Plain HTTP on 127.0.0.1, store in {@code storeDir}. */
    static TestServer start(Path storeDir, ServerSettings settings, List<EventRoute> initial) {
        return start(storeDir, settings, initial, List.of());
    }

    /** As above, with DTDL models (JSON text) from the configuration. */
    static TestServer start(Path storeDir, ServerSettings settings, List<EventRoute> initial, List<String> models) {
        return start(storeDir, settings, initial, models, null);
    }

    /** As {@link #start(Path)}, with a router that keeps the twin -> model map {@code twins}. */
    static TestServer start(Path storeDir, io.eventroute.runtime.TwinModels twins) {
        return start(storeDir, ServerSettings.of("127.0.0.1", 0, tokens()), List.of(), List.of(), twins);
    }

    private static TestServer start(Path storeDir, ServerSettings settings, List<EventRoute> initial, List<String> models,
            io.eventroute.runtime.TwinModels twins) {
        Router router = Router.builder().twinModels(twins).build();
        router.putEndpoint("archive", "memory", Map.of());
        router.putEndpoint("alerts", "memory", Map.of());
        Map<String, String> hook = Map.of("url", "http://127.0.0.1:9/hook?code=s3cret-query",
                "header.Authorization", "Bearer s3cret-header");
        router.putEndpoint("hook", "webhook", hook);
        EventRouteServer server = EventRouteServer.builder(router, settings, SqliteRouteStore.open(storeDir))
                .initialRoutes(initial).initialModels(models).endpointSettings("hook", hook).build();
        try {
            server.start();
        } catch (RuntimeException e) {
            router.close();
            throw e;
        }
        return new TestServer(router, server, settings.tls() == null ? HttpClient.newHttpClient() : tlsClient());
    }

    static TestServer start(Path storeDir) {
        return start(storeDir, ServerSettings.of("127.0.0.1", 0, tokens()), List.of());
    }

    /** The sender of endpoint "held": its sends wait until the test releases them. */
    static final HeldSender HELD = new HeldSender();

    /** A sender whose sends wait until released; one per test class run (tests reset it). */
    static final class HeldSender implements io.eventroute.runtime.endpoint.EndpointSender {
        private volatile java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
        private volatile java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        void reset() {
            sending = new java.util.concurrent.CountDownLatch(1);
            released = new java.util.concurrent.CountDownLatch(1);
        }

        void awaitSending() {
            try {
                if (!sending.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new AssertionError("nothing reached the held endpoint's send in 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        void release() {
            released.countDown();
        }

        @Override
        public void send(String entity, List<io.eventroute.runtime.endpoint.OutgoingEvent> batch, Duration timeout) {
            sending.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            released.countDown();
        }
    }

    /** As {@link #start(Path)}, plus endpoint "held" (queue of one event, no linger) whose sends {@link #HELD} holds. */
    static TestServer startWithHeldEndpoint(Path storeDir) {
        HELD.reset();
        Router router = Router.builder().endpointKinds(io.eventroute.runtime.EndpointKinds.defaultsBuilder()
                .add("held", (n, s) -> HELD).build()).build();
        router.putEndpoint("archive", "memory", Map.of());
        router.putEndpoint("alerts", "memory", Map.of());
        router.putEndpoint("held", "held", Map.of(), io.eventroute.runtime.DeliveryOptions.defaults()
                .withQueueCapacity(1).withLinger(Duration.ZERO));
        EventRouteServer server = EventRouteServer.builder(router, ServerSettings.of("127.0.0.1", 0, tokens()),
                SqliteRouteStore.open(storeDir)).build();
        server.start();
        return new TestServer(router, server, HttpClient.newHttpClient());
    }

    /** A sender that refuses every event (a permanent failure) while {@link #refusing} is set. */
    static final class SwitchableSender implements io.eventroute.runtime.endpoint.EndpointSender {
        final java.util.concurrent.atomic.AtomicBoolean refusing = new java.util.concurrent.atomic.AtomicBoolean(true);
        final java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        /** When set, a send counts {@code sending} down and then waits for it to be released. */
        volatile java.util.concurrent.CountDownLatch sending;
        final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void send(String entity, List<io.eventroute.runtime.endpoint.OutgoingEvent> batch, Duration timeout)
                throws io.eventroute.runtime.endpoint.DeliveryException {
            java.util.concurrent.CountDownLatch s = sending;
            if (s != null) {
                s.countDown();
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (refusing.get()) {
                throw new io.eventroute.runtime.endpoint.DeliveryException("the test peer refuses events for now", false);
            }
            delivered.addAndGet(batch.size());
        }

        @Override
        public void close() {
            released.countDown();
        }
    }

    /**
     * As {@link #start(Path)}, with dead letters kept in {@code deadLetters} and endpoint "flaky" whose sends
     * {@code flaky} decides.
     */
    static TestServer startWithDeadLetters(Path storeDir, Path deadLetters, SwitchableSender flaky) {
        Router router = Router.builder().deadLetterDirectory(deadLetters).endpointKinds(
                io.eventroute.runtime.EndpointKinds.defaultsBuilder().add("flaky", (n, s) -> flaky).build()).build();
        router.putEndpoint("archive", "memory", Map.of());
        router.putEndpoint("flaky", "flaky", Map.of());
        EventRouteServer server = EventRouteServer.builder(router, ServerSettings.of("127.0.0.1", 0, tokens()),
                SqliteRouteStore.open(storeDir)).build();
        server.start();
        return new TestServer(router, server, HttpClient.newHttpClient());
    }

    /** A client that trusts exactly the test certificate. */
    static HttpClient tlsClient() {
        return HttpClient.newBuilder().sslContext(trustingTestCertificate()).connectTimeout(Duration.ofSeconds(10)).build();
    }

    static SSLContext trustingTestCertificate() {
        try (InputStream in = TestServer.class.getResourceAsStream("/tls-cert.pem")) {
            Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("test", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(TestServer.class.getResource("/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    URI uri(String pathAndQuery) {
        return URI.create(server.uri() + pathAndQuery);
    }

    HttpResponse<String> send(String method, String pathAndQuery, String token, String body) {
        return send(method, pathAndQuery, token, body, "application/json");
    }

    HttpResponse<String> send(String method, String pathAndQuery, String token, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null && contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> put(String id, String body) {
        return send("PUT", "/eventroutes/" + id + "?" + API, ADMIN, body);
    }

    /** The body of {@code r} as JSON; an assertion error when it is not. */
    static com.fasterxml.jackson.databind.JsonNode json(HttpResponse<String> r) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** {@code r} is ADT's error {@code code} with {@code status}, in the body and the x-ms-error-code header, with a message containing {@code inMessage}. */
    static void assertError(HttpResponse<String> r, int status, String code, String inMessage) {
        org.junit.jupiter.api.Assertions.assertEquals(status, r.statusCode(), r.body());
        org.junit.jupiter.api.Assertions.assertEquals(code, json(r).path("error").path("code").asText(), r.body());
        org.junit.jupiter.api.Assertions.assertEquals(code, r.headers().firstValue("x-ms-error-code").orElse(null));
        String message = json(r).path("error").path("message").asText();
        org.junit.jupiter.api.Assertions.assertTrue(message.length() > 10 && message.contains(inMessage), r.body());
    }

    @Override
    public void close() {
        server.close();
        router.close();
    }
}
