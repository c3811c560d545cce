package io.eventroute.cli.config;

import io.eventroute.server.AccessToken;
import io.eventroute.server.Role;
import io.eventroute.server.ServerSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code server} and {@code store} sections of a serve configuration, reporting through its loader. */
final class ServeSections {
    private static final Set<String> SERVER_KEYS = Set.of("listen", "tls", "tokens", "maxRequestBytes", "idleTimeout");
    private static final Set<String> STORE_KEYS = Set.of("path", "maxRoutes", "kafka");
    private static final Pattern LISTEN = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^:\\s]+):(\\d{1,5})");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|KiB|MB|MiB|GB|GiB)?");
    private static final String DEFAULT_LISTEN = "127.0.0.1:8443";

    private ServeSections() {
    }

    /** The serve settings, or null when a section has errors (each reported with its line). */
    static ServeConfig read(ConfigValues loader, Node.MapNode top) {
        int errorsBefore = errors(loader);
        String host = "127.0.0.1";
        int port = 8443;
        ServerSettings.Tls tls = null;
        List<AccessToken> tokens = new ArrayList<>();
        long maxRequestBytes = ServerSettings.DEFAULT_MAX_REQUEST_BYTES;
        Duration idle = ServerSettings.DEFAULT_IDLE_TIMEOUT;
        Node listenNode = null;
        Node server = top.get("server");
        if (server == null) {
            loader.error(top, "no 'server': say where to listen and which tokens to accept, e.g. server: {listen: "
                    + DEFAULT_LISTEN + ", tokens: [{token: ${ROUTES_TOKEN}, roles: [routes:read, routes:write]}]}");
        } else if (!(server instanceof Node.MapNode map)) {
            loader.error(server, "'server' must be a mapping (" + String.join(", ", SERVER_KEYS) + "), not " + server.describe());
        } else {
            loader.unknownKeys(map, SERVER_KEYS, "'server': unknown key");
            listenNode = map.get("listen");
            if (listenNode != null) {
                String listen = loader.string(listenNode, "'server.listen'");
                Matcher m = listen == null ? null : LISTEN.matcher(listen.trim());
                if (m != null && m.matches() && Integer.parseInt(m.group(2)) <= 65_535) {
                    host = m.group(1).replace("[", "").replace("]", "");
                    port = Integer.parseInt(m.group(2));
                } else if (listen != null) {
                    loader.error(listenNode, "'server.listen' must be host:port such as " + DEFAULT_LISTEN
                            + " (port 0 picks a free one), not '" + listen + "'");
                }
            }
            Node tlsNode = map.get("tls");
            if (tlsNode != null) {
                tls = tls(loader, tlsNode);
            }
            Node tokensNode = map.get("tokens");
            if (tokensNode == null) {
                loader.error(map, "'server' needs 'tokens': the bearer tokens the API accepts, each with its roles");
            } else if (loader.list(tokensNode, "'server.tokens'") != null) {
                for (Node item : ((Node.ListNode) tokensNode).items()) {
                    AccessToken t = token(loader, item);
                    if (t != null) {
                        tokens.add(t);
                    }
                }
            }
            Node size = map.get("maxRequestBytes");
            if (size != null) {
                String v = loader.scalarText(size, "'server.maxRequestBytes'");
                if (v != null) {
                    maxRequestBytes = bytes(loader, size, v);
                }
            }
            Node idleNode = map.get("idleTimeout");
            if (idleNode != null) {
                String v = loader.scalarText(idleNode, "'server.idleTimeout'");
                if (v != null) {
                    idle = loader.duration(idleNode, v, "'server.idleTimeout'", idle);
                    if (idle.isZero()) {
                        loader.error(idleNode, "'server.idleTimeout' must be longer than 0");
                        idle = ServerSettings.DEFAULT_IDLE_TIMEOUT;
                    }
                }
            }
        }
        if (tls == null && errors(loader) == errorsBefore && !loopback(host)) {
            loader.error(listenNode == null ? server : listenNode, "'server.listen' is " + host + ", which is not a "
                    + "loopback address: without 'tls' the server listens only on 127.0.0.1, ::1 or localhost");
        }
        Path storePath = Path.of("eventroute-data");
        ServeConfig.KafkaStore kafka = null;
        int maxRoutes = ServerSettings.DEFAULT_MAX_ROUTES;
        Node store = top.get("store");
        if (store != null) {
            if (!(store instanceof Node.MapNode map)) {
                loader.error(store, "'store' must be a mapping (path, maxRoutes), not " + store.describe());
            } else {
                loader.unknownKeys(map, STORE_KEYS, "'store': unknown key");
                Node kafkaNode = map.get("kafka");
                if (kafkaNode != null) {
                    kafka = kafka(loader, kafkaNode);
                    if (map.get("path") != null) {
                        loader.error(map.get("path"), "'store' has both 'path' and 'kafka': routes are kept in one place");
                    }
                }
                Node p = map.get("path");
                if (p != null) {
                    String v = loader.string(p, "'store.path'");
                    Path parsed = v == null ? null : loader.path(p, v, "'store.path'");
                    if (parsed != null) {
                        storePath = parsed;
                        if (Files.exists(parsed) && !Files.isDirectory(parsed)) {
                            loader.error(p, "'store.path' " + parsed + " is a file; it must be a directory (made when missing)");
                        }
                    }
                }
                Node max = map.get("maxRoutes");
                if (max != null) {
                    String v = loader.scalarText(max, "'store.maxRoutes'");
                    if (v != null) {
                        maxRoutes = loader.positiveInt(max, v, "'store.maxRoutes'");
                    }
                }
            }
        }
        if (errors(loader) > errorsBefore) {
            return null;
        }
        return new ServeConfig(new ServerSettings(host, port, tls, tokens, maxRequestBytes, idle, maxRoutes),
                kafka == null ? storePath : null, kafka);
    }

    private static ServeConfig.KafkaStore kafka(ConfigValues loader, Node node) {
        if (!(node instanceof Node.MapNode map)) {
            loader.error(node, "'store.kafka' must be a mapping (bootstrapServers, topic, properties), not " + node.describe());
            return null;
        }
        loader.unknownKeys(map, Set.of("bootstrapServers", "topic", "properties", "timeout"), "'store.kafka': unknown key");
        Duration timeout = Duration.ofSeconds(30);
        Node timeoutNode = map.get("timeout");
        if (timeoutNode != null) {
            String v = loader.scalarText(timeoutNode, "'store.kafka.timeout'");
            if (v != null) {
                timeout = loader.duration(timeoutNode, v, "'store.kafka.timeout'", timeout);
                if (timeout.isZero()) {
                    loader.error(timeoutNode, "'store.kafka.timeout' must be longer than 0");
                }
            }
        }
        Node servers = map.get("bootstrapServers");
        Node topic = map.get("topic");
        if (servers == null) {
            loader.error(map, "'store.kafka' needs 'bootstrapServers', the brokers (host:port,...)");
        }
        if (topic == null) {
            loader.error(map, "'store.kafka' needs 'topic', the compacted routes topic that eventroute streams reads");
        }
        String s = servers == null ? null : loader.string(servers, "'store.kafka.bootstrapServers'");
        String t = topic == null ? null : loader.string(topic, "'store.kafka.topic'");
        java.util.Map<String, String> properties = new java.util.TreeMap<>();
        Node props = map.get("properties");
        if (props instanceof Node.MapNode pm) {
            for (Node.Entry e : pm.entries().values()) {
                String v = loader.scalarText(e.value(), "'store.kafka.properties." + e.key() + "'");
                if (v != null) {
                    properties.put(e.key(), v);
                }
            }
        } else if (props != null) {
            loader.error(props, "'store.kafka.properties' must be a mapping of Kafka client settings, not " + props.describe());
        }
        return s == null || t == null ? null : new ServeConfig.KafkaStore(s, t, properties, timeout);
    }

    private static ServerSettings.Tls tls(ConfigValues loader, Node node) {
        if (!(node instanceof Node.MapNode map)) {
            loader.error(node, "'server.tls' must be a mapping (certificate, privateKey), not " + node.describe());
            return null;
        }
        loader.unknownKeys(map, Set.of("certificate", "privateKey"), "'server.tls': unknown key");
        Path cert = file(loader, map, "certificate", "the server's PEM certificate chain");
        Path key = file(loader, map, "privateKey", "the server's unencrypted PKCS#8 PEM key");
        return cert == null || key == null ? null : new ServerSettings.Tls(cert, key);
    }

    private static Path file(ConfigValues loader, Node.MapNode map, String key, String what) {
        Node n = map.get(key);
        if (n == null) {
            loader.error(map, "'server.tls' needs '" + key + "', " + what);
            return null;
        }
        String v = loader.string(n, "'server.tls." + key + "'");
        Path p = v == null ? null : loader.path(n, v, "'server.tls." + key + "'");
        if (p != null && !Files.isReadable(p)) {
            loader.error(n, "'server.tls." + key + "': " + p + " does not exist or cannot be read");
            return null;
        }
        return p;
    }

    private static AccessToken token(ConfigValues loader, Node item) {
        if (!(item instanceof Node.MapNode map)) {
            loader.error(item, "a token must be a mapping {token: ${VAR}, roles: [...]}, not " + item.describe());
            return null;
        }
        loader.unknownKeys(map, Set.of("token", "roles"), "token: unknown key");
        Node t = map.get("token");
        String secret = null;
        if (t == null) {
            loader.error(map, "a token needs 'token', the secret clients send as Authorization: Bearer <token>");
        } else {
            secret = loader.string(t, "'token'");
            if (secret != null && !loader.fromEnvironment(t)) {
                loader.warning(t, "'token' is written in the file; anyone who can read the file can use it: write "
                        + "${ROUTES_TOKEN} and set that environment variable instead");
            }
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Node r = map.get("roles");
        if (r == null) {
            loader.error(map, "a token needs 'roles': routes:read, routes:write and/or events:send");
        } else if (loader.list(r, "'roles'") != null) {
            for (Node role : ((Node.ListNode) r).items()) {
                String v = loader.string(role, "a role");
                if (v != null) {
                    try {
                        roles.add(Role.fromId(v));
                    } catch (IllegalArgumentException e) {
                        loader.error(role, e.getMessage() + Suggestions.hint(v.trim().toLowerCase(Locale.ROOT),
                                new java.util.TreeSet<>(List.of("routes:read", "routes:write", "events:send"))));
                    }
                }
            }
        }
        return secret == null || r == null ? null : new AccessToken(secret, roles);
    }

    private static long bytes(ConfigValues loader, Node at, String v) {
        Matcher m = SIZE.matcher(v.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "B" : m.group(2);
            long factor = switch (unit) {
                case "KB" -> 1_000L;
                case "KiB" -> 1L << 10;
                case "MB" -> 1_000_000L;
                case "MiB" -> 1L << 20;
                case "GB" -> 1_000_000_000L;
                case "GiB" -> 1L << 30;
                default -> 1L;
            };
            if (n > 0 && n <= Integer.MAX_VALUE / factor) {
                return n * factor;
            }
        }
        loader.error(at, "'server.maxRequestBytes' must be a size from 1 B to 2 GiB such as 1MiB or 65536, not '" + v + "'");
        return ServerSettings.DEFAULT_MAX_REQUEST_BYTES;
    }

    private static boolean loopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int errors(ConfigValues loader) {
        return loader.errorCount();
    }
}
