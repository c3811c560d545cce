package io.eventroute.cli.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.eventroute.compiler.CompileCache;
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
        List<String> texts = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Inputs.open(name, stdin), StandardCharsets.UTF_8))) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                texts.add(text);
            }
        } catch (IOException e) {
            throw new UserException(name + ": cannot read (" + e.getMessage() + ")");
        }
        // Reading a line's JSON and compiling its filter are most of loading a table, and each line is done
        // alone, while filing into the index is one structure: chunks of lines are read and compiled on the
        // other cores while the chunk before is checked (ids seen twice, a YAML file) and filed in file
        // order. A chunk's filters keep their syntax trees until filed (the index needs them), so chunks
        // bound the memory that holds.
        int n = texts.size();
        CompletableFuture<Compiled[]> next = n == 0 ? null : compileChunk(texts, 0, defaultDialect, compilers);
        Set<String> seen = new HashSet<>();
        boolean problemBefore = false;
        int problems = 0;
        for (int from = 0; from < n; from += CHUNK) {
            Compiled[] chunk = join(next);
            int to = Math.min(n, from + CHUNK);
            if (to < n) {
                next = compileChunk(texts, to, defaultDialect, compilers);
            }
            // A chunk's routes are filed together and published as one snapshot (RouteTable.putAll): a
            // snapshot per route cost a read-plan check and two sets of the fields in use every time.
            Map<String, CompiledFilter> filed = new LinkedHashMap<>();
            for (int i = from; i < to; i++) {
                Compiled c = chunk[i - from];
                if (c == null) {
                    continue; // a blank line
                }
                Line line = c.parsed.inOrder(seen);
                String where = name + ":" + line.number();
                if (looksLikeYaml(line, texts.get(i), problemBefore)) {
                    err.println(where + ": error: " + YAML_PROBLEM);
                    table.putAll(filed);
                    return problems + 1;
                }
                if (line.problem() != null) {
                    problemBefore = true;
                    err.println(where + ": error: " + line.problem());
                    problems++;
                    continue;
                }
                CompileResult result = c.result;
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

    private static final String YAML_PROBLEM = "this looks like a route config (YAML) for 'eventroute route --config', "
            + "not JSON Lines of routes, one {\"id\": \"...\", \"filter\": \"...\"} per line";

    /** The first bad line of a file, with no id, that looks like YAML (or a YAML comment): the whole file is one problem. */
    private static boolean looksLikeYaml(Line line, String text, boolean problemBefore) {
        return line.problem() != null && line.id() == null && !problemBefore
                && (YAML_KEY.matcher(text).matches() || text.strip().startsWith("#"));
    }

    /** A line read, and its filter compiled when it is a route (else null). */
    private record Compiled(Parsed parsed, CompileResult result) {
    }

    /** Reads and compiles lines {@code [from, from + CHUNK)}, on the common pool's threads; null for a blank line. */
    private static CompletableFuture<Compiled[]> compileChunk(List<String> texts, int from, Dialect defaultDialect,
            Compilers compilers) {
        int to = Math.min(texts.size(), from + CHUNK);
        return CompletableFuture.supplyAsync(() -> {
            Compiled[] out = new Compiled[to - from];
            IntStream.range(from, to).parallel().forEach(i -> {
                String text = texts.get(i);
                if (text.isBlank()) {
                    return;
                }
                Parsed parsed = parse(i + 1, text, defaultDialect);
                Line line = parsed.line;
                // A duplicate id is known only in file order, later: its filter is compiled all the same.
                CompileResult result = line.filter() == null ? null : compilers.compile(line.dialect(), line.filter());
                out[i - from] = new Compiled(parsed, result);
            });
            return out;
        });
    }

    private static <T> T join(CompletableFuture<T> chunk) {
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
                Line line = parse(number, text, defaultDialect).inOrder(seen);
                if (looksLikeYaml(line, text, problemBefore)) {
                    lines.add(new Line(number, null, defaultDialect, null, YAML_PROBLEM));
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

    /**
     * A line as read alone; {@code checksId} when it is an object with a string id and filter, whose id
     * must then not be one an earlier line has (which only a reader in file order can tell).
     */
    private record Parsed(Line line, boolean checksId, Dialect defaultDialect) {
        /** The line, now that the ids of the lines before it are in {@code seen} (its own is added). */
        Line inOrder(Set<String> seen) {
            if (checksId && !seen.add(line.id())) {
                return new Line(line.number(), line.id(), defaultDialect, null, "route id '" + line.id() + "' appears twice");
            }
            return line;
        }
    }

    private static Parsed parse(int number, String text, Dialect defaultDialect) {
        Parsed fast = parseFlat(number, text, defaultDialect);
        return fast != null ? fast : parseTree(number, text, defaultDialect);
    }

    /**
     * The common line, {@code {"id": "...", "filter": "...", "dialect": "..."}} with string values (and any
     * other members), read as a stream of tokens rather than a tree; null for anything else, which
     * {@link #parseTree} reads and words exactly as before (a tree costs a tenth of loading a table).
     */
    private static Parsed parseFlat(int number, String text, Dialect defaultDialect) {
        String id = null;
        String filter = null;
        String dialectName = null;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String member = p.currentName();
                JsonToken value = p.nextToken();
                boolean wanted = member.equals("id") || member.equals("filter") || member.equals("dialect");
                if (wanted && value != JsonToken.VALUE_STRING) {
                    return null;
                }
                switch (member) {
                    case "id" -> id = p.getText();
                    case "filter" -> filter = p.getText();
                    case "dialect" -> dialectName = p.getText();
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        if (id == null || filter == null) {
            return null;
        }
        Dialect dialect = defaultDialect;
        if (dialectName != null) {
            try {
                dialect = Dialect.fromId(dialectName);
            } catch (IllegalArgumentException e) {
                return new Parsed(new Line(number, id, defaultDialect, null, e.getMessage()), true, defaultDialect);
            }
        }
        return new Parsed(new Line(number, id, dialect, filter, null), true, defaultDialect);
    }

    private static Parsed parseTree(int number, String text, Dialect defaultDialect) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return new Parsed(new Line(number, null, defaultDialect, null, "not a JSON object: " + Json.problem(e)), false, defaultDialect);
        }
        if (!node.isObject() || !node.path("id").isTextual() || !node.path("filter").isTextual()) {
            String id = node.path("id").isTextual() ? node.get("id").asText() : null;
            return new Parsed(new Line(number, id, defaultDialect, null,
                    "a route is {\"id\": \"...\", \"filter\": \"...\"} with string values"), false, defaultDialect);
        }
        String id = node.get("id").asText();
        Dialect dialect = defaultDialect;
        if (node.has("dialect")) {
            try {
                dialect = Dialect.fromId(node.get("dialect").asText());
            } catch (IllegalArgumentException e) {
                return new Parsed(new Line(number, id, defaultDialect, null, e.getMessage()), true, defaultDialect);
            }
        }
        return new Parsed(new Line(number, id, dialect, node.get("filter").asText(), null), true, defaultDialect);
    }

    /**
     * One compiler per dialect, built on first use, all with the same limits, compiling each distinct
     * filter text once ({@link CompileCache}): route files repeat filters (45% of the lines of a
     * generated 100,000-route workload). Thread-safe.
     */
    public static final class Compilers {
        private final Limits limits;
        private final Map<Dialect, FilterCompiler> byDialect = new EnumMap<>(Dialect.class);
        private final CompileCache cache = new CompileCache(this::compileNow);

        public Compilers(Limits limits) {
            this.limits = limits;
        }

        /** Compiles {@code filter} in {@code dialect}, or gives the result of the same text compiled before. */
        public CompileResult compile(Dialect dialect, String filter) {
            return cache.compile(dialect, filter);
        }

        private CompileResult compileNow(Dialect dialect, String filter) {
            FilterCompiler compiler;
            synchronized (byDialect) {
                compiler = byDialect.computeIfAbsent(dialect, d -> FilterCompiler.builder().dialect(d).limits(limits).build());
            }
            return compiler.compile(filter); // a FilterCompiler holds no mutable state
        }
    }
}
