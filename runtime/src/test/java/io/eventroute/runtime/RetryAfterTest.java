package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.internal.RetryAfter;
import io.eventroute.runtime.endpoint.webhook.WebhookEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The wait a service asks for (Retry-After, server busy): read, passed on, honoured and capped. */
class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");

    @Test
    void readsSecondsMillisecondsAndDates() {
        assertEquals(Duration.ofSeconds(7), RetryAfter.of(Map.of("retry-after", " 7 ")::get, NOW));
        assertEquals(Duration.ofMillis(250), RetryAfter.of(Map.of("retry-after-ms", "250", "retry-after", "9")::get, NOW));
        assertEquals(Duration.ofMillis(40), RetryAfter.of(Map.of("x-ms-retry-after-ms", "40")::get, NOW));
        assertEquals(Duration.ofSeconds(90),
                RetryAfter.of(Map.of("retry-after", "Wed, 02 Dec 2026 03:01:30 GMT")::get, NOW));
        assertEquals(Duration.ZERO, RetryAfter.of(Map.of("retry-after", "Wed, 02 Dec 2026 02:00:00 GMT")::get, NOW));
        assertEquals(Duration.ofHours(24), RetryAfter.of(Map.of("retry-after", "99999999999")::get, NOW));
        assertNull(RetryAfter.of(Map.of("retry-after", "soon")::get, NOW));
        assertNull(RetryAfter.of(Map.of("retry-after", "-3")::get, NOW));
        assertNull(RetryAfter.of(Map.<String, String>of()::get, NOW));
    }

    @Test
    void theWebhookPassesOnTheRetryAfterOfA429Or503() throws Exception {
        try (ScriptedServer server = new ScriptedServer(n -> n == 1 ? 503 : n == 2 ? 429 : 500)) {
            server.retryAfter("7");
            EndpointSender hook = WebhookEndpoint.create("hook", Map.of("url", server.url("/x")));
            OutgoingEvent e = new OutgoingEvent("r", "e1", "t1", Events.twinUpdate("e1", "t1", 1), Map.of(), null, null);
            for (int status : new int[] {503, 429}) {
                DeliveryException busy = assertThrows(DeliveryException.class,
                        () -> hook.send(null, List.of(e), Duration.ofSeconds(10)));
                assertEquals(Duration.ofSeconds(7), busy.retryAfter().orElseThrow(), "HTTP " + status);
            }
            DeliveryException other = assertThrows(DeliveryException.class,
                    () -> hook.send(null, List.of(e), Duration.ofSeconds(10)));
            assertEquals(java.util.Optional.empty(), other.retryAfter(), "only 429 and 503 ask to wait");
        }
    }

    /** Fails its first send asking to wait {@code wait}, then delivers. */
    private static final class Busy implements EndpointSender {
        final AtomicInteger sends = new AtomicInteger();
        final Duration wait;

        Busy(Duration wait) {
            this.wait = wait;
        }

        @Override
        public void send(String entity, List<OutgoingEvent> batch, Duration timeout) throws DeliveryException {
            if (sends.incrementAndGet() == 1) {
                throw new DeliveryException("busy (test)", true, null, wait);
            }
        }

        @Override
        public void close() {
        }
    }

    /**
     * The worker waits what the service asked rather than its backoff (here ten minutes: a retry after
     * it would never come within the test), and never longer than maxBackoff.
     */
    @Test
    void theWorkerWaitsWhatTheServiceAskedCappedByMaxBackoff() throws Exception {
        for (Duration asked : new Duration[] {Duration.ZERO, Duration.ofHours(1)}) {
            Busy busy = new Busy(asked);
            Duration maxBackoff = asked.isZero() ? Duration.ofMinutes(10) : Duration.ofMillis(10);
            EndpointKinds kinds = EndpointKinds.defaultsBuilder().add("busy", (n, s) -> busy).build();
            try (Router router = Router.builder().endpointKinds(kinds).delivery(DeliveryOptions.defaults()
                    .withBackoff(maxBackoff, maxBackoff).withMaxRetryTime(Duration.ofHours(2))).build()) {
                router.putEndpoint("b", "busy", Map.of());
                router.putRoute("r", "b", "true");
                router.route(Events.twinUpdate("e1", "t1", 1));
                Conditions.await("the retry after " + asked, () -> router.stats().endpoint("b").delivered() == 1);
                assertEquals(2, busy.sends.get());
            }
        }
    }
}
