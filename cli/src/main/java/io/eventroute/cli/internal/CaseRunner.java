package io.eventroute.cli.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.compiler.Limits;
import io.eventroute.runtime.event.InvalidEventException;
import io.eventroute.runtime.event.JsonEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs {@code eval --cases}: reads JSON Lines of {@code {"filter": .., "event": {..}}} (optionally with
 * {@code "dialect"} and {@code "limits"}) and writes one result line per non-blank input line, in
 * order. A cesql case's result line also carries its value and error kinds. Blank lines are skipped and not counted as cases (line numbers in messages still count
 * them). Not thread-safe: one runner per input.
 */
public final class CaseRunner {
    /** The code of every error about the input line itself rather than its filter. */
    public static final String INPUT_ERROR_CODE = "E0001";
    /** The kind of {@link #INPUT_ERROR_CODE} errors. */
    public static final String INPUT_ERROR_KIND = "input";

    private static final Set<String> LIMIT_NAMES = Set.of("maxLength", "maxDepth", "maxInItems");

    private final Dialect defaultDialect;
    private final Limits defaultLimits;
    // Compilers are immutable; one per dialect and limits that the input uses.
    private final Map<Settings, FilterCompiler> compilers = new HashMap<>();

    /** A runner for cases that name no dialect or limits of their own. */
    public CaseRunner(Dialect defaultDialect, Limits defaultLimits) {
        this.defaultDialect = Objects.requireNonNull(defaultDialect, "defaultDialect");
        this.defaultLimits = Objects.requireNonNull(defaultLimits, "defaultLimits");
    }

    private record Settings(Dialect dialect, Limits limits) {
    }

    /**
     * Processes every line of {@code in}, writing and flushing one line to {@code out} per case.
     *
     * @return the number of cases run
     * @throws IOException when reading {@code in} fails
     */
    public int run(BufferedReader in, PrintWriter out) throws IOException {
        int cases = 0;
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            out.println(Json.write(runCase(line, number)));
            out.flush();
            cases++;
        }
        return cases;
    }

    /** The output for one input line: a result, the filter's first error, or an input error. */
    ObjectNode runCase(String line, int number) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            int column = where == null || where.getCharOffset() < 0 ? 1
                    : line.codePointCount(0, (int) Math.min(where.getCharOffset(), line.length())) + 1;
            return inputError(number, column, "invalid JSON: " + Json.problem(e));
        }
        if (!root.isObject()) {
            return inputError(number, 1, "expected an object {\"filter\": \"...\", \"event\": {...}}, not "
                    + typeName(root));
        }
        JsonNode filter = root.get("filter");
        if (filter == null || !filter.isTextual()) {
            return inputError(number, 1, filter == null ? "the case has no \"filter\""
                    : "\"filter\" must be a string, not " + typeName(filter));
        }
        Dialect dialect = defaultDialect;
        JsonNode dialectNode = root.get("dialect");
        if (dialectNode != null && !dialectNode.isNull()) {
            if (!dialectNode.isTextual()) {
                return inputError(number, 1, "\"dialect\" must be a string, not " + typeName(dialectNode));
            }
            try {
                dialect = Dialect.fromId(dialectNode.textValue());
            } catch (IllegalArgumentException e) {
                return inputError(number, 1, e.getMessage());
            }
        }
        Limits limits = defaultLimits;
        JsonNode limitsNode = root.get("limits");
        if (limitsNode != null && !limitsNode.isNull()) {
            String problem = checkLimits(limitsNode);
            if (problem != null) {
                return inputError(number, 1, problem);
            }
            limits = new Limits(limitsNode.path("maxLength").asInt(limits.maxLength()),
                    limitsNode.path("maxDepth").asInt(limits.maxDepth()),
                    limitsNode.path("maxInItems").asInt(limits.maxInItems()));
        }
        JsonNode eventNode = root.get("event");
        if (eventNode == null || !eventNode.isObject()) {
            return inputError(number, 1, eventNode == null ? "the case has no \"event\""
                    : "\"event\" must be a JSON object, not " + typeName(eventNode));
        }
        CompileResult compiled = compilers
                .computeIfAbsent(new Settings(dialect, limits),
                        s -> FilterCompiler.builder().dialect(s.dialect()).limits(s.limits()).build())
                .compile(filter.textValue());
        if (compiled.hasErrors()) {
            return Json.error(compiled.errors().get(0), dialect);
        }
        JsonEvent event;
        try {
            // The event goes through the same JSON reader as event files, so both paths see equal values.
            event = JsonEvent.parse(Json.MAPPER.writeValueAsBytes(eventNode));
        } catch (JsonProcessingException | InvalidEventException e) {
            return inputError(number, 1, "\"event\" is not a valid event: " + e.getMessage());
        }
        CompiledFilter program = compiled.filter().orElseThrow();
        if (dialect == Dialect.CESQL) {
            return Json.result(program.evaluateValue(event));
        }
        return Json.result(program.evaluate(event));
    }

    /** Why a "limits" member is unusable, or null when it is an object of positive 32-bit integers. */
    private static String checkLimits(JsonNode limits) {
        if (!limits.isObject()) {
            return "\"limits\" must be an object such as {\"maxDepth\": 10}, not " + typeName(limits);
        }
        for (Map.Entry<String, JsonNode> e : limits.properties()) {
            if (!LIMIT_NAMES.contains(e.getKey())) {
                return "unknown limit \"" + e.getKey() + "\" (known: maxLength, maxDepth, maxInItems)";
            }
            JsonNode v = e.getValue();
            if (!v.isInt() || v.intValue() < 1) {
                return "limit \"" + e.getKey() + "\" must be a positive integer, not " + v;
            }
        }
        return null;
    }

    private static ObjectNode inputError(int line, int column, String message) {
        return Json.error(INPUT_ERROR_CODE, INPUT_ERROR_KIND, line, column, "input line " + line + ": " + message);
    }

    private static String typeName(JsonNode node) {
        switch (node.getNodeType()) {
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            case STRING:
                return "a string";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case NULL:
                return "null";
            default:
                return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
