package io.eventroute.runtime.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.FilterCompilationException;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.runtime.Conditions;
import io.eventroute.runtime.DeliveryOptions;
import io.eventroute.runtime.EndpointKinds;
import io.eventroute.runtime.RouteTable;
import io.eventroute.runtime.Router;
import io.eventroute.runtime.RouterStats;
import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.memory.MemoryEndpoint;
import io.eventroute.runtime.endpoint.webhook.WebhookEndpoint;
import io.eventroute.runtime.event.InvalidEventException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an application embedding the runtime sees, through the public API only (this package sees
 * nothing else): issue 23's points.
 */
class EmbedderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Router router = Router.builder().build();

    @AfterEach
    void close() {
        router.close(Duration.ofSeconds(5));
    }

    static byte[] event(String id) {
        return ("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"type\":\"t\",\"source\":\"s\",\"data\":{}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countersSayOnlyWhatIsTrue() throws Exception {
        router.putEndpoint("mem", "memory", Map.of());
        assertThrows(FilterCompilationException.class, () -> router.putRoute("bad", "mem", "type = "));
        assertFalse(router.stats().routes().containsKey("bad"), "a putRoute that threw changes nothing");

        router.putRoute("r", "mem", "type = 't'");
        assertEquals(1, router.route(event("e1")));
        assertTrue(router.awaitIdle(Duration.ofSeconds(30)));
        assertEquals(1, router.stats().route("r").delivered());
        assertTrue(router.removeRoute("r"));
        RouterStats stats = router.stats();
        assertFalse(stats.routes().containsKey("r"), "a removed route's counters are dropped");
        assertEquals(1, stats.endpoint("mem").delivered(), "the endpoint's counters stay");

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> stats.route("never"));
        assertEquals("no route 'never' in these counters (routes: [])", unknown.getMessage());
    }

    @Test
    void absentValuesAreOptionalsNeverNull() {
        RouteTable<Void> table = RouteTable.create();
        table.put("a", "type = 't'");
        assertTrue(table.filter("a").isPresent());
        assertTrue(table.filter("missing").isEmpty());
        assertTrue(table.snapshot().filter("missing").isEmpty());
        assertTrue(table.index().filter("missing").isEmpty());

        CompileResult cesql = FilterCompiler.builder().dialect(Dialect.CESQL).build().compile("type = 't'");
        assertTrue(cesql.filter().orElseThrow().tree().isEmpty(), "a cesql filter has no adt tree");
        Diagnostic noSuggestion = new Diagnostic(DiagnosticCode.SYNTAX, "x", 0, 1, "m", null);
        assertTrue(noSuggestion.suggestion().isEmpty());

        InvalidEventException missing = assertThrows(InvalidEventException.class,
                () -> router.route("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\"}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertTrue(missing.line().isEmpty() && missing.column().isEmpty(), "no position: " + missing.getMessage());
        InvalidEventException syntax = assertThrows(InvalidEventException.class,
                () -> router.route("{\n  \"id\": }".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, syntax.line().orElseThrow());
        assertTrue(router.sender("missing", MemoryEndpoint.class).isEmpty());
    }

    /** A kind whose peer is always down: every send fails transiently, so its events are retried. */
    static EndpointKinds withDeadPeer() {
        return EndpointKinds.defaultsBuilder().add("dead", (name, settings) -> new EndpointSender() {
            @Override
            public void send(String entity, List<OutgoingEvent> batch, Duration timeout) throws DeliveryException {
                throw new DeliveryException("the connection failed", true, new IOException("refused"));
            }

            @Override
            public void close() {
            }
        }).build();
    }

    /** Retries for as long as a test runs, and an hour to drain: the router's defaults here. */
    static final DeliveryOptions PATIENT = DeliveryOptions.defaults().withMaxAttempts(1_000_000)
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).withMaxRetryTime(Duration.ofHours(1))
            .withCloseTimeout(Duration.ofHours(1));

    @Test
    void aReplacedOrRemovedEndpointDrainsWithinItsOwnCloseTimeoutAndSaysWhy(@TempDir Path deadLetters)
            throws Exception {
        try (Router r = Router.builder().endpointKinds(withDeadPeer()).delivery(PATIENT)
                .deadLetterDirectory(deadLetters).build()) {
            DeliveryOptions quick = PATIENT.withCloseTimeout(Duration.ZERO);
            r.putEndpoint("x", "dead", Map.of(), quick);
            r.putRoute("to-x", "x", "true");
            r.route(event("e1"));
            Conditions.await("a retry", () -> r.stats().endpoint("x").retried() > 0);
            // Replaced by an endpoint that would take an hour to drain: the old one's own zero timeout counts.
            runToEnd(() -> r.putEndpoint("x", "dead", Map.of(), PATIENT.withCloseTimeout(Duration.ofHours(1))));
            assertEquals(List.of("the endpoint was replaced"), reasons(deadLetters));
            assertTrue(r.removeRoute("to-x"));

            r.putEndpoint("y", "dead", Map.of(), quick);
            r.putRoute("to-y", "y", "true");
            r.route(event("e2"));
            Conditions.await("a retry", () -> r.stats().endpoint("y").retried() > 0);
            assertTrue(r.removeRoute("to-y"));
            // The router's defaults would wait an hour; the endpoint's own options say not to.
            runToEnd(() -> assertTrue(r.removeEndpoint("y")));
            assertEquals(List.of("the endpoint was removed", "the endpoint was replaced"), reasons(deadLetters));
        }
    }

    /** Runs {@code call} on another thread and waits (on a condition) for it to end. */
    private static void runToEnd(Runnable call) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread t = new Thread(() -> {
            call.run();
            done.set(true);
        });
        t.setDaemon(true);
        t.start();
        Conditions.await("the call to return", done::get);
    }

    /** The dead letters' reasons up to " before" or " while", sorted. */
    private static List<String> reasons(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".reason.json")).map(f -> {
                try {
                    String reason = MAPPER.readTree(f.toFile()).get("reason").asText();
                    return reason.replaceFirst(" (before|while) .*", "");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    @Test
    void aSecondCloseReportsTheSameOutcomeAsTheFirst() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean sending = new AtomicBoolean();
        EndpointKinds stuck = EndpointKinds.defaultsBuilder().add("stuck", (name, settings) -> new EndpointSender() {
            @Override
            public void send(String entity, List<OutgoingEvent> batch, Duration timeout) {
                sending.set(true);
                Conditions.awaitUninterruptibly(release); // a client call that ignores its timeout
            }

            @Override
            public void close() {
            }
        }).build();
        Router r = Router.builder().endpointKinds(stuck).build();
        try {
            r.putEndpoint("s", "stuck", Map.of());
            r.putRoute("to-s", "s", "true");
            r.route(event("e1"));
            Conditions.await("the send to start", sending::get);
            assertFalse(r.close(Duration.ZERO), "the endpoint had to be stopped by force");
            assertFalse(r.close(Duration.ZERO), "a second close reports the same outcome");
        } finally {
            release.countDown();
        }
        assertFalse(r.close(Duration.ofSeconds(30)), "also once the endpoint has ended");
    }

    @Test
    void aFailedSendKeepsItsCauseWithoutSecrets() {
        String secret = "SECRET-SIG-123";
        EndpointSender hook = WebhookEndpoint.create("w", Map.of("url", "http://127.0.0.1:1/x?sig=" + secret,
                "header.Authorization", "Bearer " + secret, "connectTimeout", "5s"));
        DeliveryException e = assertThrows(DeliveryException.class, () -> hook.send(null,
                List.of(new OutgoingEvent("r", "e1", "p", event("e1"), Map.of(), "application/json", new byte[0])),
                Duration.ofSeconds(5)));
        hook.close();
        assertTrue(e.isTransient());
        assertTrue(e.getCause() != null, "the cause is kept: " + e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(secret), t.toString());
        }
    }
}
