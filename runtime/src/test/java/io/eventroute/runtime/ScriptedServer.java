package io.eventroute.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * A real HTTP server on 127.0.0.1 answering each request as a script says: a status code, {@link #DROP}
 * (close the connection without an answer) or a delay. Records every request. Thread-safe.
 */
final class ScriptedServer implements AutoCloseable {
    /** Close the connection without answering. */
    static final int DROP = -1;

    /** One received request and the answer it got. */
    record Request(int number, String path, String contentType, String authorization, String body, int status,
            String method, String webhookRequestOrigin) {
        boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpServer server;
    // As many threads as requests in flight: endpoints send many at once.
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger counter = new AtomicInteger();
    private final List<Request> requests = new ArrayList<>();
    private final BiFunction<Integer, String, Integer> script;
    private volatile long delayMillis;
    private volatile String retryAfter;

    /** {@code script} maps the 1-based request number to the status (or {@link #DROP}). */
    ScriptedServer(IntFunction<Integer> script) throws IOException {
        this((n, body) -> script.apply(n));
    }

    /** {@code script} maps the 1-based request number and the body to the status (or {@link #DROP}). */
    ScriptedServer(BiFunction<Integer, String, Integer> script) throws IOException {
        this.script = script;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    void delay(long millis) {
        this.delayMillis = millis;
    }

    /** A {@code Retry-After} header for every 429 and 503 answer (null for none). */
    void retryAfter(String value) {
        this.retryAfter = value;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange ex) throws IOException {
        int n = counter.incrementAndGet();
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = script.apply(n, body);
        synchronized (requests) {
            requests.add(new Request(n, ex.getRequestURI().toString(), ex.getRequestHeaders().getFirst("Content-Type"),
                    ex.getRequestHeaders().getFirst("Authorization"), body, status,
                    ex.getRequestMethod(), ex.getRequestHeaders().getFirst("WebHook-Request-Origin")));
        }
        if (status == DROP) {
            ex.close();
            return;
        }
        String wait = retryAfter;
        if (wait != null && (status == 429 || status == 503)) {
            ex.getResponseHeaders().add("Retry-After", wait);
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> accepted() {
        List<Request> out = new ArrayList<>();
        for (Request r : requests()) {
            if (r.accepted()) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
