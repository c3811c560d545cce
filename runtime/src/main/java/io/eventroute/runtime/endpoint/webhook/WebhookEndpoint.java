package io.eventroute.runtime.endpoint.webhook;

import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.internal.RetryAfter;
import io.eventroute.runtime.endpoint.internal.SafeCauses;
import io.eventroute.runtime.internal.Settings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code webhook} endpoint kind: POSTs events with the JDK HTTP client, one structured-mode
 * CloudEvent per request ({@code application/cloudevents+json}), or, with {@code batch=true}, a JSON
 * array of them ({@code application/cloudevents-batch+json}). 2xx is success; 408, 429, 5xx, timeouts
 * and connection failures are transient (a 429 or 503 passes on the {@code Retry-After} it carries);
 * any other status is permanent.
 *
 * <p>Settings: {@code url} (required, http or https), {@code connectTimeout} (default 10s),
 * {@code batch} (default false), {@code maxBatchCount} (default 100 when batching), {@code maxBatchBytes}
 * (default 1 MiB), and {@code header.<Name>} for extra request headers (such as authorization). A
 * route's topic, when given, is appended to the URL's path as one more segment. The URL and headers may
 * hold secrets, so no message names them. Thread-safe.
 */
public final class WebhookEndpoint implements EndpointSender {
    private static final Set<String> KNOWN = Set.of("url", "connectTimeout", "batch", "maxBatchCount", "maxBatchBytes");
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade");

    private final String name;
    private final URI url;
    private final boolean batch;
    private final int maxBatchCount;
    private final long maxBatchBytes;
    private final Map<String, String> headers;
    private final HttpClient client;
    // Keeps the client's exception as a cause, with the URL and header values scrubbed from it.
    private final List<String> secrets;

    private WebhookEndpoint(String name, URI url, boolean batch, int maxBatchCount, long maxBatchBytes,
            Map<String, String> headers, HttpClient client) {
        this.name = name;
        this.url = url;
        this.batch = batch;
        this.maxBatchCount = maxBatchCount;
        this.maxBatchBytes = maxBatchBytes;
        this.headers = headers;
        this.client = client;
        List<String> secrets = new ArrayList<>(headers.values());
        secrets.add(url.toString());
        secrets.add(url.getRawQuery());
        this.secrets = secrets;
    }

    /** The factory of the {@code webhook} kind. */
    public static WebhookEndpoint create(String endpointName, Map<String, String> settings) {
        Settings s = new Settings(endpointName, settings).allowOnly(KNOWN, "header.");
        URI url;
        try {
            url = new URI(s.required("url"));
        } catch (URISyntaxException e) {
            throw s.problem("the setting 'url' is not a valid URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw s.problem("the setting 'url' must be an absolute http or https URL");
        }
        Map<String, String> headers = s.withPrefix("header.");
        for (String h : headers.keySet()) {
            if (RESTRICTED_HEADERS.contains(h.toLowerCase(Locale.ROOT)) || h.equalsIgnoreCase("content-type")) {
                throw s.problem("the header '" + h + "' cannot be set");
            }
        }
        boolean batch = s.flag("batch", false);
        int maxCount = batch ? s.positiveInt("maxBatchCount", 100) : 1;
        if (!batch && settings.containsKey("maxBatchCount") && s.positiveInt("maxBatchCount", 1) != 1) {
            throw s.problem("the setting 'maxBatchCount' needs batch=true");
        }
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(s.duration("connectTimeout", Duration.ofSeconds(10)))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new WebhookEndpoint(endpointName, url, batch, maxCount,
                s.positiveLong("maxBatchBytes", 1024L * 1024), Map.copyOf(headers), client);
    }

    @Override
    public void send(String entity, List<OutgoingEvent> events, Duration timeout) throws DeliveryException {
        byte[] body;
        String contentType;
        if (batch) {
            body = jsonArray(events);
            contentType = "application/cloudevents-batch+json";
        } else if (events.size() == 1) {
            body = events.get(0).structuredJson();
            contentType = "application/cloudevents+json";
        } else {
            throw new IllegalArgumentException("webhook endpoint '" + name + "' takes one event per request");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target(entity))
                .timeout(timeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<Void> response = exchange(request.build(), timeout);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        boolean retry = status == 408 || status == 429 || status >= 500;
        Duration wait = status == 429 || status == 503
                ? RetryAfter.of(h -> response.headers().firstValue(h).orElse(null), Instant.now()) : null;
        throw failure("answered HTTP " + status, retry, null, wait);
    }

    /**
     * Sends the CloudEvents webhook validation request ({@code OPTIONS} with {@code
     * WebHook-Request-Origin}, and the endpoint's headers): any HTTP answer means the host is reachable
     * (a receiver may refuse the method); the first send checks the rest.
     */
    @Override
    public void verify(Duration timeout) throws DeliveryException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("WebHook-Request-Origin", "eventroute")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        exchange(request.build(), timeout);
    }

    private HttpResponse<Void> exchange(HttpRequest request, Duration timeout) throws DeliveryException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (HttpConnectTimeoutException e) {
            throw failure("could not connect in time", true, e);
        } catch (HttpTimeoutException e) {
            throw failure("no answer within " + timeout.toMillis() + " ms", true, e);
        } catch (ConnectException e) {
            throw failure("connection refused or unreachable", true, e);
        } catch (IOException e) {
            // Messages of the client's I/O errors can quote the request URL; the class is enough.
            throw failure("the connection failed (" + e.getClass().getSimpleName() + ")", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted", true, e);
        }
    }

    // The cause is kept scrubbed: a client's message can quote the URL.
    private DeliveryException failure(String what, boolean retry, Throwable cause) {
        return failure(what, retry, cause, null);
    }

    private DeliveryException failure(String what, boolean retry, Throwable cause, Duration retryAfter) {
        return new DeliveryException("webhook endpoint '" + name + "' " + what, retry, SafeCauses.of(cause, secrets),
                retryAfter);
    }

    private URI target(String entity) {
        if (entity == null) {
            return url;
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String segment = URLEncoder.encode(entity, StandardCharsets.UTF_8).replace("+", "%20");
        String joined = (path.endsWith("/") ? path : path + "/") + segment;
        String s = url.getScheme() + "://" + url.getRawAuthority() + joined
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        return URI.create(s);
    }

    private static byte[] jsonArray(List<OutgoingEvent> events) {
        int size = 2;
        for (OutgoingEvent e : events) {
            size += e.structuredJson().length + 1;
        }
        byte[] out = new byte[size];
        int at = 0;
        out[at++] = '[';
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            byte[] json = events.get(i).structuredJson();
            System.arraycopy(json, 0, out, at, json.length);
            at += json.length;
        }
        out[at++] = ']';
        return java.util.Arrays.copyOf(out, at);
    }

    /**
     * 32: one request per event (or batch) and a round trip of 10-50 ms to a remote receiver, so 32 in
     * flight reach 600-3,000 requests/s; the JDK client opens a connection per request in flight.
     */
    @Override
    public int defaultConcurrency() {
        return 32;
    }

    @Override
    public int maxBatchCount() {
        return maxBatchCount;
    }

    @Override
    public long maxBatchBytes() {
        return maxBatchBytes;
    }

    /** Nothing to release: the JDK client's connections close when idle. */
    @Override
    public void close() {
    }
}
