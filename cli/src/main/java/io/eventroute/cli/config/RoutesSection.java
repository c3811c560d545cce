package io.eventroute.cli.config;

import io.eventroute.compiler.CompileCache;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.compiler.Limits;
import io.eventroute.compiler.ModelSet;
import io.eventroute.runtime.EventRoute;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routes of the file: each one's unique id, its endpoint (which must be named in the file), topic,
 * dialect, and filter, compiled against the file's models with every diagnostic at the filter's own
 * line of the file. Not thread-safe (one load).
 */
final class RoutesSection {
    private static final Set<String> ROUTE_KEYS = Set.of("id", "endpoint", "filter", "topic", "dialect");

    private final ConfigValues values;
    private final ModelSet models;
    // One compiler per dialect, made up front: they are used from several threads (see precompile).
    private final Map<Dialect, FilterCompiler> compilers = new EnumMap<>(Dialect.class);
    private final Set<String> ids = new LinkedHashSet<>();
    // Configurations repeat filters (the same condition to several endpoints): each text is compiled once.
    private final CompileCache compiled = new CompileCache((dialect, filter) -> compilers.get(dialect).compile(filter));

    RoutesSection(ConfigValues values, ModelSet models) {
        this.values = values;
        this.models = models;
        for (Dialect d : Dialect.values()) {
            compilers.put(d, FilterCompiler.builder().dialect(d).limits(Limits.DEFAULT).build().withModels(models));
        }
    }

    /**
     * Compiles the filters of {@code items} (route mappings) on the common pool's threads, each distinct
     * text once, before {@link #read} walks them in order: compiling was most of reading a configuration
     * of many routes. Items that are not well-formed routes are left to {@code read}, which reports them.
     */
    void precompile(List<Node> items) {
        record Pending(Dialect dialect, String filter) {
        }
        List<Pending> pending = new ArrayList<>();
        for (Node item : items) {
            if (item instanceof Node.MapNode map && map.get("filter") instanceof Node.Scalar f && f.string() && f.text() != null) {
                Dialect dialect = Dialect.ADT;
                if (map.get("dialect") instanceof Node.Scalar d && d.text() != null) {
                    try {
                        dialect = Dialect.fromId(d.text());
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                }
                pending.add(new Pending(dialect, f.text()));
            }
        }
        pending.parallelStream().forEach(p -> compiled.compile(p.dialect(), p.filter()));
    }

    /**
     * The route of list item {@code node}, or null when it has errors (each reported); {@code kindsByName}
     * holds the file's endpoints and their kinds.
     */
    RouteConfig.RouteEntry read(Node node, Map<String, String> kindsByName) {
        if (!(node instanceof Node.MapNode map)) {
            values.error(node, "a route is a mapping with 'id', 'endpoint' and 'filter', not " + node.describe());
            return null;
        }
        int before = values.errorCount();
        String id = values.requiredString(map, "id", "a route");
        String label = id == null ? "the route at line " + map.line() : "route '" + id + "'";
        if (id != null && !ids.add(id)) {
            values.error(map.get("id"), "route id '" + id + "' is used twice");
        }
        values.unknownKeys(map, ROUTE_KEYS, label + ": unknown key");
        String endpoint = values.requiredString(map, "endpoint", label);
        if (endpoint != null && !kindsByName.containsKey(endpoint)) {
            values.error(map.get("endpoint"), label + ": no endpoint is named '" + endpoint + "'"
                    + (kindsByName.isEmpty() ? "" : Suggestions.hint(endpoint, kindsByName.keySet())));
        }
        Dialect dialect = Dialect.ADT;
        if (map.get("dialect") != null) {
            String d = values.string(map.get("dialect"), label + ": 'dialect'");
            if (d != null) {
                try {
                    dialect = Dialect.fromId(d);
                } catch (IllegalArgumentException e) {
                    values.error(map.get("dialect"), label + ": " + e.getMessage());
                }
            }
        }
        String topic = null;
        if (map.get("topic") != null) {
            topic = values.string(map.get("topic"), label + ": 'topic'");
            if (topic != null && "file".equals(kindsByName.get(endpoint))) {
                values.warning(map.get("topic"), label + ": file endpoints ignore a route's topic");
            }
        }
        String filter = values.requiredString(map, "filter", label);
        CompileResult result = filter == null ? null : compile(map.get("filter"), filter, dialect, label);
        if (values.errorCount() > before) {
            return null;
        }
        return new RouteConfig.RouteEntry(new EventRoute(id, endpoint, topic, filter, dialect), map.line(), result.orThrow());
    }

    private CompileResult compile(Node at, String filter, Dialect dialect, String label) {
        CompileResult result = compiled.compile(dialect, filter);
        if (result.hasErrors()) {
            StringBuilder detail = new StringBuilder();
            result.errors().forEach(dg -> detail.append(indent(dg.render())));
            values.add(new ConfigProblem(true, fileLine(at, filter, result.errors().get(0)), label
                    + ": the filter has " + count(result.errors().size(), "error"), detail.toString()));
        }
        for (Diagnostic w : result.warnings()) {
            values.add(new ConfigProblem(false, fileLine(at, filter, w), label + ": the filter has a warning",
                    indent(w.render())));
        }
        return result;
    }

    // The line of the file a filter's diagnostic is on. A filter of several lines can only be a block
    // literal (filter: |), whose text starts on the line after the key; YAML folds the other styles into one.
    private static int fileLine(Node filterNode, String filter, Diagnostic d) {
        return filter.indexOf('\n') < 0 ? filterNode.line() : filterNode.line() + Math.max(1, d.line());
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
}
