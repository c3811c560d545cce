package io.eventroute.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotResultsTest {
    private static String run(String benchmark, String params, double score) {
        return "{\"benchmark\":\"" + benchmark + "\",\"params\":{" + params + "},\"primaryMetric\":{\"score\":" + score + "}}";
    }

    private static final String JSON = "[" + String.join(",",
            run(PlotResults.MATCH, "\"routes\":\"1\",\"engine\":\"eventroute\"", 300),
            run(PlotResults.MATCH, "\"routes\":\"100000\",\"engine\":\"eventroute\"", 900),
            run(PlotResults.MATCH, "\"routes\":\"1\",\"engine\":\"naive-spel\"", 1500),
            run(PlotResults.MATCH, "\"routes\":\"100000\",\"engine\":\"naive-spel\"", 9_000_000),
            run(PlotResults.FLOOR + "tokenize", "", 250),
            run("io.eventroute.benchmarks.compile.CompileBenchmark.typical", "", 5)) + "]";

    @Test
    void readsTheCurvesByEngineAndTheFloors() throws Exception {
        PlotResults.Curves c = PlotResults.read(JSON);
        assertEquals(2, c.engines().size());
        assertEquals(9_000_000.0, c.engines().get("naive-spel").get(100_000));
        assertEquals(250.0, c.floors().get("Jackson tokenize"));
    }

    @Test
    void writesAPngWithTheCurvesDrawn(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("r.json");
        Files.writeString(in, JSON);
        Path out = dir.resolve("p.png");
        assertEquals(0, PlotResults.run(new String[] {in.toString(), out.toString()}, System.err));
        BufferedImage image = ImageIO.read(out.toFile());
        assertEquals(960, image.getWidth());
        // Something other than white and grid grey inside the plot: the curves were drawn.
        int colored = 0;
        for (int x = 100; x < 700; x++) {
            for (int y = 60; y < 520; y++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                int r = rgb >> 16;
                int b = rgb & 0xFF;
                if (Math.abs(r - b) > 60) {
                    colored++;
                }
            }
        }
        assertNotEquals(0, colored);
    }

    @Test
    void aFileWithoutRouteResultsOrAMissingFileIsAClearError(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("r.json");
        Files.writeString(in, "[" + run("x.Y.z", "", 1) + "]");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(1, PlotResults.run(new String[] {in.toString(), dir.resolve("p.png").toString()}, ps));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no RouteMatchBenchmark results"));
        assertEquals(1, PlotResults.run(new String[] {dir.resolve("none.json").toString(), "p.png"}, ps));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file"));
        assertEquals(2, PlotResults.run(new String[] {}, ps));
    }
}
