package io.eventroute.compiler.cesql;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads the CloudEvents SQL TCK as its README says: every scalar read as its raw text (so unquoted
 * {@code TRUE}, {@code -10} and timestamps stay what was written), then only {@code result} and event
 * values converted by their YAML type; the default event is the minimal one.
 */
public final class CesqlTck {
    /** The minimal default event of the README (the sdk-java runner's values). */
    public static final Map<String, Object> DEFAULT_EVENT = Map.of(
            "specversion", "1.0", "id", "1", "source", "http://localhost/source", "type", "mock.test");

    private static final YAMLFactory YAML = new YAMLFactory();

    private CesqlTck() {
    }

    /**
     * One case. {@code result} is a Boolean, Long or String, or null when absent; {@code error} may be
     * null; {@code warnings} (our own cases only, a key the TCK does not have) lists the warning codes
     * expected, or is null when warnings are not checked.
     */
    public record Case(String file, String name, String expression, Object result, String error,
            Map<String, Object> event, List<String> warnings) {
        public String id() {
            return file + ": " + name;
        }
    }

    /** The TCK directory, {@code cesql-tck} of this module's test resources (vendored; see its README). */
    public static Path directory() {
        URL url = CesqlTck.class.getClassLoader().getResource("cesql-tck");
        if (url == null) {
            throw new IllegalStateException("the TCK (test resource cesql-tck) is not on the class path");
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad TCK URL " + url, e);
        }
    }

    /** Every case of every YAML file, files in name order, cases in file order. */
    public static List<Case> load(Path dir) throws IOException {
        return load(dir, false);
    }

    /** As {@link #load(Path)}; with {@code checkWarnings} a case without "warnings" expects none. */
    public static List<Case> load(Path dir, boolean checkWarnings) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no TCK files in " + dir);
        }
        List<Case> cases = new ArrayList<>();
        for (Path f : files) {
            cases.addAll(loadFile(f, checkWarnings));
        }
        return cases;
    }

    private record Scalar(String text, JsonToken token) {
        Object typed() {
            switch (token) {
                case VALUE_TRUE:
                case VALUE_FALSE:
                    return token == JsonToken.VALUE_TRUE;
                case VALUE_NUMBER_INT:
                    return Long.parseLong(text.trim());
                case VALUE_NULL:
                    return null;
                default:
                    return text;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Case> loadFile(Path file, boolean checkWarnings) throws IOException {
        String fileName = file.getFileName().toString().replace(".yaml", "");
        Object doc;
        try (JsonParser p = YAML.createParser(file.toFile())) {
            p.nextToken();
            doc = read(p);
        }
        List<Object> tests = (List<Object>) ((Map<String, Object>) doc).get("tests");
        List<Case> cases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tests.size(); i++) {
            Map<String, Object> t = (Map<String, Object>) tests.get(i);
            String name = ((Scalar) t.get("name")).text();
            if (!names.add(name)) {
                name = name + " #" + (i + 1);
            }
            Map<String, Object> event = new LinkedHashMap<>(DEFAULT_EVENT);
            if (t.containsKey("event")) {
                event = typedMap((Map<String, Object>) t.get("event"));
            }
            if (t.containsKey("eventOverrides")) {
                event.putAll(typedMap((Map<String, Object>) t.get("eventOverrides")));
            }
            Scalar result = (Scalar) t.get("result");
            Scalar error = (Scalar) t.get("error");
            List<String> warnings = null;
            if (t.containsKey("warnings")) {
                warnings = ((List<Object>) t.get("warnings")).stream().map(w -> ((Scalar) w).text())
                        .collect(Collectors.toList());
            } else if (checkWarnings) {
                warnings = List.of();
            }
            cases.add(new Case(fileName, name, ((Scalar) t.get("expression")).text(),
                    result == null ? null : result.typed(), error == null ? null : error.text().trim(), event,
                    warnings));
        }
        return cases;
    }

    private static Map<String, Object> typedMap(Map<String, Object> raw) {
        Map<String, Object> m = new LinkedHashMap<>();
        raw.forEach((k, v) -> m.put(k, ((Scalar) v).typed()));
        return m;
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Object> m = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                m.put(key, read(p));
            }
            return m;
        }
        if (t == JsonToken.START_ARRAY) {
            List<Object> l = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                l.add(read(p));
            }
            return l;
        }
        return new Scalar(p.getText(), t);
    }
}
