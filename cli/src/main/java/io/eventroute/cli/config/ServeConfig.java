package io.eventroute.cli.config;

import io.eventroute.server.ServerSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code server} and {@code store} sections of {@code eventroute serve}'s configuration file.
 * Immutable; thread-safe.
 *
 * @param server how the server listens and whom it serves
 * @param storePath the directory of the route store
 */
public record ServeConfig(ServerSettings server, Path storePath) {
    public ServeConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(storePath, "storePath");
    }
}
