package io.eventroute.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.Dialect;
import java.util.Objects;

/**
 * A compile result as JSON, the one shape that {@code eventroute validate --json} prints and that
 * {@code serve}'s {@code POST /filters:validate} answers: {@code {filter, valid, diagnostics: [{code,
 * kind, severity, line, column, length, message, suggestion}]}}. Stateless; thread-safe.
 */
public final class ValidationJson {
    private ValidationJson() {
    }

    /** The result of compiling a filter in {@code dialect}, with each diagnostic's kind as that dialect names it. */
    public static ObjectNode of(CompileResult result, Dialect dialect) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(dialect, "dialect");
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("filter", result.source());
        node.put("valid", !result.hasErrors());
        ArrayNode diagnostics = node.putArray("diagnostics");
        for (Diagnostic d : result.diagnostics()) {
            diagnostics.add(diagnostic(d, dialect));
        }
        return node;
    }

    /**
     * {@link #of} plus, when the filter compiles, how it was understood, as {@code eventroute explain --json}
     * prints it and {@code serve}'s console shows it: {@code normalized}, {@code plan}, {@code attributes}
     * and {@code dataPaths} (each sorted).
     */
    public static ObjectNode explain(CompileResult result, Dialect dialect) {
        ObjectNode node = of(result, dialect);
        result.filter().ifPresent(compiled -> {
            node.put("normalized", compiled.normalized());
            node.put("plan", compiled.plan());
            compiled.attributes().stream().sorted().forEach(node.putArray("attributes")::add);
            compiled.dataPointers().stream().map(DataPointer::toString).sorted().forEach(node.putArray("dataPaths")::add);
        });
        return node;
    }

    /** One diagnostic: {@code {code, kind, severity, line, column, length, message, suggestion}} (suggestion may be null). */
    public static ObjectNode diagnostic(Diagnostic d, Dialect dialect) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("code", d.code().code());
        item.put("kind", d.code().kind(dialect));
        item.put("severity", d.severity().label());
        item.put("line", d.line());
        item.put("column", d.column());
        item.put("length", d.length());
        item.put("message", d.message());
        item.put("suggestion", d.suggestion().orElse(null));
        return item;
    }
}
