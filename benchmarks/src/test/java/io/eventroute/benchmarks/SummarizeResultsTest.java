package io.eventroute.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummarizeResultsTest {
    private static String run(String benchmark, String params, double score, String unit) {
        return "{\"benchmark\":\"io.eventroute.benchmarks." + benchmark + "\",\"params\":{" + params
                + "},\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":1.0,\"scoreUnit\":\"" + unit + "\"}}";
    }

    @Test
    void ratiosAreEachPeerDividedByEventroute() throws Exception {
        String json = "[" + String.join(",",
                run("routes.RouteMatchBenchmark.match", "\"routes\":\"100\",\"engine\":\"eventroute\"", 500, "ns/op"),
                run("routes.RouteMatchBenchmark.match", "\"routes\":\"100\",\"engine\":\"event-ruler\"", 1500, "ns/op"),
                run("routes.RouteMatchBenchmark.match", "\"routes\":\"100\",\"engine\":\"naive-spel\"", 50_000, "ns/op"),
                run("routes.JsonFloorBenchmark.tokenize", "", 250, "ns/op"),
                run("peers.SingleFilterBenchmark.eventroute", "\"event\":\"twinUpdate\"", 20, "ns/op"),
                run("peers.SingleFilterBenchmark.cel", "\"event\":\"twinUpdate\"", 300, "ns/op"),
                run("compile.RouteLoadBenchmark.load", "\"routes\":\"10000\"", 50, "ms/op")) + "]";
        List<SummarizeResults.Run> runs = SummarizeResults.read(json);
        assertEquals(7, runs.size());
        var memory = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "[{\"routes\":1000,\"graphBytes\":1400000,\"heapDeltaBytes\":1200000}]");
        String md = SummarizeResults.summarize(runs, memory);
        assertTrue(md.contains("| memory per route: object graph (heap growth) | 1,000 | 1,400 (1,200) B |"), md);
        assertTrue(md.contains("| 100 | 500 ± 1 | 1,500 ± 1 | 50,000 ± 1 | 3.00× | 100× | 2.00× |"), md);
        assertTrue(md.contains("| cel | 300 ± 1 | 15× |"), md);
        assertTrue(md.contains("| load N routes from text | 10,000 | 50.0 ± 1.0 ms/op (5.0 µs per route) |"), md);
        assertTrue(!md.contains("distinct"), "no distinct-event table without distinct-event results: " + md);
    }

    @Test
    void distinctEventsAreShownBesideCycledOnesWithTheirRatios() throws Exception {
        String json = "[" + String.join(",",
                run("routes.RouteMatchBenchmark.match", "\"routes\":\"10000\",\"engine\":\"eventroute\",\"events\":\"cycled\"",
                        1000, "ns/op"),
                run("routes.RouteMatchBenchmark.match", "\"routes\":\"10000\",\"engine\":\"eventroute\",\"events\":\"distinct\"",
                        2000, "ns/op"),
                run("routes.RouteMatchBenchmark.match", "\"routes\":\"10000\",\"engine\":\"event-ruler\",\"events\":\"cycled\"",
                        10_000, "ns/op"),
                run("routes.RouteMatchBenchmark.match", "\"routes\":\"10000\",\"engine\":\"event-ruler\",\"events\":\"distinct\"",
                        40_000, "ns/op")) + "]";
        String md = SummarizeResults.summarize(SummarizeResults.read(json), null);
        // The headline table keeps the cycled figures; the distinct ones get their own, with both ratios.
        assertTrue(md.contains("| 10,000 | 1,000 ± 1 | 10,000 ± 1 | – | 10× |"), md);
        assertTrue(md.contains("| 10,000 | 1,000 ± 1 | 2,000 ± 1 | – | 10,000 ± 1 | 40,000 ± 1 | – | 0.10× | 0.05× |"), md);
    }
}
