package io.eventroute.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Draws the headline curve from a JMH JSON result file: cost per event (ns, log scale) against the number
 * of routes (log scale), one line per engine of {@code RouteMatchBenchmark}, with the JSON floor of
 * {@code JsonFloorBenchmark} as horizontal lines. Plain java.awt, headless, so it runs wherever the
 * benchmarks do. Stateless; thread-safe.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.eventroute.benchmarks.PlotResults
 * results.json plot.png}
 */
public final class PlotResults {
    static final String MATCH = "io.eventroute.benchmarks.routes.RouteMatchBenchmark.match";
    static final String FLOOR = "io.eventroute.benchmarks.routes.JsonFloorBenchmark.";
    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final int LEFT = 90;
    private static final int RIGHT = 220;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e),
    };

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

    static BufferedImage draw(Curves curves) {
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (TreeMap<Integer, Double> points : curves.engines().values()) {
            minX = Math.min(minX, points.firstKey());
            maxX = Math.max(maxX, points.lastKey());
            for (double y : points.values()) {
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        for (double y : curves.floors().values()) {
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        Axis x = new Axis(Math.floor(Math.log10(minX)), Math.max(Math.ceil(Math.log10(maxX)), Math.floor(Math.log10(minX)) + 1),
                LEFT, WIDTH - RIGHT);
        Axis y = new Axis(Math.floor(Math.log10(minY)), Math.ceil(Math.log10(maxY)), HEIGHT - BOTTOM, TOP);

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString("Cost per event (JSON bytes in, matching route ids out) against the number of routes", LEFT, 28);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double d = y.min; d <= y.max; d++) {
            int py = y.pixel(d);
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, py, WIDTH - RIGHT, py);
            g.setColor(Color.BLACK);
            g.drawString(label(Math.pow(10, d)) + " ns", 10, py + 4);
        }
        for (double d = x.min; d <= x.max; d++) {
            int px = x.pixel(d);
            g.setColor(new Color(0xdddddd));
            g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
            g.setColor(Color.BLACK);
            g.drawString(label(Math.pow(10, d)), px - 12, HEIGHT - BOTTOM + 18);
        }
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        g.drawString("routes (log scale)", (LEFT + WIDTH - RIGHT) / 2 - 50, HEIGHT - 25);
        g.drawString("ns per event (log scale)", 10, TOP - 8);

        int legendY = TOP + 10;
        int c = 0;
        g.setStroke(new BasicStroke(2.5f));
        for (Map.Entry<String, TreeMap<Integer, Double>> engine : curves.engines().entrySet()) {
            g.setColor(COLORS[c++ % COLORS.length]);
            List<int[]> points = new ArrayList<>();
            for (Map.Entry<Integer, Double> p : engine.getValue().entrySet()) {
                points.add(new int[] {x.pixel(Math.log10(p.getKey())), y.pixel(Math.log10(p.getValue()))});
            }
            for (int i = 0; i < points.size(); i++) {
                int[] p = points.get(i);
                g.fillOval(p[0] - 4, p[1] - 4, 8, 8);
                if (i > 0) {
                    int[] q = points.get(i - 1);
                    g.drawLine(q[0], q[1], p[0], p[1]);
                }
            }
            legendY = legend(g, engine.getKey(), legendY, null);
        }
        Stroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f);
        for (Map.Entry<String, Double> floor : curves.floors().entrySet()) {
            g.setColor(new Color(0x555555));
            g.setStroke(dashed);
            int py = y.pixel(Math.log10(floor.getValue()));
            g.drawLine(LEFT, py, WIDTH - RIGHT, py);
            legendY = legend(g, floor.getKey() + String.format(Locale.ROOT, " (%.0f ns)", floor.getValue()), legendY, dashed);
        }
        g.dispose();
        return image;
    }

    private static int legend(Graphics2D g, String text, int y, Stroke stroke) {
        int x = WIDTH - RIGHT + 15;
        g.setStroke(stroke != null ? stroke : new BasicStroke(2.5f));
        g.drawLine(x, y, x + 25, y);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 32, y + 4);
        return y + 22;
    }

    private static String label(double value) {
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.0fM", value / 1_000_000);
        }
        if (value >= 1_000) {
            return String.format(Locale.ROOT, "%.0fk", value / 1_000);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }

    /** A log10 axis mapped onto pixels. */
    private record Axis(double min, double max, int from, int to) {
        int pixel(double log) {
            return (int) Math.round(from + (log - min) / (max - min) * (to - from));
        }
    }
}
