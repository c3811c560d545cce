package io.eventroute.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.CompiledFilter;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Reads a JSON Lines file of routes ({@code {"id": "...", "filter": "...", "dialect": "adt"}}): every
 * non-blank line becomes a {@link Line}, a route or the reason it is not one, so that one run shows
 * all the problems of a file. {@link #load} puts the routes into a {@link RouteTable} ({@code match});
 * {@code validate} reports on each line.
 */
public final class RouteFile {
    // "routes:", "  - id: x", "endpoints: [...]": a YAML mapping key, which no JSON line starts with (nor '#').
    private static final Pattern YAML_KEY = Pattern.compile("\\s*(-\\s+)?[A-Za-z_][A-Za-z0-9_]*:(\\s.*)?");

    private RouteFile() {
    }

    /**
     * One non-blank line of a routes file.
     *
     * @param number 1-based line number
     * @param id the route's id, or null when the line has none
     * @param dialect the route's dialect (the file's default when the line names none)
     * @param filter the filter text, or null when the line is not a route
     * @param problem why the line is not a usable route, or null
     */
    public record Line(int number, String id, Dialect dialect, String filter, String problem) {
    }

    /**
     * Loads {@code name} into {@code table}.
     *
     * @return the number of problems reported on {@code err} (0 when every route was added)
     */
    public static int load(String name, InputStream stdin, Dialect defaultDialect, Limits limits, RouteTable<?> table,
            PrintWriter err) {
        Compilers compilers = new Compilers(limits);
        List<Line> lines = read(name, Inputs.open(name, stdin), defaultDialect);
        // Compiling is about half of loading a table and each filter compiles alone, while filing into the
        // index is one structure: filters are compiled in chunks on the other cores while the chunk before
        // is filed in file order. A chunk's filters keep their syntax trees until filed (the index needs
        // them), so chunks bound the memory that holds.
        int n = lines.size();
        CompletableFuture<CompileResult[]> next = n == 0 ? null : compileChunk(lines, 0, compilers);
        int problems = 0;
        for (int from = 0; from < n; from += CHUNK) {
            CompileResult[] results = join(next);
            int to = Math.min(n, from + CHUNK);
            if (to < n) {
                next = compileChunk(lines, to, compilers);
            }
            // A chunk's routes are filed together and published as one snapshot (RouteTable.putAll): a
            // snapshot per route cost a read-plan check and two sets of the fields in use every time.
            Map<String, CompiledFilter> filed = new LinkedHashMap<>();
            for (int i = from; i < to; i++) {
                Line line = lines.get(i);
                String where = name + ":" + line.number();
                if (line.problem() != null) {
                    err.println(where + ": error: " + line.problem());
                    problems++;
                    continue;
                }
                CompileResult result = results[i - from];
                if (result.hasErrors()) {
                    err.println(where + ": error: route '" + line.id() + "' has an invalid filter:");
                    for (Diagnostic diagnostic : result.errors()) {
                        err.print(diagnostic.render());
                    }
                    problems++;
                    continue;
                }
                filed.put(line.id(), result.orThrow());
            }
            table.putAll(filed);
        }
        return problems;
    }

    private static final int CHUNK = 4096;

    /** Compiles the routes among lines {@code [from, from + CHUNK)}, on the common pool's threads. */
    private static CompletableFuture<CompileResult[]> compileChunk(List<Line> lines, int from, Compilers compilers) {
        int to = Math.min(lines.size(), from + CHUNK);
        return CompletableFuture.supplyAsync(() -> {
            CompileResult[] out = new CompileResult[to - from];
            IntStream.range(from, to).parallel().forEach(i -> {
                Line line = lines.get(i);
                if (line.problem() == null) {
                    out[i - from] = compilers.compile(line.dialect(), line.filter());
                }
            });
            return out;
        });
    }

    private static CompileResult[] join(CompletableFuture<CompileResult[]> chunk) {
        try {
            return chunk.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * Every non-blank line of {@code in} (named {@code name} in errors), which is closed. A file whose first
     * bad line looks like YAML is one problem, not one per line: it is a route config, not route lines.
     */
    public static List<Line> read(String name, InputStream in, Dialect defaultDialect) {
        List<Line> lines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int number = 0;
        // Whether a line before had a problem, kept as we go: asking the lines so far at every line made
        // reading 100,000 routes quadratic (minutes on a loaded machine).
        boolean problemBefore = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                Line line = line(number, text, defaultDialect, seen);
                if (line.problem() != null && line.id() == null && !problemBefore
                        && (YAML_KEY.matcher(text).matches() || text.strip().startsWith("#"))) {
                    lines.add(new Line(number, null, defaultDialect, null, "this looks like a route config (YAML) for "
                            + "'eventroute route --config', not JSON Lines of routes, one {\"id\": \"...\", \"filter\": "
                            + "\"...\"} per line"));
                    break;
                }
                problemBefore |= line.problem() != null;
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UserException(name + ": cannot read (" + e.getMessage() + ")");
        }
        return lines;
    }

    private static Line line(int number, String text, Dialect defaultDialect, Set<String> seen) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return new Line(number, null, defaultDialect, null, "not a JSON object: " + Json.problem(e));
        }
        if (!node.isObject() || !node.path("id").isTextual() || !node.path("filter").isTextual()) {
            String id = node.path("id").isTextual() ? node.get("id").asText() : null;
            return new Line(number, id, defaultDialect, null, "a route is {\"id\": \"...\", \"filter\": \"...\"} with string values");
        }
        String id = node.get("id").asText();
        if (!seen.add(id)) {
            return new Line(number, id, defaultDialect, null, "route id '" + id + "' appears twice");
        }
        Dialect dialect = defaultDialect;
        if (node.has("dialect")) {
            try {
                dialect = Dialect.fromId(node.get("dialect").asText());
            } catch (IllegalArgumentException e) {
                return new Line(number, id, defaultDialect, null, e.getMessage());
            }
        }
        return new Line(number, id, dialect, node.get("filter").asText(), null);
    }

    /** One compiler per dialect, built on first use, all with the same limits. Thread-safe. */
    public static final class Compilers {
        private final Limits limits;
        private final Map<Dialect, FilterCompiler> byDialect = new EnumMap<>(Dialect.class);

        public Compilers(Limits limits) {
            this.limits = limits;
        }

        /** Compiles {@code filter} in {@code dialect}. */
        public CompileResult compile(Dialect dialect, String filter) {
            FilterCompiler compiler;
            synchronized (byDialect) {
                compiler = byDialect.computeIfAbsent(dialect, d -> FilterCompiler.builder().dialect(d).limits(limits).build());
            }
            return compiler.compile(filter); // a FilterCompiler holds no mutable state
        }
    }
}
