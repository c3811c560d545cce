package io.eventroute.runtime.endpoint.internal;

import io.eventroute.runtime.DeliveryOptions;
import io.eventroute.runtime.endpoint.EndpointSettingsException;
import io.eventroute.runtime.endpoint.SettingsSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of one endpoint, checked against its kind's {@link SettingsSpec} and then read by type;
 * every refusal is an {@link EndpointSettingsException} naming the endpoint and the setting, never
 * repeating a value that may be a secret. The one settings reader of every sender. Immutable;
 * thread-safe.
 */
public final class EndpointSettings {
    private final SettingsSpec spec;
    private final String endpointName;
    private final Map<String, String> values;

    private EndpointSettings(SettingsSpec spec, String endpointName, Map<String, String> values) {
        this.spec = spec;
        this.endpointName = endpointName;
        this.values = values;
    }

    /**
     * The settings {@code settings} of endpoint {@code endpointName}, checked against {@code spec}
     * (unknown, missing and mistyped settings are refused).
     *
     * @throws EndpointSettingsException naming the first setting that is wrong
     * @throws IllegalArgumentException when the endpoint name is missing
     */
    public static EndpointSettings of(SettingsSpec spec, String endpointName, Map<String, String> settings) {
        Objects.requireNonNull(spec, "spec");
        if (endpointName == null || endpointName.isBlank()) {
            throw new IllegalArgumentException(spec.kind() + " endpoint: the endpoint name is missing");
        }
        spec.check(endpointName, settings);
        return new EndpointSettings(spec, endpointName, Map.copyOf(settings));
    }

    /** The endpoint's name. */
    public String endpointName() {
        return endpointName;
    }

    /** True when {@code name} is given and not blank. */
    public boolean has(String name) {
        return optional(name) != null;
    }

    /** The value of {@code name}, trimmed, or null when absent or blank. */
    public String optional(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.trim();
    }

    /**
     * The value of {@code name}, trimmed.
     *
     * @throws EndpointSettingsException when absent or blank
     */
    public String required(String name) {
        String value = optional(name);
        if (value == null) {
            throw invalid(name, "is required");
        }
        return value;
    }

    /** The settings whose names start with {@code prefix}, keyed by the rest of the name, in name order. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        values.keySet().stream().sorted().forEach(k -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), values.get(k));
            }
        });
        return out;
    }

    /** A positive whole number up to {@link Integer#MAX_VALUE}, or {@code fallback} when absent. */
    public int positiveInt(String name, int fallback) {
        long n = positiveLong(name, fallback);
        if (n > Integer.MAX_VALUE) {
            throw invalid(name, "must be at most " + Integer.MAX_VALUE + ", not '" + optional(name) + "'");
        }
        return (int) n;
    }

    /** A positive whole number, or {@code fallback} when absent. */
    public long positiveLong(String name, long fallback) {
        String v = optional(name);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, "must be a positive whole number, not '" + v + "'");
    }

    /** {@code true} or {@code false} in any case, or {@code fallback} when absent. */
    public boolean flag(String name, boolean fallback) {
        String v = optional(name);
        if (v == null) {
            return fallback;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw invalid(name, "must be true or false, not '" + v + "'");
        }
    }

    /** A positive duration as {@link DeliveryOptions#parseDuration} reads it, or {@code fallback} when absent. */
    public Duration duration(String name, Duration fallback) {
        String v = optional(name);
        if (v == null) {
            return fallback;
        }
        Duration d;
        try {
            d = DeliveryOptions.parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw invalid(name, e.getMessage());
        }
        if (d.isZero()) {
            throw invalid(name, "must be a positive duration, not '" + v + "'");
        }
        return d;
    }

    /** An error about setting {@code name}: "{kind} endpoint '{endpoint}': setting '{name}' {problem}". */
    public EndpointSettingsException invalid(String name, String problem) {
        return new EndpointSettingsException(spec.kind(), endpointName, name, problem);
    }

    /** An error about setting {@code name} with a cause that holds no secret. */
    public EndpointSettingsException invalid(String name, String problem, Throwable cause) {
        return new EndpointSettingsException(spec.kind(), endpointName, name, problem, cause);
    }

    /** A prefix for messages about this endpoint: "{kind} endpoint '{endpoint}'". */
    public String describe() {
        return spec.kind() + " endpoint '" + endpointName + "'";
    }
}
