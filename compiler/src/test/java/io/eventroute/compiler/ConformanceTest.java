package io.eventroute.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Runs the data-driven conformance suite in {@code src/test/resources/conformance}: every case of every
 * YAML file (except {@code events.yaml}, which holds shared events) becomes one dynamic test that
 * compiles the filter with constant folding on and off and checks the expected result or diagnostic.
 * Cases marked {@code known_bug} are expected to fail, and fail the build when they start to pass so
 * the marker gets removed.
 */
class ConformanceTest {

    private static final String DIR = "conformance";
    private static final String SHARED_EVENTS = "events.yaml";
    private static final Set<String> FILE_KEYS = Set.of("name", "events", "models", "cases");
    private static final Set<String> CASE_KEYS = Set.of("name", "filter", "event", "result", "error", "line",
            "column", "warning", "no_warning", "limits", "note", "known_bug");
    private static final Set<String> LIMIT_KEYS = Set.of("maxLength", "maxDepth", "maxInItems");
    private static final Map<String, Object> DEFAULT_EVENT = Map.of(
            "specversion", "1.0", "id", "x", "source", "s", "type", "t");

    private static final Duration TIME_LIMIT = Duration.ofSeconds(20);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TestFactory
    Stream<DynamicTest> conformance() throws IOException {
        Path dir = suiteDirectory();
        Map<String, Object> sharedEvents = asMap(YAML.readValue(dir.resolve(SHARED_EVENTS).toFile(), Object.class),
                SHARED_EVENTS);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals(SHARED_EVENTS))
                    .sorted()
                    .collect(Collectors.toList());
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            tests.addAll(testsOf(file, sharedEvents));
        }
        assertFalse(tests.isEmpty(), "no conformance cases found in " + dir);
        return tests.stream();
    }

    private static List<DynamicTest> testsOf(Path file, Map<String, Object> sharedEvents) throws IOException {
        String fileName = file.getFileName().toString();
        Map<String, Object> suite = asMap(YAML.readValue(file.toFile(), Object.class), fileName);
        checkKeys(suite.keySet(), FILE_KEYS, fileName);
        Map<String, Object> events = new LinkedHashMap<>(sharedEvents);
        if (suite.containsKey("events")) {
            events.putAll(asMap(suite.get("events"), fileName + ": events"));
        }
        ModelSet models = ModelSet.empty();
        if (suite.containsKey("models")) {
            if (!(suite.get("models") instanceof List<?> docs)) {
                throw new IllegalStateException(fileName + ": 'models' must be a list of DTDL interfaces");
            }
            ModelDocuments.Result read = ModelDocuments.read(docs, ModelSet.empty());
            if (!read.ok()) {
                throw new IllegalStateException(fileName + ": models: " + read.problems());
            }
            models = read.applyTo(ModelSet.empty());
        }
        Object rawCases = suite.get("cases");
        if (!(rawCases instanceof List<?> caseList) || caseList.isEmpty()) {
            throw new IllegalStateException(fileName + ": 'cases' must be a non-empty list");
        }
        Set<String> names = new LinkedHashSet<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (Object raw : caseList) {
            Map<String, Object> c = asMap(raw, fileName + ": case");
            String name = String.valueOf(c.get("name"));
            String where = fileName + ": " + name;
            checkKeys(c.keySet(), CASE_KEYS, where);
            if (!c.containsKey("name") || !(c.get("filter") instanceof String)) {
                throw new IllegalStateException(where + ": a case needs 'name' and a string 'filter'");
            }
            if (!names.add(name)) {
                throw new IllegalStateException(where + ": duplicate case name");
            }
            Case parsed = Case.of(c, events, where, models);
            tests.add(DynamicTest.dynamicTest(fileName.replace(".yaml", "") + ": " + name, () -> run(parsed)));
        }
        return tests;
    }

    private static void run(Case c) {
        if (c.knownBug == null) {
            checkInTime(c);
            return;
        }
        try {
            checkInTime(c);
        } catch (AssertionError | RuntimeException expected) {
            return;
        }
        fail("known_bug case passes now; remove its known_bug marker (" + c.knownBug + ")");
    }

    /** Checks a case, failing rather than hanging when evaluation is not linear (LIKE must not backtrack). */
    private static void checkInTime(Case c) {
        assertTimeoutPreemptively(TIME_LIMIT, () -> {
            c.check();
        }, () -> c.where + ": took longer than " + TIME_LIMIT);
    }

    /** One parsed case; {@link #check()} throws an AssertionError when the compiler disagrees. */
    private record Case(String where, String filter, Map<String, Object> event, boolean hasResult,
            Boolean result, String error, Integer line, Integer column, List<String> warnings,
            List<String> absentWarnings, Limits limits, String knownBug, ModelSet models) {

        static Case of(Map<String, Object> c, Map<String, Object> events, String where, ModelSet models) {
            String error = (String) c.get("error");
            boolean hasResult = c.containsKey("result");
            Object result = c.get("result");
            if (result != null && !(result instanceof Boolean)) {
                throw new IllegalStateException(where + ": result must be true, false or null, not " + result);
            }
            if (error != null && (hasResult || c.containsKey("event") || c.containsKey("warning"))) {
                throw new IllegalStateException(where + ": an 'error' case has no result, event or warning");
            }
            if (error == null && (c.containsKey("line") || c.containsKey("column"))) {
                throw new IllegalStateException(where + ": line/column only go with 'error'");
            }
            if (error == null && !hasResult && !c.containsKey("warning") && !c.containsKey("no_warning")) {
                throw new IllegalStateException(where + ": a case needs result, error or warning");
            }
            if (c.containsKey("event") && !hasResult) {
                throw new IllegalStateException(where + ": 'event' without 'result'");
            }
            Map<String, Object> event = DEFAULT_EVENT;
            Object ev = c.get("event");
            if (ev instanceof String evName) {
                if (!events.containsKey(evName)) {
                    throw new IllegalStateException(where + ": unknown event '" + evName + "'");
                }
                event = asMap(events.get(evName), where + ": event " + evName);
            } else if (ev != null) {
                event = asMap(ev, where + ": event");
            }
            Limits limits = Limits.DEFAULT;
            if (c.get("limits") != null) {
                Map<String, Object> l = asMap(c.get("limits"), where + ": limits");
                checkKeys(l.keySet(), LIMIT_KEYS, where + ": limits");
                limits = new Limits(intOr(l, "maxLength", limits.maxLength()), intOr(l, "maxDepth", limits.maxDepth()),
                        intOr(l, "maxInItems", limits.maxInItems()));
            }
            return new Case(where, (String) c.get("filter"), event, hasResult, (Boolean) result, error,
                    (Integer) c.get("line"), (Integer) c.get("column"), codes(c.get("warning"), where),
                    codes(c.get("no_warning"), where), limits, (String) c.get("known_bug"), models);
        }

        void check() {
            check(true);
            check(false);
        }

        private void check(boolean folding) {
            String mode = folding ? "folding on" : "folding off";
            FilterCompiler compiler = FilterCompiler.builder().dialect(Dialect.ADT).limits(limits)
                    .constantFolding(folding).models(models).build();
            CompileResult r = compiler.compile(filter);
            if (error != null) {
                assertTrue(r.hasErrors(), () -> where + " [" + mode + "]: expected error " + error
                        + " but it compiled; diagnostics: " + r.render());
                Diagnostic first = r.errors().get(0);
                assertEquals(error, first.code().code(), () -> where + " [" + mode + "]: first error\n" + r.render());
                if (line != null) {
                    assertEquals(line.intValue(), first.line(), () -> where + ": line of " + first.render());
                }
                if (column != null) {
                    assertEquals(column.intValue(), first.column(), () -> where + ": column of " + first.render());
                }
                return;
            }
            assertFalse(r.hasErrors(), () -> where + " [" + mode + "]: unexpected errors\n" + r.render());
            Set<String> found = r.warnings().stream().map(d -> d.code().code()).collect(Collectors.toSet());
            for (String w : warnings) {
                assertTrue(found.contains(w), () -> where + " [" + mode + "]: expected warning " + w
                        + ", got " + found + "\n" + r.render());
            }
            for (String w : absentWarnings) {
                assertFalse(found.contains(w), () -> where + " [" + mode + "]: unexpected warning " + w
                        + "\n" + r.render());
            }
            if (hasResult) {
                CompiledFilter f = r.filter().orElseThrow(() -> new AssertionFailedError(where + ": no filter"));
                EventView view = EventView.of(event);
                Boolean actual;
                try {
                    actual = f.evaluate(view);
                } catch (RuntimeException e) {
                    throw new AssertionFailedError(where + " [" + mode + "]: evaluation threw " + e, e);
                }
                assertEquals(result, actual, () -> where + " [" + mode + "]: result of `" + filter + "`; plan "
                        + f.plan());
                assertEquals(Boolean.TRUE.equals(result), f.matches(view), () -> where + " [" + mode + "]: matches()");
                checkIndexes(f, view, mode);
            }
        }

        /**
         * The index, alone and among decoy routes, matches the case's route exactly when its result is
         * true: with the suite's models given to the index, and with the models given only after the routes
         * were added (so the routes are filed again).
         */
        private void checkIndexes(CompiledFilter f, EventView view, String mode) {
            FilterCompiler plain = FilterCompiler.builder().build();
            RouteIndex alone = RouteIndex.empty().withModels(models).with("case", f);
            RouteIndex withoutModels = RouteIndex.empty();
            for (String decoy : DECOYS) {
                withoutModels = withoutModels.with(decoy, plain.compile(decoy).orThrow());
            }
            RouteIndex decoys = withoutModels.with("case", f).withModels(models);
            List<String> expected = Boolean.TRUE.equals(result) ? List.of("case") : List.of();
            assertEquals(expected, alone.match(view), () -> where + " [" + mode + "]: index with one route");
            List<String> found = new ArrayList<>(decoys.match(view));
            found.retainAll(List.of("case"));
            assertEquals(expected, found, () -> where + " [" + mode + "]: index among decoys; " + decoys.describe());
            assertEquals(decoys.matchEach(view), decoys.match(view), () -> where + " [" + mode + "]: index against each route");
        }
    }

    /** Routes filed beside a case's route, under the fields it may use. */
    private static final List<String> DECOYS = List.of("IS_OF_MODEL('dtmi:example:Room;1')", "$model = 'dtmi:decoy:X;1'",
            "IS_OF_MODEL('dtmi:decoy:Space')", "type = 'Microsoft.DigitalTwins.Twin.Create' AND subject = 'decoy'",
            "STARTS_WITH($model, 'dtmi:example:')", "source = 'decoy'");

    private static List<String> codes(Object raw, String where) {
        if (raw == null) {
            return List.of();
        }
        if (raw instanceof String s) {
            return List.of(s);
        }
        if (raw instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.toList());
        }
        throw new IllegalStateException(where + ": warning codes must be a string or a list, not " + raw);
    }

    private static int intOr(Map<String, Object> m, String key, int fallback) {
        Object v = m.get(key);
        return v == null ? fallback : ((Number) v).intValue();
    }

    private static void checkKeys(Set<String> keys, Set<String> allowed, String where) {
        for (String k : keys) {
            if (!allowed.contains(k)) {
                throw new IllegalStateException(where + ": unknown key '" + k + "' (allowed: " + allowed + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o, String where) {
        if (!(o instanceof Map)) {
            throw new IllegalStateException(where + ": expected a map, got " + o);
        }
        return (Map<String, Object>) o;
    }

    /** The suite from the source tree when {@code eventroute.root} is set (so edits need no rebuild), else the classpath. */
    private static Path suiteDirectory() {
        String root = System.getProperty("eventroute.root");
        if (root != null && !root.isBlank()) {
            Path p = Paths.get(root, "compiler", "src", "test", "resources", DIR);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        URL url = ConformanceTest.class.getClassLoader().getResource(DIR);
        assertNotNull(url, "conformance directory not found on the classpath nor under eventroute.root");
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad conformance URL " + url, e);
        }
    }
}
