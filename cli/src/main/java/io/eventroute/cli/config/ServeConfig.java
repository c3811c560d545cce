package io.eventroute.cli.config;

import io.eventroute.server.ServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code server} and {@code store} sections of {@code eventroute serve}'s configuration file.
 * Immutable; thread-safe.
 *
 * @param server how the server listens and whom it serves
 * @param storePath the directory of the embedded route store, or null when routes are kept in Kafka
 * @param kafka the routes topic that keeps the routes, or null for the embedded store
 */
public record ServeConfig(ServerSettings server, Path storePath, KafkaStore kafka) {
    public ServeConfig {
        Objects.requireNonNull(server, "server");
        if ((storePath == null) == (kafka == null)) {
            throw new IllegalArgumentException("routes are kept either under a path or in Kafka");
        }
    }

    /**
     * The compacted routes topic that {@code eventroute streams} reads, as the route store.
     *
     * @param bootstrapServers the brokers
     * @param topic the routes topic (compacted)
     * @param properties further Kafka client settings (security and the like)
     * @param timeout how long to wait for the brokers when starting and for each change's acknowledgement
     */
    public record KafkaStore(String bootstrapServers, String topic, Map<String, String> properties, Duration timeout) {
        public KafkaStore {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(timeout, "timeout");
            properties = Map.copyOf(properties);
        }

        @Override
        public String toString() {
            return "KafkaStore[" + bootstrapServers + ", " + topic + "]"; // properties may hold secrets
        }
    }
}
