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

    /** {@code {filter, valid, diagnostics: [...]}} for {@code validate --json}. */
    public static ObjectNode validation(CompileResult result) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("filter", result.source());
        node.put("valid", !result.hasErrors());
        ArrayNode diagnostics = node.putArray("diagnostics");
        for (Diagnostic d : result.diagnostics()) {
            ObjectNode item = diagnostics.addObject();
            item.put("code", d.code().code());
            item.put("kind", d.code().kind());
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

    /** The eval --cases error line for a filter's first error. */
    public static ObjectNode error(Diagnostic d) {
        return error(d.code().code(), d.code().kind(), d.line(), d.column(), d.message());
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
}
