package io.eventroute.compiler.cesql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code cesql-tck-deviations.yaml}, the one list of TCK cases that contradict the CESQL v1
 * specification text, each with the result the spec gives and the reason.
 */
public final class TckDeviations {
    /**
     * A case the spec contradicts.
     *
     * @param result the spec's value (Boolean, Long or String)
     * @param error the spec's error kind, or null
     * @param reason why the TCK's expectation is wrong
     */
    public record Deviation(Object result, String error, String reason) {
    }

    /** By case id ({@code file: name}). */
    public static final Map<String, Deviation> ALL = load();

    private TckDeviations() {
    }

    private static Map<String, Deviation> load() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (InputStream in = TckDeviations.class.getResourceAsStream("/cesql-tck-deviations.yaml")) {
            JsonNode root = yaml.readTree(in);
            Map<String, Deviation> all = new LinkedHashMap<>();
            for (JsonNode d : root.get("deviations")) {
                JsonNode result = d.get("result");
                Object value = result.isBoolean() ? (Object) result.booleanValue()
                        : result.isIntegralNumber() ? (Object) result.longValue() : result.asText();
                all.put(d.get("case").asText(), new Deviation(value,
                        d.hasNonNull("error") ? d.get("error").asText() : null, d.get("reason").asText()));
            }
            return Map.copyOf(all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Set<String> ids() {
        return ALL.keySet();
    }

    /** The case with the spec's expectation when it is a listed deviation, else the case itself. */
    public static CesqlTck.Case corrected(CesqlTck.Case c) {
        Deviation d = ALL.get(c.id());
        return d == null ? c : new CesqlTck.Case(c.file(), c.name(), c.expression(), d.result(), d.error(), c.event(),
                c.warnings());
    }
}
