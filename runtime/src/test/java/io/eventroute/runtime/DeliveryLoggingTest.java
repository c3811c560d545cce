package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.internal.FailureLog;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the runtime logs about delivery (through System.Logger, here java.util.logging): one line per
 * endpoint and kind of failure a minute, however many events fail, and retries with their cause, with
 * no secret anywhere in the message or the cause chain.
 */
class DeliveryLoggingTest {
    private static final String SECRET = "s3cr3t-token-in-the-query";
    private static final Logger RUNTIME = Logger.getLogger("io.eventroute.runtime");

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (records) {
                records.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level levelBefore;

    @BeforeEach
    void capture() {
        levelBefore = RUNTIME.getLevel();
        RUNTIME.setLevel(Level.ALL);
        RUNTIME.addHandler(capture);
    }

    @AfterEach
    void release() {
        RUNTIME.removeHandler(capture);
        RUNTIME.setLevel(levelBefore);
    }

    private List<LogRecord> records(Level level, String containing) {
        List<LogRecord> out = new ArrayList<>();
        synchronized (records) {
            for (LogRecord r : records) {
                String text = r.getMessage() + " " + java.util.Arrays.toString(r.getParameters());
                if (r.getLevel().equals(level) && text.contains(containing)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    private static byte[] event(int i) {
        return ("{\"specversion\":\"1.0\",\"id\":\"e" + i + "\",\"type\":\"t\",\"source\":\"s\",\"data\":{}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fiftyRefusedEventsAreOneErrorLine() throws Exception {
        try (ScriptedServer server = new ScriptedServer(n -> 400);
                Router router = Router.builder().build()) {
            router.putEndpoint("hook", "webhook", Map.of("url", server.url("/in")));
            router.putRoute("all", "hook", "true");
            for (int i = 0; i < 50; i++) {
                router.route(event(i));
            }
            assertTrue(router.awaitIdle(Duration.ofSeconds(30)));
            assertEquals(50, router.stats().endpoint("hook").failed(), "every event is still counted");
        }
        List<LogRecord> lost = records(Level.SEVERE, "was not delivered");
        assertEquals(1, lost.size(), "one line for 50 events of one kind");
        assertTrue(java.util.Arrays.toString(lost.get(0).getParameters()).contains("answered HTTP 400"));
    }

    @Test
    void aRetryIsLoggedWithItsCauseAndNoSecret() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Router router = Router.builder().build()) {
            router.putEndpoint("down", "webhook", Map.of("url", "http://127.0.0.1:" + closedPort + "/in?code=" + SECRET,
                    "header.Authorization", "Bearer " + SECRET),
                    DeliveryOptions.defaults().withMaxAttempts(3).withBackoff(Duration.ofMillis(1), Duration.ofMillis(5)));
            router.putRoute("all", "down", "true");
            for (int i = 0; i < 20; i++) {
                router.route(event(i));
            }
            assertTrue(router.awaitIdle(Duration.ofSeconds(30)));
        }
        List<LogRecord> retries = records(Level.FINE, "to be sent again after");
        assertEquals(1, retries.size(), "one line a minute for this kind, not one per attempt");
        LogRecord retry = retries.get(0);
        assertTrue(retry.getMessage().startsWith("endpoint 'down': "), retry.getMessage());
        assertTrue(retry.getThrown() instanceof DeliveryException, String.valueOf(retry.getThrown()));
        assertNotNull(retry.getThrown().getCause(), "the client's exception is kept as the cause");
        for (Throwable t = retry.getThrown(); t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(SECRET), t.toString());
        }
        assertFalse(retry.getMessage().contains(SECRET));
        assertEquals(1, records(Level.SEVERE, "was not delivered").size());
    }

    @Test
    void theFirstOfAKindIsLoggedThenOneAMinuteWithHowManyWereNot() {
        FailureLog log = new FailureLog(Duration.ofMinutes(1));
        long t = 1_000;
        String kind = FailureLog.kind("hook", "gave up after 3 attempts in 120 ms");
        assertEquals(FailureLog.kind("hook", "gave up after 4 attempts in 98 ms"), kind, "numbers set aside");
        assertEquals(0, log.admit(kind, t));
        assertEquals(-1, log.admit(kind, t + 1));
        assertEquals(-1, log.admit(kind, t + Duration.ofSeconds(59).toNanos()));
        assertEquals(0, log.admit(FailureLog.kind("other", "gave up"), t + 2), "each endpoint and kind on its own");
        assertEquals(2, log.admit(kind, t + Duration.ofSeconds(61).toNanos()));
        assertEquals(" (and 2 more like it not logged)", FailureLog.more(2));
        assertEquals("", FailureLog.more(0));
    }
}
