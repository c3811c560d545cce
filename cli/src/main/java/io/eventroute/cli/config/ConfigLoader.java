package io.eventroute.cli.config;

import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.compiler.Limits;
import io.eventroute.compiler.ModelSet;
import io.eventroute.runtime.DeliveryOptions;
import io.eventroute.runtime.EndpointKinds;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.endpoint.EndpointSender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and checks the configuration file of {@code eventroute route} (YAML, or JSON when the name
 * ends in {@code .json}; the same structure): every problem of the file is collected, with its line,
 * before anything is created, so one run shows them all. {@code ${VAR}} in a value reads the
 * environment ({@code ${VAR:-default}} gives a default, {@code $${} is a literal {@code ${}); a
 * missing variable is an error. Relative paths are left relative: they resolve against the working
 * directory. Creates no files and opens no connections (endpoint kinds other than {@code file} are
 * checked by creating their sender and closing it at once; senders connect on first send).
 * Stateless; thread-safe.
 */
public final class ConfigLoader {
    private static final Set<String> TOP = Set.of("endpoints", "routes", "deadLetter", "delivery", "models", "twins");
    private static final Set<String> TOP_SERVE = Set.of("endpoints", "routes", "deadLetter", "delivery", "models", "twins",
            "server", "store");
    private static final Set<String> ROUTE_KEYS = Set.of("id", "endpoint", "filter", "topic", "dialect");
    private static final Set<String> ENDPOINT_KEYS = Set.of("name", "kind", "delivery");
    private static final Set<String> DELIVERY_KEYS = Set.of("queueCapacity", "linger", "maxAttempts", "initialBackoff",
            "maxBackoff", "maxRetryTime", "sendTimeout", "closeTimeout", "maxConcurrency");
    private static final Map<String, List<String>> KIND_SETTINGS = Map.of(
            "memory", List.of("maxBatchCount", "maxBatchBytes"),
            "file", List.of("path", "fsync", "maxBatchCount", "maxBatchBytes"),
            "webhook", List.of("url", "headers", "connectTimeout", "batch", "maxBatchCount", "maxBatchBytes"),
            "eventhubs", List.of("connectionString", "eventHub"),
            "servicebus", List.of("connectionString", "queue", "topic"),
            "eventgrid", List.of("endpoint", "key", "schema", "trustCertificate"));
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "file", List.of("path"),
            "webhook", List.of("url"),
            "eventhubs", List.of("connectionString"),
            "servicebus", List.of("connectionString"),
            "eventgrid", List.of("endpoint", "key"));
    private static final Set<String> FLAGS = Set.of("fsync", "batch");
    private static final Set<String> COUNTS = Set.of("maxBatchCount", "maxBatchBytes");
    private static final Pattern ENDPOINT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
    private static final Pattern SECRET_HEADER = Pattern.compile("(?i).*(authorization|key|token|secret|sas|password).*");
    private static final Pattern SECRET_QUERY = Pattern.compile("(?i).*[?&](sig|code|key|token|secret|password)=.*");

    private final EndpointKinds kinds;
    private final Function<String, String> environment;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<Dialect, FilterCompiler> compilers = new EnumMap<>(Dialect.class);
    // Scalars that a ${VAR} reference supplied, which the secret check leaves alone.
    final Set<Node.Scalar> environmentScalars = Collections.newSetFromMap(new IdentityHashMap<>());

    private boolean serve;
    private ServeConfig serveConfig;
    private ModelSet modelSet = ModelSet.empty();

    private ConfigLoader(EndpointKinds kinds, Function<String, String> environment) {
        this.kinds = kinds;
        this.environment = environment;
    }

    /** What loading found: a configuration when there were no errors, and every problem sorted by line. */
    public record Result(RouteConfig config, List<ConfigProblem> problems, ServeConfig serve) {
        public Result {
            problems = List.copyOf(problems);
        }

        Result(RouteConfig config, List<ConfigProblem> problems) {
            this(config, problems, null);
        }

        public boolean hasErrors() {
            return config == null;
        }

        public long errorCount() {
            return problems.stream().filter(ConfigProblem::error).count();
        }
    }

    /**
     * Loads {@code file}, reading {@code ${VAR}} references from {@code environment} (such as
     * {@code System::getenv}), checking endpoint settings with {@code kinds}.
     */
    public static Result load(Path file, Function<String, String> environment, EndpointKinds kinds) {
        return load(file, environment, kinds, false);
    }

    /**
     * Loads {@code file} as {@code eventroute serve} reads it: the route command's configuration plus
     * its {@code server} and {@code store} sections ({@link Result#serve()}).
     */
    public static Result loadServe(Path file, Function<String, String> environment, EndpointKinds kinds) {
        return load(file, environment, kinds, true);
    }

    private static Result load(Path file, Function<String, String> environment, EndpointKinds kinds, boolean serve) {
        Objects.requireNonNull(file, "file");
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Result(null, List.of(ConfigProblem.error(0, "no such file")));
        } catch (IOException e) {
            return new Result(null, List.of(ConfigProblem.error(0, "cannot read (" + e.getMessage() + ")")));
        }
        boolean json = file.getFileName() != null
                && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        return parse(content, json, environment, kinds, serve);
    }

    /** Loads a configuration from {@code content}, JSON when {@code json} is true, else YAML. */
    public static Result parse(byte[] content, boolean json, Function<String, String> environment, EndpointKinds kinds) {
        return parse(content, json, environment, kinds, false);
    }

    private static Result parse(byte[] content, boolean json, Function<String, String> environment, EndpointKinds kinds,
            boolean serve) {
        ConfigLoader loader = new ConfigLoader(Objects.requireNonNull(kinds, "kinds"),
                Objects.requireNonNull(environment, "environment"));
        loader.serve = serve;
        Node root = TreeReader.read(content, json, loader.problems);
        RouteConfig config = root == null ? null : loader.top(root);
        if (serve && root instanceof Node.MapNode map) {
            loader.serveConfig = ServeSections.read(loader, map);
        }
        List<ConfigProblem> sorted = new ArrayList<>(loader.problems);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line));
        boolean errors = sorted.stream().anyMatch(ConfigProblem::error);
        return new Result(errors ? null : config, sorted, errors ? null : loader.serveConfig);
    }

    // ---------------------------------------------------------------- sections

    private RouteConfig top(Node root) {
        if (!(root instanceof Node.MapNode map)) {
            error(root, "the file must be a mapping with 'endpoints' and 'routes' (and optionally 'deadLetter' and "
                    + "'delivery'), not " + root.describe());
            return null;
        }
        // "x-..." keys hold YAML anchors for merge keys (<<: *x-common), as in Compose files.
        Node.MapNode checked = new Node.MapNode(new LinkedHashMap<>(map.entries()), map.line(), map.column());
        checked.entries().keySet().removeIf(k -> k.startsWith("x-"));
        unknownKeys(checked, serve ? TOP_SERVE : TOP, "unknown top-level key");
        DeliveryOptions defaults = DeliveryOptions.defaults();
        Node delivery = map.get("delivery");
        if (delivery != null) {
            defaults = delivery(delivery, defaults, "delivery");
        }
        Path deadLetter = null;
        Node dl = map.get("deadLetter");
        if (dl != null) {
            deadLetter = deadLetter(dl);
        }
        List<EndpointConfig> endpoints = new ArrayList<>();
        Map<String, String> kindsByName = new LinkedHashMap<>();
        Node eps = map.get("endpoints");
        if (eps == null) {
            problems.add(ConfigProblem.error(map.line(), "no 'endpoints': list the endpoints events go to"));
        } else if (list(eps, "'endpoints'") != null) {
            for (Node item : ((Node.ListNode) eps).items()) {
                EndpointConfig e = endpoint(item, defaults, kindsByName);
                if (e != null) {
                    endpoints.add(e);
                }
            }
        }
        // Before the routes: their filters are checked against the models (warning W5006).
        ModelsConfig models = map.get("models") == null ? ModelsConfig.NONE : ModelsSection.read(this, map.get("models"));
        if (map.get("twins") != null) {
            models = ModelsSection.twins(this, map.get("twins"), models);
        }
        modelSet = models.set();
        List<RouteConfig.RouteEntry> routes = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        Node rs = map.get("routes");
        if (rs == null) {
            if (!serve) { // serve's routes may all come through its API
                problems.add(ConfigProblem.error(map.line(), "no 'routes': list the routes that send events to endpoints"));
            }
        } else if (list(rs, "'routes'") != null) {
            Set<String> ids = new LinkedHashSet<>();
            for (Node item : ((Node.ListNode) rs).items()) {
                RouteConfig.RouteEntry r = route(item, kindsByName, ids);
                if (r != null) {
                    routes.add(r);
                    used.add(r.route().endpointName());
                }
            }
            if (((Node.ListNode) rs).items().isEmpty() && !serve) {
                warning(rs, "'routes' is empty: no event will be delivered");
            }
        }
        for (EndpointConfig e : endpoints) {
            if (!serve && !used.contains(e.name()) && problems.stream().noneMatch(ConfigProblem::error)) {
                problems.add(ConfigProblem.warning(e.line(), "endpoint '" + e.name() + "' is used by no route"));
            }
        }
        return new RouteConfig(endpoints, routes, deadLetter, defaults, models);
    }

    private Path deadLetter(Node node) {
        if (!(node instanceof Node.MapNode map)) {
            error(node, "'deadLetter' must be a mapping such as {path: out/deadletter}, not " + node.describe());
            return null;
        }
        unknownKeys(map, Set.of("path"), "'deadLetter': unknown key");
        Node path = map.get("path");
        if (path == null) {
            error(map, "'deadLetter' needs 'path', the directory undeliverable events are written to");
            return null;
        }
        String p = string(path, "'deadLetter.path'");
        Path dir = p == null ? null : path(path, p, "'deadLetter.path'");
        if (dir != null) {
            // Created on the first dead letter; a file in the way would fail every event, one by one.
            for (Path at = dir.toAbsolutePath(); at != null; at = at.getParent()) {
                if (Files.exists(at)) {
                    if (!Files.isDirectory(at)) {
                        error(path, "'deadLetter.path' " + (at.equals(dir.toAbsolutePath()) ? "is a file"
                                : "cannot be created: " + at + " is a file") + ", not a directory");
                        return null;
                    }
                    break;
                }
            }
        }
        return dir;
    }

    Path path(Node at, String value, String what) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            error(at, what + " is not a valid path (" + e.getReason() + ")");
            return null;
        }
    }

    private DeliveryOptions delivery(Node node, DeliveryOptions base, String what) {
        if (!(node instanceof Node.MapNode map)) {
            error(node, "'" + what + "' must be a mapping (" + String.join(", ", DELIVERY_KEYS) + "), not "
                    + node.describe());
            return base;
        }
        unknownKeys(map, DELIVERY_KEYS, "'" + what + "': unknown key");
        DeliveryOptions d = base;
        for (Node.Entry e : map.entries().values()) {
            String v = scalarText(e.value(), "'" + what + "." + e.key() + "'");
            if (v == null || !DELIVERY_KEYS.contains(e.key())) {
                continue;
            }
            String name = "'" + what + "." + e.key() + "'";
            try {
                switch (e.key()) {
                    case "queueCapacity":
                        d = d.withQueueCapacity(positiveInt(e.value(), v, name));
                        break;
                    case "maxAttempts":
                        d = d.withMaxAttempts(positiveInt(e.value(), v, name));
                        break;
                    case "maxConcurrency":
                        d = d.withMaxConcurrency(positiveInt(e.value(), v, name));
                        break;
                    case "linger":
                        d = d.withLinger(duration(e.value(), v, name, d.linger()));
                        break;
                    case "initialBackoff":
                        d = d.withBackoff(duration(e.value(), v, name, d.initialBackoff()), d.maxBackoff());
                        break;
                    case "maxBackoff":
                        d = d.withBackoff(d.initialBackoff(), duration(e.value(), v, name, d.maxBackoff()));
                        break;
                    case "maxRetryTime":
                        d = d.withMaxRetryTime(duration(e.value(), v, name, d.maxRetryTime()));
                        break;
                    case "sendTimeout":
                        d = d.withSendTimeout(duration(e.value(), v, name, d.sendTimeout()));
                        break;
                    default:
                        d = d.withCloseTimeout(duration(e.value(), v, name, d.closeTimeout()));
                        break;
                }
            } catch (IllegalArgumentException ex) {
                error(e.value(), name + ": " + ex.getMessage());
            }
        }
        return d;
    }

    private EndpointConfig endpoint(Node node, DeliveryOptions defaults, Map<String, String> kindsByName) {
        if (!(node instanceof Node.MapNode map)) {
            error(node, "an endpoint is a mapping with 'name', 'kind' and its settings, not " + node.describe());
            return null;
        }
        int before = errorCount();
        String name = requiredString(map, "name", "an endpoint");
        String label = name == null ? "the endpoint at line " + map.line() : "endpoint '" + name + "'";
        if (name != null) {
            if (!ENDPOINT_NAME.matcher(name).matches()) {
                error(map.get("name"), "invalid endpoint name '" + name + "': use 1 to 128 letters, digits, '-', '_' "
                        + "and '.', starting with a letter or digit");
            } else if (kindsByName.containsKey(name)) {
                error(map.get("name"), "endpoint name '" + name + "' is used twice");
                name = null;
            }
        }
        String kind = requiredString(map, "kind", label);
        List<String> known = null;
        if (kind != null) {
            known = KIND_SETTINGS.get(kind);
            if (!kinds.kinds().contains(kind)) {
                error(map.get("kind"), label + ": unknown kind '" + kind + "'" + Suggestions.hint(kind, kinds.kinds()));
                kind = null;
            } else if (known == null) {
                known = List.of();
            }
        }
        if (name != null) {
            // Known even when its kind is not, so that routes to it do not add "no endpoint is named" errors.
            kindsByName.put(name, kind);
        }
        DeliveryOptions delivery = defaults;
        if (map.get("delivery") != null) {
            delivery = delivery(map.get("delivery"), defaults, "delivery of " + label);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, Node> settingNodes = new LinkedHashMap<>();
        for (Node.Entry e : map.entries().values()) {
            if (ENDPOINT_KEYS.contains(e.key())) {
                continue;
            }
            if (known == null) {
                continue; // the kind is missing or unknown, so its settings cannot be checked
            }
            if ("webhook".equals(kind) && e.key().equals("headers")) {
                headers(e.value(), label, settings, settingNodes);
                continue;
            }
            if ("webhook".equals(kind) && e.key().startsWith("header.") && e.key().length() > 7) {
                String v = scalarText(e.value(), label + ": '" + e.key() + "'");
                if (v != null) {
                    settings.put(e.key(), v);
                    settingNodes.put(e.key(), e.value());
                }
                continue;
            }
            if (!known.contains(e.key())) {
                List<String> all = new ArrayList<>(known);
                all.addAll(List.of("name", "kind", "delivery"));
                problems.add(ConfigProblem.error(e.keyLine(), label + ": unknown setting '" + e.key() + "' for kind '"
                        + kind + "'" + Suggestions.hint(e.key(), all)));
                continue;
            }
            String v = scalarText(e.value(), label + ": '" + e.key() + "'");
            if (v == null) {
                continue;
            }
            if (FLAGS.contains(e.key()) && !v.equals("true") && !v.equals("false")) {
                error(e.value(), label + ": '" + e.key() + "' must be true or false, not '" + v + "'");
            } else if (COUNTS.contains(e.key())) {
                positiveInt(e.value(), v, label + ": '" + e.key() + "'");
            } else if (e.key().equals("connectTimeout")) {
                duration(e.value(), v, label + ": '" + e.key() + "'", null);
            }
            settings.put(e.key(), v);
            settingNodes.put(e.key(), e.value());
        }
        if (kind != null) {
            for (String required : REQUIRED.getOrDefault(kind, List.of())) {
                if (!map.entries().containsKey(required)) {
                    error(map, label + ": kind '" + kind + "' needs the setting '" + required + "'");
                }
            }
            secrets(label, settings, settingNodes);
        }
        if (errorCount() > before || name == null || kind == null) {
            return null;
        }
        if (!kind.equals("file")) {
            trial(map, label, name, kind, settings, settingNodes);
        }
        return new EndpointConfig(name, kind, settings, delivery, map.line());
    }

    private void headers(Node node, String label, Map<String, String> settings, Map<String, Node> nodes) {
        if (!(node instanceof Node.MapNode map)) {
            error(node, label + ": 'headers' must be a mapping of header names to values, not " + node.describe());
            return;
        }
        for (Node.Entry e : map.entries().values()) {
            String v = scalarText(e.value(), label + ": header '" + e.key() + "'");
            if (v != null) {
                settings.put("header." + e.key(), v);
                nodes.put("header." + e.key(), e.value());
            }
        }
    }

    // The runtime's factories know the fine rules (URLs, connection strings); run them without side effects.
    private void trial(Node.MapNode map, String label, String name, String kind, Map<String, String> settings,
            Map<String, Node> nodes) {
        try {
            EndpointSender sender = kinds.create(kind, name, settings);
            sender.close();
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            Matcher m = Pattern.compile("setting '([^']+)'").matcher(message);
            Node at = m.find() && nodes.containsKey(m.group(1)) ? nodes.get(m.group(1)) : map;
            error(at, message.startsWith("endpoint '") ? message : label + ": " + message);
        }
    }

    private void secrets(String label, Map<String, String> settings, Map<String, Node> nodes) {
        for (Map.Entry<String, String> s : settings.entrySet()) {
            Node n = nodes.get(s.getKey());
            if (n instanceof Node.Scalar sc && environmentScalars.contains(sc)) {
                continue;
            }
            String key = s.getKey();
            String v = s.getValue();
            String lower = v.toLowerCase(Locale.ROOT);
            boolean secret;
            if (key.equals("connectionString")) {
                secret = (lower.contains("sharedaccesskey=") || lower.contains("sharedaccesssignature="))
                        && !lower.contains("usedevelopmentemulator=true");
            } else if (key.equals("key")) {
                secret = !v.isBlank();
            } else if (key.startsWith("header.")) {
                secret = SECRET_HEADER.matcher(key.substring(7)).matches() && !v.isBlank();
            } else if (key.equals("url") || key.equals("endpoint")) {
                secret = SECRET_QUERY.matcher(v).matches() || v.matches("(?i)[a-z]+://[^/@]*:[^/@]*@.*");
            } else {
                secret = false;
            }
            if (secret) {
                String variable = (label.replaceAll("^endpoint '|'$", "") + "_" + key.replace("header.", ""))
                        .toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
                warning(n, label + ": '" + key + "' holds a secret written in the file; anyone who can read the file "
                        + "can use it: write ${" + variable + "} and set that environment variable instead");
            }
        }
    }

    private RouteConfig.RouteEntry route(Node node, Map<String, String> kindsByName, Set<String> ids) {
        if (!(node instanceof Node.MapNode map)) {
            error(node, "a route is a mapping with 'id', 'endpoint' and 'filter', not " + node.describe());
            return null;
        }
        int before = errorCount();
        String id = requiredString(map, "id", "a route");
        String label = id == null ? "the route at line " + map.line() : "route '" + id + "'";
        if (id != null && !ids.add(id)) {
            error(map.get("id"), "route id '" + id + "' is used twice");
        }
        unknownKeys(map, ROUTE_KEYS, label + ": unknown key");
        String endpoint = requiredString(map, "endpoint", label);
        if (endpoint != null && !kindsByName.containsKey(endpoint)) {
            error(map.get("endpoint"), label + ": no endpoint is named '" + endpoint + "'"
                    + (kindsByName.isEmpty() ? "" : Suggestions.hint(endpoint, kindsByName.keySet())));
        }
        Dialect dialect = Dialect.ADT;
        if (map.get("dialect") != null) {
            String d = string(map.get("dialect"), label + ": 'dialect'");
            if (d != null) {
                try {
                    dialect = Dialect.fromId(d);
                } catch (IllegalArgumentException e) {
                    error(map.get("dialect"), label + ": " + e.getMessage());
                }
            }
        }
        String topic = null;
        if (map.get("topic") != null) {
            topic = string(map.get("topic"), label + ": 'topic'");
            if (topic != null && "file".equals(kindsByName.get(endpoint))) {
                warning(map.get("topic"), label + ": file endpoints ignore a route's topic");
            }
        }
        String filter = requiredString(map, "filter", label);
        if (filter != null) {
            Dialect dl = dialect;
            CompileResult result = compilers.computeIfAbsent(dl,
                    k -> FilterCompiler.builder().dialect(k).limits(Limits.DEFAULT).build()).withModels(modelSet).compile(filter);
            Node at = map.get("filter");
            if (result.hasErrors()) {
                StringBuilder detail = new StringBuilder();
                result.errors().forEach(dg -> detail.append(indent(dg.render())));
                problems.add(new ConfigProblem(true, fileLine(at, filter, result.errors().get(0)), label
                        + ": the filter has " + count(result.errors().size(), "error"), detail.toString()));
            }
            for (Diagnostic w : result.warnings()) {
                problems.add(new ConfigProblem(false, fileLine(at, filter, w), label + ": the filter has a warning",
                        indent(w.render())));
            }
        }
        if (errorCount() > before) {
            return null;
        }
        return new RouteConfig.RouteEntry(new EventRoute(id, endpoint, topic, filter, dialect), map.line());
    }

    // The line of the file a filter's diagnostic is on. A filter of several lines can only be a block
    // literal (filter: |), whose text starts on the line after the key; YAML folds the other styles into one.
    private static int fileLine(Node filterNode, String filter, Diagnostic d) {
        return filter.indexOf('\n') < 0 ? filterNode.line() : filterNode.line() + Math.max(1, d.line());
    }

    // ---------------------------------------------------------------- values

    private String requiredString(Node.MapNode map, String key, String owner) {
        Node n = map.get(key);
        if (n == null) {
            error(map, owner + " needs '" + key + "'");
            return null;
        }
        return string(n, owner + ": '" + key + "'");
    }

    /** A value that must be a string (numbers and booleans are taken as their text). */
    String string(Node n, String what) {
        String v = scalarText(n, what);
        if (v != null && v.isBlank()) {
            error(n, what + " is empty");
            return null;
        }
        return v;
    }

    /** The text of a scalar with its {@code ${VAR}} references replaced; null (and a problem) otherwise. */
    String scalarText(Node n, String what) {
        if (!(n instanceof Node.Scalar s)) {
            error(n, what + " must be a single value, not " + n.describe());
            return null;
        }
        if (s.text() == null) {
            error(n, what + " has no value");
            return null;
        }
        return substitute(s);
    }

    private String substitute(Node.Scalar s) {
        String text = s.text();
        if (!text.contains("${")) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        int at = 0;
        boolean ok = true;
        boolean fromEnvironment = false;
        while (m.find()) {
            out.append(text, at, m.start());
            at = m.end();
            if (m.group().equals("$${")) {
                out.append("${");
                continue;
            }
            String value = environment.apply(m.group(1));
            // As in the shell, ':-' replaces an empty value too (an empty OUTDIR must not make '/e.jsonl').
            if (value != null && value.isEmpty() && m.group(2) != null) {
                value = null;
            }
            fromEnvironment |= value != null;
            if (value == null) {
                value = m.group(3);
            }
            if (value == null) {
                error(s, "the environment variable " + m.group(1) + " is not set (write ${" + m.group(1)
                        + ":-default} for a default)");
                ok = false;
                continue;
            }
            out.append(value);
        }
        out.append(text, at, text.length());
        String result = out.toString();
        if (ok && result.contains("${") && !text.contains("$${")) {
            error(s, "a malformed ${...} reference: write ${NAME} with a name of letters, digits and '_'");
            return null;
        }
        if (!ok) {
            return null;
        }
        if (fromEnvironment) {
            environmentScalars.add(s);
        }
        return result;
    }

    int positiveInt(Node at, String v, String what) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(at, what + " must be a positive whole number, not '" + v + "'");
        return 1;
    }

    /** A duration as {@link DeliveryOptions#parseDuration} reads it; {@code fallback} (and a problem) when it is bad. */
    Duration duration(Node at, String v, String what, Duration fallback) {
        try {
            return DeliveryOptions.parseDuration(v);
        } catch (IllegalArgumentException e) {
            error(at, what + " " + e.getMessage());
            return fallback;
        }
    }

    Node.ListNode list(Node n, String what) {
        if (n instanceof Node.ListNode l) {
            return l;
        }
        error(n, what + " must be a list (items start with '-'), not " + n.describe());
        return null;
    }

    void unknownKeys(Node.MapNode map, Set<String> known, String what) {
        for (Node.Entry e : map.entries().values()) {
            if (!known.contains(e.key())) {
                problems.add(ConfigProblem.error(e.keyLine(), what + " '" + e.key() + "'"
                        + Suggestions.hint(e.key(), new TreeSet<>(known))));
            }
        }
    }

    private static String indent(String rendered) {
        StringBuilder b = new StringBuilder();
        for (String line : rendered.split("\n", -1)) {
            if (!line.isEmpty()) {
                b.append("    ").append(line).append(System.lineSeparator());
            }
        }
        return b.toString();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    int errorCount() {
        int n = 0;
        for (ConfigProblem p : problems) {
            n += p.error() ? 1 : 0;
        }
        return n;
    }

    void error(Node at, String message) {
        problems.add(ConfigProblem.error(at.line(), message));
    }

    void warning(Node at, String message) {
        problems.add(ConfigProblem.warning(at.line(), message));
    }
}
