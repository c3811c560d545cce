package io.eventroute.runtime.endpoint.peers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A JDK HTTPS server on 127.0.0.1 with the committed self-signed test certificate
 * ({@code tls/https-peer.p12}, CN and SAN 127.0.0.1; its certificate is {@code tls/https-peer.pem}),
 * that records every request and answers with scripted replies: a status code, or a dropped
 * connection; then with its responder's reply; else 200. Thread-safe.
 *
 * <p>The key store was made with {@code keytool -genkeypair -alias test -keyalg EC -groupname
 * secp256r1 -validity 36500 -dname CN=127.0.0.1 -ext SAN=ip:127.0.0.1,dns:localhost -storetype
 * PKCS12 -storepass changeit}, and the PEM with {@code keytool -exportcert -rfc}.
 */
public final class HttpsPeer implements AutoCloseable {
    private static final char[] PASSWORD = "changeit".toCharArray();

    /** A request as the server saw it; header names are lower case. */
    public record Request(String method, String path, String query, Map<String, String> headers, byte[] body) {
        /** The body as UTF-8 text. */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The value of header {@code name} (any case), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * A scripted reply: a status with an empty body, or a connection closed without any reply (status
     * -1), after a delay.
     */
    public record Reply(int status, long delayMillis) {
        /** Reply with {@code status}. */
        public static Reply status(int status) {
            return new Reply(status, 0);
        }

        /** Reply with {@code status} after {@code delayMillis}. */
        public static Reply slow(int status, long delayMillis) {
            return new Reply(status, delayMillis);
        }

        /** Close the connection without replying. */
        public static Reply drop() {
            return new Reply(-1, 0);
        }
    }

    /** A request and the status it was answered with (-1: the connection was dropped). */
    public record Answer(Request request, int status) {
        /** True when the reply was a 2xx status, so the client saw its events accepted. */
        public boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final Deque<Reply> script = new ArrayDeque<>();
    private volatile Function<Request, Reply> responder = request -> null;

    private HttpsPeer(HttpsServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static HttpsPeer start() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = HttpsPeer.class.getResourceAsStream("/tls/https-peer.p12")) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        // A thread per request in flight: senders send many at once.
        ExecutorService executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        HttpsPeer peer = new HttpsPeer(server, executor);
        server.createContext("/", peer::handle);
        server.start();
        return peer;
    }

    /** The path of the PEM file holding the server's certificate. */
    public static Path certificate() {
        return resource("/tls/https-peer.pem");
    }

    /** The path of a PEM file holding a certificate that is not the server's. */
    public static Path otherCertificate() {
        return resource("/tls/untrusted.pem");
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code https://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Queues replies for the next requests, in order. */
    public void script(Reply... replies) {
        synchronized (script) {
            script.addAll(List.of(replies));
        }
    }

    /**
     * Answers requests the script does not cover with {@code responder}'s reply (200 when it returns
     * null), e.g. a 400 for every request carrying one event.
     */
    public void respond(Function<Request, Reply> responder) {
        this.responder = responder;
    }

    /** Every request answered so far with its status, in the order the replies were chosen. */
    public List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** Every request so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(headers), body);
        requests.add(request);
        Reply reply;
        synchronized (script) {
            reply = script.poll();
        }
        if (reply == null) {
            reply = responder.apply(request);
        }
        if (reply == null) {
            reply = Reply.status(200);
        }
        answers.add(new Answer(request, reply.status()));
        if (reply.delayMillis() > 0) {
            try {
                Thread.sleep(reply.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (reply.status() < 0) {
            // Closing an exchange before its response headers closes the connection itself.
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(reply.status(), -1);
        try (OutputStream out = exchange.getResponseBody()) {
            out.flush();
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(HttpsPeer.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
