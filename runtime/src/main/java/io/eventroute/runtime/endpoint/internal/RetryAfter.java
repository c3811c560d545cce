package io.eventroute.runtime.endpoint.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * Reads how long an HTTP service asked to wait before the next attempt: Azure's
 * {@code retry-after-ms} and {@code x-ms-retry-after-ms} (milliseconds), else {@code Retry-After}
 * (seconds, or an HTTP date). Stateless; thread-safe.
 */
public final class RetryAfter {
    /** How long an AMQP service's "server busy" asks to wait (Service Bus documents 10 seconds). */
    public static final Duration SERVER_BUSY = Duration.ofSeconds(10);

    private static final long MAX_SECONDS = 24L * 3600;

    private RetryAfter() {
    }

    /**
     * The wait the response's headers ask for, read with {@code header} (a header's value by name, or
     * null), at {@code now}; null when they ask for none or cannot be read.
     */
    public static Duration of(Function<String, String> header, Instant now) {
        for (String ms : new String[] {"retry-after-ms", "x-ms-retry-after-ms"}) {
            Long n = number(header.apply(ms));
            if (n != null) {
                return Duration.ofMillis(Math.min(n, MAX_SECONDS * 1000));
            }
        }
        String value = header.apply("retry-after");
        if (value == null) {
            return null;
        }
        Long seconds = number(value);
        if (seconds != null) {
            return Duration.ofSeconds(Math.min(seconds, MAX_SECONDS));
        }
        try {
            Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d.compareTo(Duration.ofSeconds(MAX_SECONDS)) > 0
                    ? Duration.ofSeconds(MAX_SECONDS) : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Long number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9' || i > 12) {
                return null;
            }
        }
        return Long.parseLong(v);
    }
}
