package io.eventroute.kafka.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.eventroute.compiler.Diagnostic;
import io.eventroute.kafka.RouteError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@link RouteError} as the JSON value of a {@code route-errors} record: {@code {"route", "source",
 * "problem", "filter", "previousKept", "diagnostics": [{"code", "kind", "severity", "line", "column",
 * "length", "message", "suggestion"}]}}. Stateless; thread-safe.
 */
public final class RouteErrorJson {
    private static final JsonFactory JSON = new JsonFactory();

    private RouteErrorJson() {
    }

    public static byte[] write(RouteError e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("route", e.routeId());
            g.writeStringField("source", e.source());
            g.writeStringField("problem", e.problem());
            g.writeStringField("filter", e.filter());
            g.writeBooleanField("previousKept", e.previousKept());
            g.writeArrayFieldStart("diagnostics");
            for (Diagnostic d : e.diagnostics()) {
                g.writeStartObject();
                g.writeStringField("code", d.code().code());
                g.writeStringField("kind", d.code().kind());
                g.writeStringField("severity", d.severity().label());
                g.writeNumberField("line", d.line());
                g.writeNumberField("column", d.column());
                g.writeNumberField("length", d.length());
                g.writeStringField("message", d.message());
                g.writeStringField("suggestion", d.suggestion());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
