package io.eventroute.runtime.endpoint.peers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/**
 * What the Event Hubs and Service Bus sender tests share: sending the way the dispatcher does (retrying
 * transient failures) across a broker stop and restart, permanent failures, and a refused setting's
 * message.
 * Stateless.
 */
public final class AmqpSenderChecks {
    private AmqpSenderChecks() {
    }

    /** Thirty twin updates over three twins, ids {@code prefix + i}. */
    public static List<OutgoingEvent> events(String prefix) {
        List<OutgoingEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(TestEvents.twinUpdate(prefix + i, "room-" + (i % 3), i));
        }
        return events;
    }

    /**
     * Sends {@code events} in batches of five; before the fourth batch the broker stops, a send must
     * then fail as transient within the timeout, and the broker restarts. Returns how many transient
     * failures the sender reported in all.
     */
    public static int sendAcrossRestart(ArtemisPeer broker, EndpointSender sender, List<OutgoingEvent> events)
            throws Exception {
        int transientFailures = 0;
        for (int i = 0; i < events.size(); i += 5) {
            if (i == 15) {
                broker.stop();
                long start = System.nanoTime();
                DeliveryException down = assertThrows(DeliveryException.class,
                        () -> sender.send(null, events.subList(15, 20), Duration.ofSeconds(2)));
                assertTrue(down.isTransient(), down.getMessage());
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(6).toNanos(), "bounded by the timeout");
                transientFailures++;
                broker.restart();
            }
            transientFailures += sendWithRetries(sender, events.subList(i, i + 5));
        }
        return transientFailures;
    }

    /** What the dispatcher does: retry transient failures (here soon, a few times). Returns the failures. */
    public static int sendWithRetries(EndpointSender sender, List<OutgoingEvent> batch) throws Exception {
        int failures = 0;
        while (true) {
            try {
                sender.send(null, batch, Duration.ofSeconds(5));
                return failures;
            } catch (DeliveryException e) {
                assertTrue(e.isTransient(), e.getMessage());
                if (++failures > 10) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** An event whose data (1.1 MB) is larger than any AMQP message the peers accept. */
    public static OutgoingEvent tooLarge(String id) {
        return TestEvents.of("r1", "t1", "{\"specversion\": \"1.0\", \"id\": \"" + id + "\", \"type\": \"t\","
                + " \"source\": \"s\", \"data\": {\"big\": \"" + "x".repeat(1100 * 1024) + "\"}}");
    }

    /** Sends {@code events} and returns the failure, which must be permanent. */
    public static DeliveryException assertPermanent(EndpointSender sender, List<OutgoingEvent> events, Duration timeout) {
        DeliveryException failure = assertThrows(DeliveryException.class, () -> sender.send(null, events, timeout));
        assertFalse(failure.isTransient(), failure.getMessage());
        return failure;
    }

    /**
     * Asserts that {@code create} refuses its settings with a message that starts with {@code prefix},
     * says {@code expected} and does not give away the secret {@code key}.
     */
    public static void assertRefused(Executable create, String prefix, String expected, String key) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, create);
        assertTrue(error.getMessage().startsWith(prefix), error.getMessage());
        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertFalse(error.getMessage().contains(key), error.getMessage());
    }
}
