package io.eventroute.runtime.endpoint.eventgrid;

import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.util.BinaryData;
import com.azure.messaging.eventgrid.EventGridEvent;
import com.azure.messaging.eventgrid.EventGridPublisherAsyncClient;
import com.azure.messaging.eventgrid.EventGridPublisherClientBuilder;
import io.eventroute.runtime.DeliveryOptions;
import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.internal.Await;
import io.eventroute.runtime.endpoint.internal.DeliveryFailures;
import io.eventroute.runtime.endpoint.internal.EndpointSettings;
import io.eventroute.runtime.endpoint.internal.KindSpecs;
import com.fasterxml.jackson.databind.util.RawValue;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends events to an Azure Event Grid topic with the Azure SDK's publisher client, authenticated with
 * the topic's key ({@code aeg-sas-key}): in the CloudEvents schema (the event as it is), or in the
 * Event Grid schema the way Azure Digital Twins writes it ({@code {id, subject, eventType, eventTime,
 * dataVersion: "1.0", data: {data, contenttype, traceparent, dataschema}}}). A batch is one request
 * with a JSON array, all or nothing. The topic is the endpoint's URL, so a route's topic is not used.
 * Thread-safe: the dispatcher sends several batches at once.
 */
public final class EventGridSender implements EndpointSender {
    // Event Grid takes at most 1 MB per request; the Event Grid schema adds a little per event.
    private static final long MAX_BATCH_BYTES = 768L * 1024L;
    private static final int MAX_BATCH_COUNT = 100;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final String CLOUD_EVENTS_BATCH = "application/cloudevents-batch+json; charset=utf-8";

    private final boolean cloudEventsSchema;
    private final String endpoint;
    private final HttpClient httpClient;
    private final DeliveryFailures failures;
    private final ConnectionProvider connections;
    private final EventGridPublisherAsyncClient<BinaryData> cloudEventClient;
    private final EventGridPublisherAsyncClient<EventGridEvent> eventGridClient;

    private EventGridSender(EndpointSettings settings, String endpoint, String key, boolean cloudEventsSchema,
            SslContext ssl) {
        this.cloudEventsSchema = cloudEventsSchema;
        this.endpoint = endpoint;
        this.failures = new DeliveryFailures(settings.describe(), key);
        // As many connections as the dispatcher may have sends in flight (one request per HTTP/1.1
        // connection), and no limit on sends waiting for one: the pool's defaults (a few connections, a
        // short waiting line that refuses the rest) capped an endpoint at 4 sends at a time and failed the
        // sends beyond 12 as transient errors until their retries ran out.
        this.connections = ConnectionProvider.builder("eventroute-eventgrid-" + settings.endpointName())
                .maxConnections(DeliveryOptions.MAX_CONCURRENCY)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(60))
                .build();
        reactor.netty.http.client.HttpClient reactorClient = reactor.netty.http.client.HttpClient.create(connections);
        if (ssl != null) {
            reactorClient = reactorClient.secure(spec -> spec.sslContext(ssl));
        }
        this.httpClient = new NettyAsyncHttpClientBuilder(reactorClient)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
        EventGridPublisherClientBuilder builder = new EventGridPublisherClientBuilder()
                .endpoint(endpoint)
                .credential(new AzureKeyCredential(key))
                .httpClient(httpClient)
                // No SDK retries: the dispatcher retries with backoff, and each send keeps its own timeout.
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))));
        if (cloudEventsSchema) {
            // The events go as they came (the SDK's CloudEvent model would rewrite e.g. the time's
            // digits), so they are sent as custom events with the CloudEvents batch content type.
            builder.addPolicy((context, next) -> {
                context.getHttpRequest().setHeader(HttpHeaderName.CONTENT_TYPE, CLOUD_EVENTS_BATCH);
                return next.process();
            });
            this.cloudEventClient = builder.buildCustomEventPublisherAsyncClient();
            this.eventGridClient = null;
        } else {
            this.cloudEventClient = null;
            this.eventGridClient = builder.buildEventGridEventPublisherAsyncClient();
        }
    }

    /**
     * A sender for endpoint {@code endpointName} with settings {@code endpoint} (the topic's https
     * URL), {@code key} (the topic's access key), {@code schema} ({@code cloudevents}, the default, or
     * {@code eventgrid}) and {@code trustCertificate} (optional: a PEM file of certificates to trust
     * besides the system's, for emulators and TLS-inspecting proxies).
     *
     * @throws IllegalArgumentException naming the endpoint and the setting that is missing or wrong
     */
    public static EndpointSender create(String endpointName, Map<String, String> settings) {
        EndpointSettings read = EndpointSettings.of(KindSpecs.EVENTGRID, endpointName, settings);
        String endpoint = EventGridSettings.endpoint(read, "endpoint");
        String key = read.required("key");
        String schema = read.optional("schema");
        boolean cloudEvents;
        if (schema == null || schema.toLowerCase(Locale.ROOT).equals("cloudevents")) {
            cloudEvents = true;
        } else if (schema.toLowerCase(Locale.ROOT).equals("eventgrid")) {
            cloudEvents = false;
        } else {
            throw read.invalid("schema", "must be 'cloudevents' or 'eventgrid', not '" + schema + "'");
        }
        SslContext ssl = EventGridSettings.trust(read, "trustCertificate");
        return new EventGridSender(read, endpoint, key, cloudEvents, ssl);
    }

    @Override
    public void send(String entity, List<OutgoingEvent> batch, Duration timeout) throws DeliveryException {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(timeout, "timeout");
        if (batch.isEmpty()) {
            return;
        }
        long deadline = Await.deadline(timeout);
        String action = "sending " + batch.size() + " event(s)";
        try {
            if (cloudEventsSchema) {
                List<BinaryData> events = new ArrayList<>(batch.size());
                for (OutgoingEvent event : batch) {
                    // A raw value is written into the array as it is; bytes would go as base64, a string quoted.
                    events.add(BinaryData.fromObject(
                            new RawValue(new String(event.structuredJson(), StandardCharsets.UTF_8))));
                }
                Await.until(deadline, cloudEventClient.sendEvents(events));
            } else {
                List<EventGridEvent> events = new ArrayList<>(batch.size());
                for (OutgoingEvent event : batch) {
                    events.add(EventGridSchema.toEventGridEvent(event));
                }
                Await.until(deadline, eventGridClient.sendEvents(events));
            }
        } catch (RuntimeException e) {
            throw failures.classify(action, e);
        }
    }

    /**
     * Makes one request without the key ({@code HEAD} on the topic's URL) over the connections sends
     * use: any HTTP answer means the host is reachable and its certificate trusted; the key is checked
     * by the first send.
     */
    @Override
    public void verify(Duration timeout) throws DeliveryException {
        long deadline = Await.deadline(timeout);
        try {
            Await.until(deadline, httpClient.send(new HttpRequest(HttpMethod.HEAD, endpoint))
                    .doOnNext(HttpResponse::close).then());
        } catch (RuntimeException e) {
            throw failures.classify("connecting", e);
        }
    }

    /**
     * 16: batches of up to 100 events each, one connection each, so a region 20 ms away takes 20,000 events/s
     * and more (benchmarks/README.md). The service's throttling answers 429 with Retry-After, which delivery
     * honours.
     */
    @Override
    public int defaultConcurrency() {
        return 16;
    }

    @Override
    public int maxBatchCount() {
        return MAX_BATCH_COUNT;
    }

    @Override
    public long maxBatchBytes() {
        return MAX_BATCH_BYTES;
    }

    @Override
    public void close() {
        try {
            connections.disposeLater().block(CLOSE_WAIT);
        } catch (RuntimeException e) {
            // Closing is best effort: the connections die with their peer or the JVM.
        }
    }
}
