package io.eventroute.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.benchmarks.compile.CompileBenchmark;
import io.eventroute.benchmarks.match.EvaluateBenchmark;
import io.eventroute.compiler.CompileResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs each benchmark's setup and one operation, so a benchmark that measures the wrong thing fails the build. */
class BenchmarkSetupTest {

    @Test
    void localityBenchmarkMatchesAsOftenWithEventsOfOneTenantAsWithAll() {
        // One tenant's events must hit that tenant's routes in the large table as they do in the small
        // one; otherwise the "one tenant" case would be fast because it matches nothing.
        double[] perEvent = new double[2];
        String[] cases = {io.eventroute.benchmarks.routes.RouteLocalityBenchmark.ALL_TENANTS,
            io.eventroute.benchmarks.routes.RouteLocalityBenchmark.ONE_TENANT};
        for (int c = 0; c < cases.length; c++) {
            io.eventroute.benchmarks.routes.RouteLocalityBenchmark b = new io.eventroute.benchmarks.routes.RouteLocalityBenchmark();
            b.routes = 10_000;
            b.events = cases[c];
            b.setUp();
            long matches = 0;
            for (int i = 0; i < 2_000; i++) {
                matches += b.match().size();
            }
            perEvent[c] = matches / 2_000.0;
        }
        assertTrue(perEvent[0] > 5 && perEvent[1] > 5, java.util.Arrays.toString(perEvent));
        assertTrue(Math.abs(perEvent[0] - perEvent[1]) < 3, java.util.Arrays.toString(perEvent));
    }

    /**
     * The two forms of the model-hierarchy benchmark match the same routes for every event, and model
     * routes do match: otherwise IS_OF_MODEL would be measured against a cheaper, different table.
     */
    @Test
    void modelHierarchyFormsMatchTheSameRoutes() {
        io.eventroute.benchmarks.routes.RouteWorkload workload = new io.eventroute.benchmarks.routes.RouteWorkload(3_000);
        byte[][] events = io.eventroute.benchmarks.routes.ModelHierarchyBenchmark.events(workload);
        var inheriting = io.eventroute.benchmarks.routes.ModelHierarchyBenchmark.table(workload,
                io.eventroute.benchmarks.routes.ModelHierarchyBenchmark.IS_OF_MODEL);
        var listed = io.eventroute.benchmarks.routes.ModelHierarchyBenchmark.table(workload,
                io.eventroute.benchmarks.routes.ModelHierarchyBenchmark.MODEL_EQUALS);
        assertEquals(io.eventroute.benchmarks.routes.ModelHierarchyBenchmark.MODELS, inheriting.models().size());
        long modelMatches = 0;
        for (byte[] e : events) {
            java.util.List<String> a = inheriting.match(e);
            assertEquals(a, listed.match(e), () -> new String(e, java.nio.charset.StandardCharsets.UTF_8));
            modelMatches += a.stream().filter(id -> id.startsWith("model-")).count();
        }
        // Model routes do match: a route's source and one of its model's descendants, now and then.
        assertTrue(modelMatches > 100, "model routes matched " + modelMatches);
        io.eventroute.benchmarks.routes.ModelHierarchyBenchmark b = new io.eventroute.benchmarks.routes.ModelHierarchyBenchmark();
        b.routes = 300;
        b.form = io.eventroute.benchmarks.routes.ModelHierarchyBenchmark.IS_OF_MODEL;
        b.setUp();
        assertTrue(b.match() != null);
    }

    /** The restart replays every record, each added (the benchmark throws otherwise), whatever the batch size. */
    @Test
    void streamsRestartBenchmarkAddsEveryRouteRecord() throws Exception {
        io.eventroute.benchmarks.compile.StreamsRestartBenchmark b = new io.eventroute.benchmarks.compile.StreamsRestartBenchmark();
        b.routes = 10_000;
        b.setUp();
        assertEquals(10_000, b.replay());
        assertEquals(10_000, b.replay(), "each shot starts from an empty table");
    }

    @Test
    void compileBenchmarkCompilesBothFiltersWithoutErrors() {
        CompileBenchmark benchmark = new CompileBenchmark();
        benchmark.setup();

        CompileResult typical = benchmark.typical();
        assertFalse(typical.hasErrors(), typical::render);
        assertTrue(typical.warnings().isEmpty(), typical::render);

        CompileResult large = benchmark.large();
        assertFalse(large.hasErrors(), large::render);
        assertTrue(large.filter().isPresent());
    }

    @Test
    void largeFilterHasTheAdvertisedShape() {
        String large = SampleFilters.large();
        int groups = large.split(" OR ").length;
        int conditions = groups + count(large, " AND ");
        assertEquals(SampleFilters.LARGE_GROUPS, groups);
        assertEquals(SampleFilters.LARGE_GROUPS * SampleFilters.LARGE_TERMS_PER_GROUP, conditions);
        assertTrue(count(large, " LIKE ") >= 5, large);
        assertTrue(count(large, " IN (") >= 8, large);
        assertEquals(large, SampleFilters.large(), "the generated text must be the same on every call");
    }

    @Test
    void evaluateBenchmarkCasesGiveTheirDocumentedResults() {
        EvaluateBenchmark benchmark = new EvaluateBenchmark();
        benchmark.setup();

        assertTrue(benchmark.typicalMatch());
        assertFalse(benchmark.typicalMissOnSubject());
        assertFalse(benchmark.typicalMissOnType());
        assertTrue(benchmark.patchWildcard());
        assertTrue(benchmark.patchAny());
        assertTrue(benchmark.telemetryThreshold());
    }

    @Test
    void derivedSampleEventsDifferFromTheirOriginals() {
        // The variants are made by text replacement; a replacement that silently matched nothing would
        // turn a "miss" case into a second "match" case.
        assertTrue(SampleEvents.TWIN_UPDATE_ROOM_0.contains("\"room-0\""));
        assertFalse(SampleEvents.TWIN_UPDATE_ROOM_0.contains("\"room-21\""));
        assertTrue(SampleEvents.TELEMETRY_HOT.contains("\"Temperature\": 35"));
    }

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }
}
