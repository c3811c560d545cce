package io.eventroute.cli.config;

import io.eventroute.runtime.DeliveryOptions;
import java.util.Map;
import java.util.Objects;

/**
 * One endpoint of the configuration file: its name, kind, the settings its sender reads (with
 * {@code ${VAR}} references replaced) and its delivery options (the file's {@code delivery} with the
 * endpoint's own overrides). {@link #toString()} leaves the settings out: they may hold secrets.
 * Immutable; thread-safe.
 *
 * @param name the endpoint's name, unique in the file
 * @param kind the endpoint kind ({@code file}, {@code webhook}, {@code eventhubs}, ...)
 * @param settings the sender's settings, as the runtime's endpoint factories read them
 * @param delivery queueing, batching and retry options
 * @param line the line of the file where the endpoint starts
 */
public record EndpointConfig(String name, String kind, Map<String, String> settings, DeliveryOptions delivery,
        int line) {
    public EndpointConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        settings = Map.copyOf(settings);
        Objects.requireNonNull(delivery, "delivery");
    }

    @Override
    public String toString() {
        return "EndpointConfig[name=" + name + ", kind=" + kind + ", line=" + line + "]";
    }
}
