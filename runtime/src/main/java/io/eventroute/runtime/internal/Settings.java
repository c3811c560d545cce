package io.eventroute.runtime.internal;

import io.eventroute.runtime.DeliveryOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an endpoint's settings, refusing bad ones with a message that names the endpoint and the
 * setting. Values are quoted only for settings that are never secret (numbers, durations, flags).
 * Immutable; thread-safe.
 */
public final class Settings {
    private final String endpoint;
    private final Map<String, String> values;

    public Settings(String endpoint, Map<String, String> values) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.values = Map.copyOf(Objects.requireNonNull(values, "settings"));
    }

    /** Refuses settings other than {@code known} and those starting with one of {@code prefixes}. */
    public Settings allowOnly(Set<String> known, String... prefixes) {
        for (String key : values.keySet()) {
            if (known.contains(key)) {
                continue;
            }
            boolean prefixed = false;
            for (String p : prefixes) {
                prefixed |= key.startsWith(p) && key.length() > p.length();
            }
            if (!prefixed) {
                Set<String> all = new TreeSet<>(known);
                for (String p : prefixes) {
                    all.add(p + "<name>");
                }
                throw problem("unknown setting '" + key + "' (known: " + String.join(", ", all) + ")");
            }
        }
        return this;
    }

    /** The value of {@code key}; refused when missing or blank. */
    public String required(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw problem("the setting '" + key + "' is required");
        }
        return v.trim();
    }

    /** The value of {@code key}, or {@code fallback} when missing or blank. */
    public String optional(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** The settings whose names start with {@code prefix}, keyed by the rest of the name. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    public int positiveInt(String key, int fallback) {
        String v = optional(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw problem("the setting '" + key + "' must be a positive whole number, not '" + v + "'");
    }

    public long positiveLong(String key, long fallback) {
        String v = optional(key, null);
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
        throw problem("the setting '" + key + "' must be a positive whole number, not '" + v + "'");
    }

    public boolean flag(String key, boolean fallback) {
        String v = optional(key, null);
        if (v == null) {
            return fallback;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw problem("the setting '" + key + "' must be true or false, not '" + v + "'");
        }
    }

    /** A positive duration, written as {@link DeliveryOptions#parseDuration} reads it. */
    public Duration duration(String key, Duration fallback) {
        String v = optional(key, null);
        if (v == null) {
            return fallback;
        }
        Duration d;
        try {
            d = DeliveryOptions.parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw problem("the setting '" + key + "' " + e.getMessage());
        }
        if (d.isZero()) {
            throw problem("the setting '" + key + "' must be a positive duration, not '" + v + "'");
        }
        return d;
    }

    /** A refusal naming the endpoint. */
    public IllegalArgumentException problem(String what) {
        return new IllegalArgumentException("endpoint '" + endpoint + "': " + what);
    }
}
