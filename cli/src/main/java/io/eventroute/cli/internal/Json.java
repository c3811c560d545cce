package io.eventroute.cli.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.EvaluationResult;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/** The CLI's JSON reading and writing: one shared, thread-safe mapper and the shapes of its outputs. */
public final class Json {
    /**
     * Reads one JSON document per call, rejecting duplicate members and trailing content. Decimal
     * numbers stay exact BigDecimals (trailing zeros kept) so that an event re-serialized for
     * {@link io.eventroute.runtime.event.JsonEvent} keeps {@code 1.0} a float, not the integer 1.
     */
    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    // Jackson appends "[Source: ...; line: 1, column: 2]" to some messages; the CLI reports positions itself.
    private static final Pattern SOURCE_REFERENCE =
            Pattern.compile("\\s*\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");

    private Json() {
    }

    /** What Jackson says is wrong, without its source description. */
    public static String problem(JsonProcessingException e) {
        return SOURCE_REFERENCE.matcher(e.getOriginalMessage()).replaceAll(" line $1, column $2");
    }

    /** A node as one line of compact JSON. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // Trees built here hold only strings, numbers and booleans; writing them cannot fail.
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {filter, valid, diagnostics: [...]}} for {@code validate --json}; kinds as {@code dialect} names them. */
    public static ObjectNode validation(CompileResult result, Dialect dialect) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("filter", result.source());
        node.put("valid", !result.hasErrors());
        ArrayNode diagnostics = node.putArray("diagnostics");
        for (Diagnostic d : result.diagnostics()) {
            ObjectNode item = diagnostics.addObject();
            item.put("code", d.code().code());
            item.put("kind", d.code().kind(dialect));
            item.put("severity", d.severity().label());
            item.put("line", d.line());
            item.put("column", d.column());
            item.put("length", d.length());
            item.put("message", d.message());
            item.put("suggestion", d.suggestion());
        }
        return node;
    }

    /** {@code {"error": {code, kind, line, column, message}}}, the eval --cases line for a failed case. */
    public static ObjectNode error(String code, String kind, int line, int column, String message) {
        ObjectNode node = MAPPER.createObjectNode();
        ObjectNode error = node.putObject("error");
        error.put("code", code);
        error.put("kind", kind);
        error.put("line", line);
        error.put("column", column);
        error.put("message", message);
        return node;
    }

    /** The eval --cases error line for a filter's first error; the kind as {@code dialect} names it. */
    public static ObjectNode error(Diagnostic d, Dialect dialect) {
        return error(d.code().code(), d.code().kind(dialect), d.line(), d.column(), d.message());
    }

    /** {@code {"match": .., "value": ..}}, the eval --cases line for a compiled filter; value null is undefined. */
    public static ObjectNode result(Boolean value) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("match", Boolean.TRUE.equals(value));
        if (value == null) {
            node.putNull("value");
        } else {
            node.put("value", value.booleanValue());
        }
        return node;
    }

    /**
     * {@code {"match": .., "value": .., "errors": [kinds]}}, the eval --cases line for a compiled cesql
     * filter: the value is a boolean, number or string, errors the CloudEvents SQL error kinds.
     */
    public static ObjectNode result(EvaluationResult result) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("match", result.matches());
        Object value = result.value();
        if (value instanceof Boolean b) {
            node.put("value", b.booleanValue());
        } else if (value instanceof Long l) {
            node.put("value", l.longValue());
        } else if (value == null) {
            node.putNull("value");
        } else {
            node.put("value", value.toString());
        }
        ArrayNode errors = node.putArray("errors");
        result.errors().forEach(errors::add);
        return node;
    }
}
