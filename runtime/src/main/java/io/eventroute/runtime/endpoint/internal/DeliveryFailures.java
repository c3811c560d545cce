package io.eventroute.runtime.endpoint.internal;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.core.exception.HttpResponseException;
import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import io.eventroute.runtime.endpoint.DeliveryException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import reactor.core.Exceptions;

/**
 * Turns what an Azure client threw into a {@link DeliveryException} classified transient or
 * permanent, with a message that names the endpoint and never carries a secret. Immutable;
 * thread-safe.
 */
public final class DeliveryFailures {
    /** AMQP conditions that retrying cannot fix: authorization, a missing or disabled entity, size. */
    private static final Set<AmqpErrorCondition> PERMANENT_CONDITIONS = EnumSet.of(
            AmqpErrorCondition.UNAUTHORIZED_ACCESS,
            AmqpErrorCondition.NOT_FOUND,
            AmqpErrorCondition.LINK_PAYLOAD_SIZE_EXCEEDED,
            AmqpErrorCondition.ENTITY_DISABLED_ERROR,
            AmqpErrorCondition.NOT_ALLOWED,
            AmqpErrorCondition.NOT_IMPLEMENTED,
            AmqpErrorCondition.ARGUMENT_ERROR,
            AmqpErrorCondition.ARGUMENT_OUT_OF_RANGE_ERROR);

    private static final Set<ServiceBusFailureReason> PERMANENT_REASONS = Set.of(
            ServiceBusFailureReason.UNAUTHORIZED,
            ServiceBusFailureReason.MESSAGING_ENTITY_NOT_FOUND,
            ServiceBusFailureReason.MESSAGING_ENTITY_DISABLED,
            ServiceBusFailureReason.MESSAGE_SIZE_EXCEEDED);

    private static final Set<ServiceBusFailureReason> TRANSIENT_REASONS = Set.of(
            ServiceBusFailureReason.SERVICE_BUSY,
            ServiceBusFailureReason.SERVICE_TIMEOUT,
            ServiceBusFailureReason.SERVICE_COMMUNICATION_ERROR,
            ServiceBusFailureReason.QUOTA_EXCEEDED);

    private final String endpoint;
    private final List<String> secrets;

    /**
     * @param endpoint how messages name the endpoint, e.g. "eventhubs endpoint 'hub'"
     * @param secrets values to scrub from any text taken from the client's exceptions
     */
    public DeliveryFailures(String endpoint, String... secrets) {
        this.endpoint = endpoint;
        List<String> kept = new ArrayList<>();
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                kept.add(secret);
            }
        }
        this.secrets = List.copyOf(kept);
    }

    /** A transient failure with our own message. */
    public DeliveryException transientFailure(String what) {
        return new DeliveryException(endpoint + ": " + what, true);
    }

    /** A permanent failure with our own message. */
    public DeliveryException permanentFailure(String what) {
        return new DeliveryException(endpoint + ": " + what, false);
    }

    /**
     * Classifies {@code error}, thrown while doing {@code action} (e.g. "sending 3 events to 'hub1'").
     * The first exception in the cause chain that says what happened decides: Service Bus reasons,
     * AMQP conditions and their transient flag, HTTP status codes (408, 429 and 5xx are transient,
     * other codes permanent; the wait a 429 or 503 asks for is kept, as is a server-busy's), timeouts and I/O errors (transient), TLS handshake failures and invalid
     * arguments (permanent). Anything unrecognized counts as transient: the dispatcher caps retries,
     * while dead-lettering on an error nobody classified could lose events that would have gone through.
     */
    public DeliveryException classify(String action, Throwable error) {
        List<Throwable> chain = SafeCauses.chain(error);
        ServiceBusException general = null;
        for (Throwable t : chain) {
            if (t instanceof DeliveryException delivery) {
                return delivery;
            }
            if (t instanceof ServiceBusException sb) {
                ServiceBusFailureReason reason = sb.getReason();
                if (ServiceBusFailureReason.GENERAL_ERROR.equals(reason) && sb.getCause() != null) {
                    // "Retries exhausted" and the like: the cause says what actually went wrong.
                    general = general == null ? sb : general;
                    continue;
                }
                boolean isTransient = PERMANENT_REASONS.contains(reason) ? false
                        : TRANSIENT_REASONS.contains(reason) || sb.isTransient();
                return failure(action, "Service Bus failure " + reason, t, isTransient, error,
                        ServiceBusFailureReason.SERVICE_BUSY.equals(reason) ? RetryAfter.SERVER_BUSY : null);
            }
            if (t instanceof AmqpException amqp) {
                AmqpErrorCondition condition = amqp.getErrorCondition();
                boolean isTransient = !PERMANENT_CONDITIONS.contains(condition) && amqp.isTransient();
                String what = condition == null ? "AMQP failure" : "AMQP failure " + condition.getErrorCondition();
                return failure(action, what, t, isTransient, error,
                        condition == AmqpErrorCondition.SERVER_BUSY_ERROR ? RetryAfter.SERVER_BUSY : null);
            }
            if (t instanceof HttpResponseException http && http.getResponse() != null) {
                int status = http.getResponse().getStatusCode();
                boolean isTransient = status == 408 || status == 429 || status >= 500;
                Duration wait = status == 429 || status == 503
                        ? RetryAfter.of(http.getResponse()::getHeaderValue, Instant.now()) : null;
                return failure(action, "HTTP status " + status, t, isTransient, error, wait);
            }
            if (t instanceof TimeoutException) {
                return failure(action, "timed out", t, true, error);
            }
            if (t instanceof SSLHandshakeException) {
                return failure(action, "TLS handshake failed (is the server's certificate trusted?)", t, false, error);
            }
            if (t instanceof IOException || t instanceof ClosedChannelException) {
                return failure(action, "connection failed", t, true, error);
            }
        }
        if (general != null) {
            // With one SDK attempt every failure comes as "Retries exhausted", flagged not transient;
            // when its cause says nothing more, it is as unrecognized as any other.
            return failure(action, "Service Bus failure " + general.getReason(), general, true, error);
        }
        Throwable top = Exceptions.unwrap(error);
        if (top instanceof IllegalArgumentException || top instanceof NullPointerException) {
            return failure(action, "the client refused the events", top, false, error);
        }
        if (top instanceof CancellationException || top instanceof RejectedExecutionException) {
            return failure(action, "the client was closing", top, true, error);
        }
        return failure(action, "unexpected failure", top, true, error);
    }

    /** Text taken from a client's exception with every secret replaced by {@code ***}. */
    public String scrub(String text) {
        return SafeCauses.scrub(text, secrets);
    }

    private DeliveryException failure(String action, String what, Throwable detail, boolean isTransient,
            Throwable error) {
        return failure(action, what, detail, isTransient, error, null);
    }

    private DeliveryException failure(String action, String what, Throwable detail, boolean isTransient,
            Throwable error, Duration retryAfter) {
        String message = endpoint + ": " + (isTransient ? "transient" : "permanent") + " failure " + action
                + ": " + what + " (" + detail.getClass().getSimpleName() + ": " + firstLine(scrub(detail.getMessage()))
                + ")";
        return new DeliveryException(message, isTransient, safeCause(error), retryAfter);
    }

    /** {@code error} as a cause safe to keep: see {@link SafeCauses#of}. */
    public Throwable safeCause(Throwable error) {
        return SafeCauses.of(error, secrets);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
