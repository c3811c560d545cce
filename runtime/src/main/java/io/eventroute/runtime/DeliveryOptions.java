package io.eventroute.runtime;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an endpoint's events are queued, batched, retried and drained. Immutable; thread-safe. Start from
 * {@link #defaults()} and change what you need with the {@code with...} methods.
 *
 * @param queueCapacity most events waiting for the endpoint; a producer routing into a full queue waits
 *     (backpressure) rather than dropping anything
 * @param linger how long a batch waits for more events once it has one (only when the sender takes
 *     batches of more than one event)
 * @param maxAttempts most sends of one event, the first included; then it is dead-lettered
 * @param initialBackoff wait before the first retry; each further retry waits twice as long, with jitter
 * @param maxBackoff longest wait between two attempts
 * @param maxRetryTime longest time from an event's first attempt to its last; then it is dead-lettered
 * @param sendTimeout longest time one send may take
 * @param closeTimeout at the end (closing), how long without any event delivered the drain waits
 *     before dead-lettering what is left: an endpoint that keeps delivering is never cut off (each
 *     event's retries stay bounded by maxAttempts and maxRetryTime)
 * @param maxConcurrency most sends in flight at once to the endpoint (one twin's events are never in
 *     two at once, so each twin's order holds); 0 takes the endpoint kind's default
 */
public record DeliveryOptions(int queueCapacity, Duration linger, int maxAttempts, Duration initialBackoff,
        Duration maxBackoff, Duration maxRetryTime, Duration sendTimeout, Duration closeTimeout, int maxConcurrency) {

    /** Checks each option; an IllegalArgumentException names the one out of range. */
    public DeliveryOptions {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, not " + queueCapacity);
        }
        if (maxConcurrency < 0 || maxConcurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("maxConcurrency must be from 1 to " + MAX_CONCURRENCY
                    + " (or 0 for the endpoint kind's default), not " + maxConcurrency);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        nonNegative(linger, "linger");
        nonNegative(initialBackoff, "initialBackoff");
        nonNegative(maxBackoff, "maxBackoff");
        nonNegative(maxRetryTime, "maxRetryTime");
        nonNegative(closeTimeout, "closeTimeout");
        if (Objects.requireNonNull(sendTimeout, "sendTimeout").isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("sendTimeout must be positive, not " + sendTimeout);
        }
    }

    /**
     * The longest duration {@link #parseDuration} reads: longer ones would overflow the nanosecond
     * arithmetic of deadlines, and no delivery setting needs more.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(36_500);

    /** The most sends in flight per endpoint: each is a thread. */
    public static final int MAX_CONCURRENCY = 256;

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    /**
     * Reads a duration as configuration files write it: a whole number of milliseconds, seconds, minutes
     * or hours ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}), or ISO-8601 ({@code PT5S}); from zero
     * to {@link #MAX_DURATION} (100 years). Whether zero fits is the setting's business. Thread-safe.
     *
     * @throws IllegalArgumentException whose message, meant to follow the setting's name, says what is
     *     wrong: "must be a duration such as 200ms, 5s, 2m, 1h or PT5S, not '...'" or "must be at most ..."
     */
    public static Duration parseDuration(String text) {
        Objects.requireNonNull(text, "text");
        String v = text.trim();
        Duration d;
        Matcher m = SIMPLE_DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            // Past 19 digits, or past the longest Duration: too long, whatever the unit.
            d = MAX_DURATION.plusSeconds(1);
            try {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            } catch (NumberFormatException | ArithmeticException e) {
                // d stays too long
            }
        } else {
            try {
                d = Duration.parse(v);
            } catch (DateTimeParseException e) {
                d = e.getCause() instanceof ArithmeticException ? MAX_DURATION.plusSeconds(1) : null;
            }
        }
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("must be a duration such as 200ms, 5s, 2m, 1h or PT5S, not '" + text + "'");
        }
        if (d.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("must be at most " + MAX_DURATION.toHours() + "h (100 years), not '"
                    + text + "'");
        }
        return d;
    }

    private static void nonNegative(Duration d, String name) {
        if (Objects.requireNonNull(d, name).isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, not " + d);
        }
    }

    /**
     * 10,000 queued events, 5 ms linger, 16 attempts (a peer refusing 30% of requests at random loses none
     * of 10,000 events: 0.3^16 each), backoff from 100 ms doubling to 10 s, 2 minutes of
     * retries, 30 s per send, closing waits while events are delivered and gives up after 30 s without
     * one; sends in flight at once as the endpoint kind says.
     */
    public static DeliveryOptions defaults() {
        return new DeliveryOptions(10_000, Duration.ofMillis(5), 16, Duration.ofMillis(100), Duration.ofSeconds(10),
                Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofSeconds(30), 0);
    }

    /** A copy with {@code queueCapacity} set to {@code v}. */
    public DeliveryOptions withQueueCapacity(int v) {
        return new DeliveryOptions(v, linger, maxAttempts, initialBackoff, maxBackoff, maxRetryTime, sendTimeout,
                closeTimeout, maxConcurrency);
    }

    /** A copy with {@code linger} set to {@code v}. */
    public DeliveryOptions withLinger(Duration v) {
        return new DeliveryOptions(queueCapacity, v, maxAttempts, initialBackoff, maxBackoff, maxRetryTime,
                sendTimeout, closeTimeout, maxConcurrency);
    }

    /** A copy with {@code maxAttempts} set to {@code v}. */
    public DeliveryOptions withMaxAttempts(int v) {
        return new DeliveryOptions(queueCapacity, linger, v, initialBackoff, maxBackoff, maxRetryTime, sendTimeout,
                closeTimeout, maxConcurrency);
    }

    /** Backoff from {@code initial}, doubling up to {@code max}. */
    public DeliveryOptions withBackoff(Duration initial, Duration max) {
        return new DeliveryOptions(queueCapacity, linger, maxAttempts, initial, max, maxRetryTime, sendTimeout,
                closeTimeout, maxConcurrency);
    }

    /** A copy with {@code maxRetryTime} set to {@code v}. */
    public DeliveryOptions withMaxRetryTime(Duration v) {
        return new DeliveryOptions(queueCapacity, linger, maxAttempts, initialBackoff, maxBackoff, v, sendTimeout,
                closeTimeout, maxConcurrency);
    }

    /** A copy with {@code sendTimeout} set to {@code v}. */
    public DeliveryOptions withSendTimeout(Duration v) {
        return new DeliveryOptions(queueCapacity, linger, maxAttempts, initialBackoff, maxBackoff, maxRetryTime, v,
                closeTimeout, maxConcurrency);
    }

    /** A copy with {@code closeTimeout} set to {@code v}. */
    public DeliveryOptions withCloseTimeout(Duration v) {
        return new DeliveryOptions(queueCapacity, linger, maxAttempts, initialBackoff, maxBackoff, maxRetryTime,
                sendTimeout, v, maxConcurrency);
    }

    /** Sends in flight at once; 0 for the endpoint kind's default. */
    public DeliveryOptions withMaxConcurrency(int v) {
        return new DeliveryOptions(queueCapacity, linger, maxAttempts, initialBackoff, maxBackoff, maxRetryTime,
                sendTimeout, closeTimeout, v);
    }
}
