package io.eventroute.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the headline curve from a JMH JSON result file: cost per event (ns, log scale) against the number
 * of routes (log scale), one line per engine of {@code RouteMatchBenchmark}, with the JSON floor of
 * {@code JsonFloorBenchmark} as horizontal lines. Drawn with JFreeChart (axes, log scales and legend
 * done properly), headless, so it runs wherever the benchmarks do. Stateless; thread-safe.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.eventroute.benchmarks.PlotResults
 * results.json plot.png}
 */
public final class PlotResults {
    static final String MATCH = "io.eventroute.benchmarks.routes.RouteMatchBenchmark.match";
    static final String FLOOR = "io.eventroute.benchmarks.routes.JsonFloorBenchmark.";
    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;

    /** The curves of one result file: engine to (routes to ns per event), and floor name to ns per event. */
    record Curves(Map<String, TreeMap<Integer, Double>> engines, Map<String, Double> floors) {
    }

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private PlotResults() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    static int run(String[] args, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: PlotResults <results.json> <plot.png>  (JMH results written with -rf json)");
            return 2;
        }
        try {
            Curves curves = read(Files.readString(Path.of(args[0])));
            if (curves.engines().isEmpty()) {
                err.println("error: " + args[0] + " has no RouteMatchBenchmark results to plot");
                return 1;
            }
            ImageIO.write(draw(curves), "png", Path.of(args[1]).toFile());
            return 0;
        } catch (NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
            return 1;
        } catch (IOException e) {
            err.println("error: cannot read or write: " + e.getMessage());
            return 1;
        }
    }

    /** The route-match scores by engine and route count, and the JSON floor scores, from JMH's JSON. */
    static Curves read(String json) throws IOException {
        Map<String, TreeMap<Integer, Double>> engines = new TreeMap<>();
        Map<String, Double> floors = new TreeMap<>();
        for (JsonNode run : new ObjectMapper().readTree(json)) {
            String name = run.path("benchmark").asText();
            double score = run.path("primaryMetric").path("score").asDouble();
            if (name.equals(MATCH)) {
                JsonNode params = run.path("params");
                engines.computeIfAbsent(params.path("engine").asText(), k -> new TreeMap<>())
                        .put(params.path("routes").asInt(), score);
            } else if (name.startsWith(FLOOR)) {
                floors.put("Jackson " + name.substring(FLOOR.length()), score);
            }
        }
        return new Curves(engines, floors);
    }

    /** The chart: one line per engine, the floors as dashed horizontal markers, both axes log scale. */
    static BufferedImage draw(Curves curves) {
        XYSeriesCollection lines = new XYSeriesCollection();
        for (Map.Entry<String, TreeMap<Integer, Double>> engine : curves.engines().entrySet()) {
            XYSeries series = new XYSeries(engine.getKey());
            engine.getValue().forEach(series::add);
            lines.addSeries(series);
        }
        LogAxis routes = new LogAxis("routes (log scale)");
        routes.setBase(10);
        routes.setSmallestValue(1);
        routes.setNumberFormatOverride(new DecimalFormat("#,##0"));
        routes.setTickUnit(new NumberTickUnit(1)); // one tick per decade (the unit is in log10 space)
        LogAxis nanos = new LogAxis("ns per event (log scale)");
        nanos.setBase(10);
        nanos.setNumberFormatOverride(new DecimalFormat("#,##0"));
        nanos.setTickUnit(new NumberTickUnit(1));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < lines.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2.5f));
        }
        XYPlot plot = new XYPlot(lines, routes, nanos, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (TreeMap<Integer, Double> points : curves.engines().values()) {
            for (double y : points.values()) {
                lowest = Math.min(lowest, y);
                highest = Math.max(highest, y);
            }
        }
        for (Map.Entry<String, Double> floor : curves.floors().entrySet()) {
            ValueMarker marker = new ValueMarker(floor.getValue(), Color.DARK_GRAY,
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
            marker.setLabel(floor.getKey() + String.format(Locale.ROOT, " (%.0f ns)", floor.getValue()));
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(marker);
            lowest = Math.min(lowest, floor.getValue());
            highest = Math.max(highest, floor.getValue());
        }
        // Markers do not widen the axis by themselves: a floor below every curve must still show.
        nanos.setRange(Math.pow(10, Math.floor(Math.log10(lowest))), Math.pow(10, Math.ceil(Math.log10(highest))));
        JFreeChart chart = new JFreeChart(
                "Cost per event (JSON bytes in, matching route ids out) against the number of routes",
                new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart.createBufferedImage(WIDTH, HEIGHT);
    }
}
