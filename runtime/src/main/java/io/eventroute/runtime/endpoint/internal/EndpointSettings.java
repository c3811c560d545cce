package io.eventroute.runtime.endpoint.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of one endpoint, read with errors that name the endpoint and the setting but never
 * repeat a value (values may be secrets). Immutable; thread-safe.
 */
public final class EndpointSettings {
    private final String kind;
    private final String endpointName;
    private final Map<String, String> values;

    private EndpointSettings(String kind, String endpointName, Map<String, String> values) {
        this.kind = kind;
        this.endpointName = endpointName;
        this.values = values;
    }

    /**
     * Checks that {@code settings} holds only {@code known} names.
     *
     * @throws IllegalArgumentException naming the unknown settings and the known ones
     */
    public static EndpointSettings of(String kind, String endpointName, Map<String, String> settings,
            Set<String> known) {
        Objects.requireNonNull(kind, "kind");
        if (endpointName == null || endpointName.isBlank()) {
            throw new IllegalArgumentException(kind + " endpoint: the endpoint name is missing");
        }
        Objects.requireNonNull(settings, "settings");
        List<String> unknown = new ArrayList<>();
        for (String name : settings.keySet()) {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        EndpointSettings result = new EndpointSettings(kind, endpointName, Map.copyOf(settings));
        if (!unknown.isEmpty()) {
            Collections.sort(unknown);
            throw result.invalid(String.join("', '", unknown),
                    (unknown.size() == 1 ? "is not a setting" : "are not settings") + " of this kind; known: "
                            + String.join(", ", new TreeSet<>(known)));
        }
        return result;
    }

    /** The endpoint's name. */
    public String endpointName() {
        return endpointName;
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
     * @throws IllegalArgumentException when absent or blank
     */
    public String required(String name) {
        String value = optional(name);
        if (value == null) {
            throw invalid(name, "is required");
        }
        return value;
    }

    /** An error about setting {@code name}: "{kind} endpoint '{endpoint}': setting '{name}' {problem}". */
    public IllegalArgumentException invalid(String name, String problem) {
        return new IllegalArgumentException(
                kind + " endpoint '" + endpointName + "': setting '" + name + "' " + problem);
    }

    /** A prefix for messages about this endpoint: "{kind} endpoint '{endpoint}'". */
    public String describe() {
        return kind + " endpoint '" + endpointName + "'";
    }
}
