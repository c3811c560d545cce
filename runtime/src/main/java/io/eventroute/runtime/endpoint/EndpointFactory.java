package io.eventroute.runtime.endpoint;

import java.util.Map;

/**
 * Creates the sender of one endpoint kind from the endpoint's name and settings. A factory checks the
 * settings it needs and refuses bad ones with an {@link EndpointSettingsException} naming the endpoint
 * and the setting (so that a configuration file can point at the setting's line), never its value when
 * the value may be a secret (connection strings, keys, tokens); the kind's {@link SettingsSpec}
 * describes the settings it reads. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface EndpointFactory {

    /**
     * A sender for endpoint {@code endpointName} configured by {@code settings}.
     *
     * @throws EndpointSettingsException when a setting is missing, unknown or malformed
     * @throws IllegalArgumentException when the sender cannot be made for another reason
     */
    EndpointSender create(String endpointName, Map<String, String> settings);
}
