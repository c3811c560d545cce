package io.eventroute.runtime.endpoint;

import java.util.Map;

/**
 * Creates the sender of one endpoint kind from the endpoint's name and settings. A factory checks the
 * settings it needs and refuses bad ones with an {@link IllegalArgumentException} naming the endpoint
 * and the setting, never its value when the value may be a secret (connection strings, keys, tokens).
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface EndpointFactory {

    /**
     * A sender for endpoint {@code endpointName} configured by {@code settings}.
     *
     * @throws IllegalArgumentException when a setting is missing, unknown or malformed
     */
    EndpointSender create(String endpointName, Map<String, String> settings);
}
