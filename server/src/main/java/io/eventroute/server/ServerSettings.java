package io.eventroute.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link EventRouteServer} listens and whom it serves. Immutable; thread-safe.
 *
 * @param host the address to listen on; without {@code tls} it must be a loopback address
 * @param port the port; 0 picks a free one ({@link EventRouteServer#port()} tells which)
 * @param tls the server's certificate and key, or null for plain HTTP on loopback
 * @param tokens the bearer tokens accepted, with their roles
 * @param maxRequestBytes the largest request body accepted (larger ones get 413 before being read whole)
 * @param idleTimeout how long a connection may stay silent, mid-request or between requests
 * @param maxRoutes the most routes the store may hold ({@code LimitExceeded} past it)
 */
public record ServerSettings(String host, int port, Tls tls, List<AccessToken> tokens, long maxRequestBytes,
        Duration idleTimeout, int maxRoutes) {
    /** The default largest request body: 1 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1L << 20;
    /** The default idle timeout: 30 s. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** The default largest number of routes: 100,000. */
    public static final int DEFAULT_MAX_ROUTES = 100_000;

    /** Checks each setting; an IllegalArgumentException names the one that is wrong. */
    public ServerSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the port must be 0 to 65535, not " + port);
        }
        tokens = List.copyOf(tokens);
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be positive, not " + maxRequestBytes);
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, not " + idleTimeout);
        }
        if (maxRoutes < 1) {
            throw new IllegalArgumentException("maxRoutes must be positive, not " + maxRoutes);
        }
    }

    /** Plain HTTP on {@code host:port} with the defaults for everything else. */
    public static ServerSettings of(String host, int port, List<AccessToken> tokens) {
        return new ServerSettings(host, port, null, tokens, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_ROUTES);
    }

    /** These settings serving HTTPS with {@code tls}. */
    public ServerSettings withTls(Tls tls) {
        return new ServerSettings(host, port, tls, tokens, maxRequestBytes, idleTimeout, maxRoutes);
    }

    /** These settings with another body limit. */
    public ServerSettings withMaxRequestBytes(long bytes) {
        return new ServerSettings(host, port, tls, tokens, bytes, idleTimeout, maxRoutes);
    }

    /** These settings with another idle timeout. */
    public ServerSettings withIdleTimeout(Duration timeout) {
        return new ServerSettings(host, port, tls, tokens, maxRequestBytes, timeout, maxRoutes);
    }

    /** These settings with another route limit. */
    public ServerSettings withMaxRoutes(int routes) {
        return new ServerSettings(host, port, tls, tokens, maxRequestBytes, idleTimeout, routes);
    }

    /**
     * The server's TLS identity, from PEM files. Immutable; thread-safe.
     *
     * @param certificate the certificate chain, server certificate first
     * @param privateKey the private key, PKCS#8 and unencrypted
     */
    public record Tls(Path certificate, Path privateKey) {
        /** Requires both files. */
        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }
}
