package io.eventroute.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.eventroute.compiler.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The configuration of a streams router, read from a YAML or JSON file (JSON is YAML):
 *
 * <pre>
 * applicationId: eventroute          # the Kafka Streams application id (its consumer group)
 * bootstrapServers: host:9092        # may be left out with an Event Hubs connection string
 * processingGuarantee: at_least_once # or exactly_once_v2 (needs broker transactions)
 * threads: 1                         # stream threads in this instance
 * topics: {events: events, routes: routes, routeErrors: route-errors, outputPrefix: out-, invalidEvents: null}
 * security:
 *   protocol: SASL_SSL               # PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 *   mechanism: PLAIN                 # or SCRAM-SHA-256, SCRAM-SHA-512
 *   username: ...                    # with password: PLAIN or SCRAM credentials
 *   password: ${KAFKA_PASSWORD}
 *   eventHubsConnectionString: ${EVENTHUBS_CONNECTION_STRING}   # instead: the Event Hubs SASL form
 * limits: {maxLength: 8000, maxDepth: 100, maxInItems: 1000}
 * properties: {commit.interval.ms: 1000}   # any Kafka Streams, consumer or producer setting, applied last
 * </pre>
 *
 * A string value that is exactly {@code ${NAME}} is read from environment variable NAME, so secrets
 * need not be in the file. Immutable; thread-safe.
 */
public final class StreamsSettings {
    private static final Set<String> TOP = Set.of("applicationId", "bootstrapServers", "processingGuarantee", "threads",
            "topics", "security", "limits", "properties");
    private static final Set<String> TOPICS = Set.of("events", "routes", "routeErrors", "outputPrefix", "invalidEvents");
    private static final Set<String> SECURITY = Set.of("protocol", "mechanism", "username", "password",
            "eventHubsConnectionString");
    private static final Set<String> LIMITS = Set.of("maxLength", "maxDepth", "maxInItems");
    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern EH_ENDPOINT = Pattern.compile("(?i)(?:^|;)\\s*Endpoint\\s*=\\s*sb://([^/;:]+)");

    private final String applicationId;
    private final String bootstrapServers;
    private final String processingGuarantee;
    private final int threads;
    private final TopicNames topics;
    private final Limits limits;
    private final Map<String, String> security;
    private final Map<String, String> properties;

    private StreamsSettings(String applicationId, String bootstrapServers, String processingGuarantee, int threads,
            TopicNames topics, Limits limits, Map<String, String> security, Map<String, String> properties) {
        this.applicationId = applicationId;
        this.bootstrapServers = bootstrapServers;
        this.processingGuarantee = processingGuarantee;
        this.threads = threads;
        this.topics = topics;
        this.limits = limits;
        this.security = Map.copyOf(security);
        this.properties = Map.copyOf(properties);
    }

    /**
     * The keys a configuration file may hold: the top level's under {@code ""}, and each section's
     * ({@code topics}, {@code security}, {@code limits}) under its name; {@code properties} takes any key.
     */
    public static Map<String, Set<String>> keys() {
        return Map.of("", TOP, "topics", TOPICS, "security", SECURITY, "limits", LIMITS);
    }

    /** Thrown for a configuration that cannot be used; the message names the file and the setting. Immutable; thread-safe. */
    public static final class InvalidSettingsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** A problem described by {@code message}, naming the setting. */
        public InvalidSettingsException(String message) {
            super(message);
        }
    }

    /**
     * Reads {@code file}, resolving {@code ${NAME}} values from the environment.
     *
     * @throws InvalidSettingsException when the file is missing, unreadable or not a valid configuration
     */
    public static StreamsSettings read(Path file) {
        return read(file, System::getenv);
    }

    /** Reads {@code file}, resolving {@code ${NAME}} values with {@code environment} (null = unset). */
    public static StreamsSettings read(Path file, Function<String, String> environment) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidSettingsException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidSettingsException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(file.toString(), text, environment);
    }

    /** Parses configuration {@code text}; {@code name} is used in error messages. */
    public static StreamsSettings parse(String name, String text, Function<String, String> environment) {
        ObjectMapper yaml = new YAMLMapper(new YAMLFactory());
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidSettingsException(name + ": not YAML or JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSettingsException(name + ": the configuration must be a mapping (an object)");
        }
        Reader r = new Reader(name, environment);
        r.only(root, "", TOP);
        JsonNode t = r.object(root, "topics");
        r.only(t, "topics.", TOPICS);
        TopicNames defaults = TopicNames.defaults();
        TopicNames topics = new TopicNames(
                r.string(t, "events", "topics.", defaults.events()),
                r.string(t, "routes", "topics.", defaults.routes()),
                r.string(t, "routeErrors", "topics.", defaults.routeErrors()),
                r.string(t, "outputPrefix", "topics.", defaults.outputPrefix()),
                r.string(t, "invalidEvents", "topics.", null));
        JsonNode l = r.object(root, "limits");
        r.only(l, "limits.", LIMITS);
        Limits limits;
        try {
            limits = new Limits(r.integer(l, "maxLength", "limits.", Limits.DEFAULT.maxLength()),
                    r.integer(l, "maxDepth", "limits.", Limits.DEFAULT.maxDepth()),
                    r.integer(l, "maxInItems", "limits.", Limits.DEFAULT.maxInItems()));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(name + ": " + e.getMessage());
        }
        JsonNode s = r.object(root, "security");
        r.only(s, "security.", SECURITY);
        Map<String, String> security = new LinkedHashMap<>();
        for (String key : SECURITY) {
            String v = r.string(s, key, "security.", null);
            if (v != null) {
                security.put(key, v);
            }
        }
        JsonNode p = r.object(root, "properties");
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : p.properties()) {
            if (e.getValue().isContainerNode()) {
                throw new InvalidSettingsException(name + ": properties." + e.getKey() + " must be a single value");
            }
            properties.put(e.getKey(), r.resolve(e.getValue().asText(), "properties." + e.getKey()));
        }
        String guarantee = r.string(root, "processingGuarantee", "", StreamsConfig.AT_LEAST_ONCE)
                .toLowerCase(Locale.ROOT);
        if (!guarantee.equals(StreamsConfig.AT_LEAST_ONCE) && !guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
            throw new InvalidSettingsException(name + ": processingGuarantee must be at_least_once or exactly_once_v2, not '"
                    + guarantee + "'");
        }
        int threads = r.integer(root, "threads", "", 1);
        if (threads < 1) {
            throw new InvalidSettingsException(name + ": threads must be at least 1");
        }
        StreamsSettings settings = new StreamsSettings(r.string(root, "applicationId", "", "eventroute"),
                r.string(root, "bootstrapServers", "", null), guarantee, threads, topics, limits, security, properties);
        settings.check(name);
        return settings;
    }

    private void check(String name) {
        String cs = security.get("eventHubsConnectionString");
        if (cs != null && (security.containsKey("username") || security.containsKey("password"))) {
            throw new InvalidSettingsException(name + ": give security.eventHubsConnectionString or "
                    + "security.username/password, not both");
        }
        if (security.containsKey("username") != security.containsKey("password")) {
            throw new InvalidSettingsException(name + ": security.username and security.password go together");
        }
        String protocol = security.get("protocol");
        if (protocol != null && !PROTOCOLS.contains(protocol.toUpperCase(Locale.ROOT))) {
            throw new InvalidSettingsException(name + ": security.protocol must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, "
                    + "SASL_SSL, not '" + protocol + "'");
        }
        String mechanism = security.get("mechanism");
        if (mechanism != null && !MECHANISMS.contains(mechanism.toUpperCase(Locale.ROOT))) {
            throw new InvalidSettingsException(name + ": security.mechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, not '"
                    + mechanism + "'");
        }
        if (cs != null && mechanism != null && !mechanism.equalsIgnoreCase("PLAIN")) {
            throw new InvalidSettingsException(name + ": an Event Hubs connection string uses security.mechanism PLAIN");
        }
        if (bootstrapServers == null && cs == null && !properties.containsKey(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new InvalidSettingsException(name + ": bootstrapServers is missing (host:port[,host:port...])");
        }
        if (bootstrapServers == null && cs != null && eventHubsHost(cs) == null) {
            throw new InvalidSettingsException(name + ": security.eventHubsConnectionString has no "
                    + "'Endpoint=sb://<namespace>.servicebus.windows.net/' part; give bootstrapServers");
        }
    }

    private static String eventHubsHost(String connectionString) {
        Matcher m = EH_ENDPOINT.matcher(connectionString);
        return m.find() ? m.group(1) : null;
    }

    /** The Kafka Streams application id (the consumer group). */
    public String applicationId() {
        return applicationId;
    }

    /** The processing guarantee ({@code at_least_once} or {@code exactly_once_v2}). */
    public String processingGuarantee() {
        return processingGuarantee;
    }

    /** The topics the application reads and writes. */
    public TopicNames topics() {
        return topics;
    }

    /** The limits every route's filter is compiled with. */
    public Limits limits() {
        return limits;
    }

    /**
     * The Kafka Streams configuration: application id, bootstrap servers (for Event Hubs, the
     * namespace's Kafka endpoint on port 9093), processing guarantee, threads, security, then
     * {@code properties} over all of them.
     */
    public Properties toProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        String cs = security.get("eventHubsConnectionString");
        String bootstrap = bootstrapServers != null ? bootstrapServers : cs != null ? eventHubsHost(cs) + ":9093" : null;
        if (bootstrap != null) {
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        }
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads));
        String username = cs != null ? "$ConnectionString" : security.get("username");
        String password = cs != null ? cs : security.get("password");
        String protocol = security.get("protocol");
        if (protocol == null && username != null) {
            protocol = "SASL_SSL";
        }
        if (protocol != null) {
            p.put("security.protocol", protocol.toUpperCase(Locale.ROOT));
        }
        if (username != null) {
            String mechanism = security.getOrDefault("mechanism", "PLAIN").toUpperCase(Locale.ROOT);
            String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            p.put("sasl.mechanism", mechanism);
            p.put("sasl.jaas.config", module + " required username=\"" + jaasEscape(username) + "\" password=\""
                    + jaasEscape(password) + "\";");
        }
        p.putAll(properties);
        return p;
    }

    // JAAS options are double-quoted strings in which backslash escapes.
    private static String jaasEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        // Never the credentials.
        return "applicationId " + applicationId + ", " + processingGuarantee + ", " + threads + " thread(s), topics "
                + topics;
    }

    /** Reads typed values, naming the file and setting in every error. */
    private static final class Reader {
        private final String name;
        private final Function<String, String> environment;

        Reader(String name, Function<String, String> environment) {
            this.name = name;
            this.environment = Objects.requireNonNull(environment, "environment");
        }

        void only(JsonNode node, String prefix, Set<String> known) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    throw new InvalidSettingsException(name + ": unknown setting '" + prefix + key + "' (known: "
                            + String.join(", ", new TreeSet<>(known)) + ")");
                }
            }
        }

        JsonNode object(JsonNode parent, String key) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                return new ObjectMapper().createObjectNode();
            }
            if (!n.isObject()) {
                throw new InvalidSettingsException(name + ": " + key + " must be a mapping");
            }
            return n;
        }

        String string(JsonNode parent, String key, String prefix, String fallback) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isValueNode() || n.isBoolean()) {
                throw new InvalidSettingsException(name + ": " + prefix + key + " must be a string");
            }
            String v = resolve(n.asText(), prefix + key);
            if (v.isBlank()) {
                throw new InvalidSettingsException(name + ": " + prefix + key + " must not be empty");
            }
            return v;
        }

        int integer(JsonNode parent, String key, String prefix, int fallback) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                throw new InvalidSettingsException(name + ": " + prefix + key + " must be an integer");
            }
            return n.intValue();
        }

        String resolve(String value, String where) {
            Matcher m = ENV.matcher(value);
            if (!m.matches()) {
                return value;
            }
            String v = environment.apply(m.group(1));
            if (v == null) {
                throw new InvalidSettingsException(name + ": " + where + " names environment variable " + m.group(1)
                        + ", which is not set");
            }
            return v;
        }
    }
}
