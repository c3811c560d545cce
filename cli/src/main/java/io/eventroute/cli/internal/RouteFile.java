package io.eventroute.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.compiler.Limits;
import io.eventroute.runtime.RouteTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads a JSON Lines file of routes ({@code {"id": "...", "filter": "...", "dialect": "adt"}}) into a
 * {@link RouteTable}, reporting every bad line and every bad filter (with its diagnostics) before
 * giving up, so that one run shows all the problems of a file.
 */
public final class RouteFile {
    // "routes:", "  - id: x", "endpoints: [...]": a YAML mapping key, which no JSON line starts with (nor '#').
    private static final Pattern YAML_KEY = Pattern.compile("\\s*(-\\s+)?[A-Za-z_][A-Za-z0-9_]*:(\\s.*)?");

    private RouteFile() {
    }

    /**
     * Loads {@code name} into {@code table}.
     *
     * @return the number of problems reported on {@code err} (0 when every route was added)
     */
    public static int load(String name, InputStream stdin, Dialect defaultDialect, Limits limits, RouteTable table,
            PrintWriter err) {
        Map<Dialect, FilterCompiler> compilers = new EnumMap<>(Dialect.class);
        Set<String> seen = new HashSet<>();
        int problems = 0;
        int lineNumber = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Inputs.open(name, stdin), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String where = name + ":" + lineNumber;
                JsonNode node;
                try {
                    node = Json.MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    if (problems == 0 && (YAML_KEY.matcher(line).matches() || line.strip().startsWith("#"))) {
                        // One message, not one per line of a file of another kind.
                        err.println(where + ": error: this looks like a route config (YAML) for 'eventroute route "
                                + "--config', not JSON Lines of routes, one {\"id\": \"...\", \"filter\": \"...\"} per line");
                        return 1;
                    }
                    err.println(where + ": error: not a JSON object: " + Json.problem(e));
                    problems++;
                    continue;
                }
                if (!node.isObject() || !node.path("id").isTextual() || !node.path("filter").isTextual()) {
                    err.println(where + ": error: a route is {\"id\": \"...\", \"filter\": \"...\"} with string values");
                    problems++;
                    continue;
                }
                String id = node.get("id").asText();
                if (!seen.add(id)) {
                    err.println(where + ": error: route id '" + id + "' appears twice");
                    problems++;
                    continue;
                }
                Dialect dialect = defaultDialect;
                if (node.has("dialect")) {
                    try {
                        dialect = Dialect.fromId(node.get("dialect").asText());
                    } catch (IllegalArgumentException e) {
                        err.println(where + ": error: " + e.getMessage());
                        problems++;
                        continue;
                    }
                }
                Dialect d = dialect;
                FilterCompiler compiler = compilers.computeIfAbsent(d,
                        k -> FilterCompiler.builder().dialect(k).limits(limits).build());
                CompileResult result = compiler.compile(node.get("filter").asText());
                if (result.hasErrors()) {
                    err.println(where + ": error: route '" + id + "' has an invalid filter:");
                    for (Diagnostic diagnostic : result.errors()) {
                        err.print(diagnostic.render());
                    }
                    problems++;
                    continue;
                }
                table.put(id, result.orThrow());
            }
        } catch (IOException e) {
            throw new UserException(name + ": cannot read (" + e.getMessage() + ")");
        }
        return problems;
    }
}
