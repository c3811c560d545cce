package io.eventroute.runtime.endpoint.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpErrorContext;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.servicebus.ServiceBusErrorSource;
import com.azure.messaging.servicebus.ServiceBusException;
import io.eventroute.runtime.endpoint.DeliveryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;

class DeliveryFailuresTest {
    private static final String SECRET = "s3cr3t-key";
    private final DeliveryFailures failures = new DeliveryFailures("eventhubs endpoint 'e'", SECRET, null);

    private static AmqpException amqp(boolean isTransient, AmqpErrorCondition condition, String message) {
        return new AmqpException(isTransient, condition, message, new AmqpErrorContext("ns"));
    }

    @Test
    void amqpConditionsDecideBeforeTheTransientFlag() {
        assertTrue(failures.classify("x", amqp(true, AmqpErrorCondition.SERVER_BUSY_ERROR, "busy")).isTransient());
        assertTrue(failures.classify("x", amqp(true, AmqpErrorCondition.CONNECTION_FORCED, "gone")).isTransient());
        assertFalse(failures.classify("x", amqp(true, AmqpErrorCondition.UNAUTHORIZED_ACCESS, "no")).isTransient());
        assertFalse(failures.classify("x", amqp(false, AmqpErrorCondition.NOT_FOUND, "no")).isTransient());
        assertFalse(failures.classify("x", amqp(false, AmqpErrorCondition.LINK_PAYLOAD_SIZE_EXCEEDED, "big")).isTransient());
        assertFalse(failures.classify("x", amqp(false, null, "other")).isTransient());
    }

    @Test
    void aServerBusyAsksForTheServicesWait() {
        assertEquals(java.util.Optional.of(RetryAfter.SERVER_BUSY),
                failures.classify("x", amqp(true, AmqpErrorCondition.SERVER_BUSY_ERROR, "busy")).retryAfter());
        assertEquals(java.util.Optional.empty(),
                failures.classify("x", amqp(true, AmqpErrorCondition.CONNECTION_FORCED, "gone")).retryAfter());
    }

    @Test
    void aServiceBusGeneralErrorIsClassifiedByItsCause() {
        // What the SDK throws when its only attempt failed: "Retries exhausted" around the real error.
        ServiceBusException exhausted = new ServiceBusException(
                Exceptions.retryExhausted("Retries exhausted: 0/0",
                        amqp(true, AmqpErrorCondition.CONNECTION_FORCED, "connection lost")),
                ServiceBusErrorSource.SEND);
        DeliveryException failure = failures.classify("sending", exhausted);
        assertTrue(failure.isTransient(), failure.getMessage());
        assertTrue(failure.getMessage().contains("amqp:connection:forced"), failure.getMessage());

        ServiceBusException vague = new ServiceBusException(
                Exceptions.retryExhausted("Retries exhausted: 0/0", new IllegalStateException("odd")),
                ServiceBusErrorSource.SEND);
        assertTrue(failures.classify("sending", vague).isTransient(), "nothing says it is permanent");

        ServiceBusException unauthorized = new ServiceBusException(
                amqp(false, AmqpErrorCondition.UNAUTHORIZED_ACCESS, "denied"), ServiceBusErrorSource.SEND);
        assertFalse(failures.classify("sending", unauthorized).isTransient());
    }

    @Test
    void timeoutsAndIoErrorsAreTransientWhereverTheyAreInTheChain() {
        assertTrue(failures.classify("x", Exceptions.propagate(new TimeoutException("slow"))).isTransient());
        assertTrue(failures.classify("x", new UncheckedIOException(new IOException("reset"))).isTransient());
        assertTrue(failures.classify("x", new IllegalStateException("?")).isTransient(), "unknown is transient");
        assertFalse(failures.classify("x", new IllegalArgumentException("bad id")).isTransient());
    }

    @Test
    void messagesNameTheEndpointAndActionAndNeverASecret() {
        AmqpException leaky = amqp(false, AmqpErrorCondition.UNAUTHORIZED_ACCESS, "key " + SECRET + " refused");
        DeliveryException failure = failures.classify("sending 2 event(s)", leaky);
        assertEquals("eventhubs endpoint 'e': permanent failure sending 2 event(s): AMQP failure amqp:unauthorized-access"
                + " (AmqpException: key *** refused, errorContext[NAMESPACE: ns. ERROR CONTEXT: N/A])", failure.getMessage());
        assertEquals(AmqpException.class.getName() + ": key *** refused, errorContext[NAMESPACE: ns. ERROR CONTEXT: N/A]",
                failure.getCause().getMessage(), "a cause that carries a secret is kept without it");
        assertArrayEquals(leaky.getStackTrace(), failure.getCause().getStackTrace());

        AmqpException clean = amqp(true, AmqpErrorCondition.SERVER_BUSY_ERROR, "busy");
        assertSame(clean, failures.classify("x", clean).getCause());
    }
}
