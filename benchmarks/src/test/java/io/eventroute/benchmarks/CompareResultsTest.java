package io.eventroute.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareResultsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void callsAChangeOnlyWhenTheIntervalsDoNotOverlap() throws IOException {
        Path base = write("base.json", "[" + result("match.EvaluateBenchmark.a", 30, 1, 0.0001)
                + "," + result("match.EvaluateBenchmark.b", 30, 1, null)
                + "," + result("match.EvaluateBenchmark.c", 30, 5, null)
                + "," + result("match.EvaluateBenchmark.gone", 30, 1, null) + "]");
        Path candidate = write("candidate.json", "[" + result("match.EvaluateBenchmark.a", 20, 1, 24.0)
                + "," + result("match.EvaluateBenchmark.b", 40, 1, null)
                + "," + result("match.EvaluateBenchmark.c", 33, 1, null)
                + "," + result("match.EvaluateBenchmark.added", 30, 1, null) + "]");

        assertEquals(0, run(base, candidate), err::toString);

        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(line(table, "EvaluateBenchmark.a ").matches(".*-33\\.3% +faster +0\\.0 +24\\.0"), table);
        assertTrue(line(table, "EvaluateBenchmark.b ").matches(".*\\+33\\.3% +slower .*"), table);
        assertTrue(line(table, "EvaluateBenchmark.c ").matches(".*\\+10\\.0% +same .*"), table);
        assertTrue(line(table, "EvaluateBenchmark.gone").contains(" gone "), table);
        assertTrue(line(table, "EvaluateBenchmark.added").contains(" new "), table);
    }

    @Test
    void aHigherThroughputIsFaster() throws IOException {
        Path base = write("base.json", "[" + result("dispatch.DispatchBenchmark.x", 1000, 10, null).replace("ns/op", "ops/s") + "]");
        Path candidate = write("candidate.json", "[" + result("dispatch.DispatchBenchmark.x", 2000, 10, null)
                .replace("ns/op", "ops/s") + "]");

        assertEquals(0, run(base, candidate), err::toString);

        assertTrue(line(out.toString(StandardCharsets.UTF_8), "DispatchBenchmark.x").matches(".*\\+100\\.0% +faster .*"),
                out::toString);
    }

    @Test
    void aMissingFileIsReportedByNameWithoutAStackTrace() throws IOException {
        Path base = write("base.json", "[" + result("x", 1, 0, null) + "]");

        assertEquals(2, run(base, dir.resolve("absent.json")));

        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("error: ") && message.contains("absent.json: no such file"), message);
        assertTrue(!message.contains("Exception"), message);
    }

    @Test
    void aFileThatIsNotAJmhResultIsRejected() throws IOException {
        Path base = write("base.json", "[" + result("x", 1, 0, null) + "]");
        Path notJmh = write("other.json", "{\"benchmark\": \"x\"}");

        assertEquals(2, run(base, notJmh));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("expected a JSON array of JMH results"));
    }

    private int run(Path base, Path candidate) {
        return CompareResults.run(new String[] {base.toString(), candidate.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path write(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }

    private static String result(String name, double score, double error, Double alloc) {
        String secondary = alloc == null ? "{}"
                : "{\"gc.alloc.rate.norm\": {\"score\": " + alloc + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"B/op\"}}";
        return "{\"benchmark\": \"io.eventroute.benchmarks." + name + "\", \"mode\": \"avgt\", \"primaryMetric\": "
                + "{\"score\": " + score + ", \"scoreError\": " + error + ", \"scoreUnit\": \"ns/op\"}, "
                + "\"secondaryMetrics\": " + secondary + "}";
    }

    private static String line(String table, String needle) {
        return table.lines().filter(l -> l.contains(needle)).findFirst().orElse("").stripTrailing();
    }
}
