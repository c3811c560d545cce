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

    /**
     * Longer filters are cut in the report: a record over the producer's {@code max.request.size} (1 MB by
     * default) would fail the reporting task again each time it restarts and resends its errors.
     */
    static final int MAX_FILTER_CHARS = 10_000;

    private RouteErrorJson() {
    }

    private static String shortened(String filter) {
        if (filter == null || filter.length() <= MAX_FILTER_CHARS) {
            return filter;
        }
        int end = Character.isHighSurrogate(filter.charAt(MAX_FILTER_CHARS - 1)) ? MAX_FILTER_CHARS - 1 : MAX_FILTER_CHARS;
        return filter.substring(0, end) + "... (" + filter.length() + " characters in all)";
    }

    /**
     * The record value of {@code e}; a filter longer than {@value #MAX_FILTER_CHARS} characters is cut
     * there, so that the record stays within what a producer sends.
     */
    public static byte[] write(RouteError e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("route", e.routeId());
            g.writeStringField("source", e.source());
            g.writeStringField("problem", e.problem());
            g.writeStringField("filter", shortened(e.filter()));
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
                g.writeStringField("suggestion", d.suggestion().orElse(null));
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
