package io.eventroute.runtime.endpoint;

import java.util.Objects;

/**
 * An endpoint's setting is missing, unknown or wrong: names the kind, the endpoint and the setting, and
 * says what is wrong without repeating a value that may be a secret. The configuration file's checks use
 * {@link #setting()} to point at the line that wrote it. Immutable; thread-safe.
 */
public final class EndpointSettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String endpointName;
    private final String setting;
    private final String problem;

    /**
     * "{kind} endpoint '{endpointName}': setting '{setting}' {problem}", where {@code problem} is a
     * predicate such as "is required".
     */
    public EndpointSettingsException(String kind, String endpointName, String setting, String problem) {
        this(kind, endpointName, setting, problem, null);
    }

    /** As {@link #EndpointSettingsException(String, String, String, String)}, with a cause free of secrets. */
    public EndpointSettingsException(String kind, String endpointName, String setting, String problem,
            Throwable cause) {
        super(Objects.requireNonNull(kind, "kind") + " endpoint '" + endpointName + "': setting '"
                + Objects.requireNonNull(setting, "setting") + "' " + Objects.requireNonNull(problem, "problem"), cause);
        this.kind = kind;
        this.endpointName = endpointName;
        this.setting = setting;
        this.problem = problem;
    }

    /** The endpoint kind ({@code webhook}). */
    public String kind() {
        return kind;
    }

    /** The endpoint's name. */
    public String endpointName() {
        return endpointName;
    }

    /** The setting's key in the settings map ({@code url}, {@code header.Authorization}). */
    public String setting() {
        return setting;
    }

    /** What is wrong, as a predicate of the setting ("is required", "must be true or false, not 'yes'"). */
    public String problem() {
        return problem;
    }
}
