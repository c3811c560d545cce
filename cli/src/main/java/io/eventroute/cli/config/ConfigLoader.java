package io.eventroute.cli.config;

import io.eventroute.runtime.DeliveryOptions;
import io.eventroute.runtime.EndpointKinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and checks the configuration file of {@code eventroute route} (YAML, or JSON when the name
 * ends in {@code .json}; the same structure): every problem of the file is collected, with its line,
 * before anything is created, so one run shows them all. {@code ${VAR}} in a value reads the
 * environment ({@code ${VAR:-default}} gives a default, {@code $${} is a literal {@code ${}); a
 * missing variable is an error. Relative paths are left relative: they resolve against the working
 * directory. Creates no files and opens no connections (endpoint kinds other than {@code file} are
 * checked by creating their sender and closing it at once; senders connect on first send).
 * Each section is read by a class of its own ({@code EndpointsSection}, {@code DeliverySection},
 * {@code RoutesSection}, {@code ModelsSection}, {@code ServeSections}) through one {@code ConfigValues}.
 * Stateless; thread-safe.
 */
public final class ConfigLoader {
    private static final Set<String> TOP = Set.of("endpoints", "routes", "deadLetter", "delivery", "models", "twins");
    private static final Set<String> TOP_SERVE = Set.of("endpoints", "routes", "deadLetter", "delivery", "models", "twins",
            "server", "store");

    private final EndpointKinds kinds;
    private final ConfigValues values;
    private final boolean serve;

    private ConfigLoader(EndpointKinds kinds, Function<String, String> environment, boolean serve) {
        this.kinds = kinds;
        this.values = new ConfigValues(environment);
        this.serve = serve;
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
                Objects.requireNonNull(environment, "environment"), serve);
        ConfigValues values = loader.values;
        Node root = TreeReader.read(content, json, values.problems());
        RouteConfig config = root == null ? null : loader.top(root);
        ServeConfig serveConfig = null;
        if (serve && root instanceof Node.MapNode map) {
            serveConfig = ServeSections.read(values, map);
        }
        List<ConfigProblem> sorted = new ArrayList<>(values.problems());
        sorted.sort(Comparator.comparingInt(ConfigProblem::line));
        boolean errors = sorted.stream().anyMatch(ConfigProblem::error);
        return new Result(errors ? null : config, sorted, errors ? null : serveConfig);
    }

    private RouteConfig top(Node root) {
        if (!(root instanceof Node.MapNode map)) {
            values.error(root, "the file must be a mapping with 'endpoints' and 'routes' (and optionally 'deadLetter' and "
                    + "'delivery'), not " + root.describe());
            return null;
        }
        // "x-..." keys hold YAML anchors for merge keys (<<: *x-common), as in Compose files.
        Node.MapNode checked = new Node.MapNode(new LinkedHashMap<>(map.entries()), map.line(), map.column());
        checked.entries().keySet().removeIf(k -> k.startsWith("x-"));
        values.unknownKeys(checked, serve ? TOP_SERVE : TOP, "unknown top-level key");
        DeliveryOptions defaults = DeliveryOptions.defaults();
        Node delivery = map.get("delivery");
        if (delivery != null) {
            defaults = DeliverySection.read(values, delivery, defaults, "delivery");
        }
        Path deadLetter = null;
        Node dl = map.get("deadLetter");
        if (dl != null) {
            deadLetter = deadLetter(dl);
        }
        EndpointsSection endpointsSection = new EndpointsSection(values, kinds);
        List<EndpointConfig> endpoints = new ArrayList<>();
        Node eps = map.get("endpoints");
        if (eps == null) {
            values.error(map.line(), "no 'endpoints': list the endpoints events go to");
        } else if (values.list(eps, "'endpoints'") != null) {
            for (Node item : ((Node.ListNode) eps).items()) {
                EndpointConfig e = endpointsSection.read(item, defaults);
                if (e != null) {
                    endpoints.add(e);
                }
            }
        }
        // Before the routes: their filters are checked against the models (warning W5006).
        ModelsConfig models = map.get("models") == null ? ModelsConfig.NONE : ModelsSection.read(values, map.get("models"));
        if (map.get("twins") != null) {
            models = ModelsSection.twins(values, map.get("twins"), models);
        }
        RoutesSection routesSection = new RoutesSection(values, models.set());
        List<RouteConfig.RouteEntry> routes = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        Node rs = map.get("routes");
        if (rs == null) {
            if (!serve) { // serve's routes may all come through its API
                values.error(map.line(), "no 'routes': list the routes that send events to endpoints");
            }
        } else if (values.list(rs, "'routes'") != null) {
            routesSection.precompile(((Node.ListNode) rs).items());
            for (Node item : ((Node.ListNode) rs).items()) {
                RouteConfig.RouteEntry r = routesSection.read(item, endpointsSection.kindsByName());
                if (r != null) {
                    routes.add(r);
                    used.add(r.route().endpointName());
                }
            }
            if (((Node.ListNode) rs).items().isEmpty() && !serve) {
                values.warning(rs, "'routes' is empty: no event will be delivered");
            }
        }
        for (EndpointConfig e : endpoints) {
            if (!serve && !used.contains(e.name()) && !values.hasErrors()) {
                values.warning(e.line(), "endpoint '" + e.name() + "' is used by no route");
            }
        }
        return new RouteConfig(endpoints, routes, deadLetter, defaults, models);
    }

    private Path deadLetter(Node node) {
        if (!(node instanceof Node.MapNode map)) {
            values.error(node, "'deadLetter' must be a mapping such as {path: out/deadletter}, not " + node.describe());
            return null;
        }
        values.unknownKeys(map, Set.of("path"), "'deadLetter': unknown key");
        Node path = map.get("path");
        if (path == null) {
            values.error(map, "'deadLetter' needs 'path', the directory undeliverable events are written to");
            return null;
        }
        String p = values.string(path, "'deadLetter.path'");
        Path dir = p == null ? null : values.path(path, p, "'deadLetter.path'");
        if (dir != null) {
            // Created on the first dead letter; a file in the way would fail every event, one by one.
            for (Path at = dir.toAbsolutePath(); at != null; at = at.getParent()) {
                if (Files.exists(at)) {
                    if (!Files.isDirectory(at)) {
                        values.error(path, "'deadLetter.path' " + (at.equals(dir.toAbsolutePath()) ? "is a file"
                                : "cannot be created: " + at + " is a file") + ", not a directory");
                        return null;
                    }
                    break;
                }
            }
        }
        return dir;
    }
}
