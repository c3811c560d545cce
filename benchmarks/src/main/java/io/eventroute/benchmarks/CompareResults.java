package io.eventroute.benchmarks;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Compares two JMH JSON result files ({@code -rf json}) benchmark by benchmark: score and error of each,
 * the relative change, and {@code gc.alloc.rate.norm} when both runs used {@code -prof gc}. A change is
 * called faster or slower only when the two confidence intervals do not overlap. Stateless; thread-safe.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.eventroute.benchmarks.CompareResults
 * base.json candidate.json}
 */
public final class CompareResults {
    private static final String ALLOC = "gc.alloc.rate.norm";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One benchmark's primary score and, when profiled, its allocation per operation. */
    record Result(double score, double error, String unit, Double allocBytes) {
    }

    private CompareResults() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: CompareResults <base.json> <candidate.json>  (JMH results written with -rf json)");
            return 2;
        }
        try {
            out.print(compare(read(Path.of(args[0])), read(Path.of(args[1]))));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    /** Reads a JMH JSON result file into benchmark name (with parameters) to result. */
    static Map<String, Result> read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + ": expected a JSON array of JMH results (run JMH with -rf json)");
        }
        Map<String, Result> results = new LinkedHashMap<>();
        for (JsonNode run : root) {
            JsonNode primary = run.path("primaryMetric");
            if (!run.path("benchmark").isTextual() || !primary.isObject()) {
                throw new IllegalArgumentException(file + ": an entry lacks \"benchmark\" or \"primaryMetric\"");
            }
            JsonNode alloc = run.path("secondaryMetrics").path(ALLOC);
            results.put(name(run), new Result(number(primary.path("score")), number(primary.path("scoreError")),
                    primary.path("scoreUnit").asText(), alloc.isObject() ? number(alloc.path("score")) : null));
        }
        return results;
    }

    /** The comparison table, one line per benchmark present in either run. */
    static String compare(Map<String, Result> base, Map<String, Result> candidate) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-60s %22s %22s %8s %-7s %12s %12s%n",
                "benchmark", "base", "candidate", "change", "verdict", "base B/op", "cand. B/op"));
        Map<String, Result> all = new LinkedHashMap<>(base);
        candidate.forEach(all::putIfAbsent);
        for (String name : all.keySet()) {
            Result b = base.get(name);
            Result c = candidate.get(name);
            String change = "";
            String verdict = b == null ? "new" : c == null ? "gone" : verdict(b, c);
            if (b != null && c != null && b.unit().equals(c.unit()) && b.score() != 0) {
                change = String.format(Locale.ROOT, "%+.1f%%", 100 * (c.score() - b.score()) / b.score());
            }
            table.append(String.format(Locale.ROOT, "%-60s %22s %22s %8s %-7s %12s %12s%n",
                    name, score(b), score(c), change, verdict, alloc(b), alloc(c)));
        }
        return table.toString();
    }

    private static String verdict(Result b, Result c) {
        if (!b.unit().equals(c.unit())) {
            return "units?";
        }
        // Lower is better for time per operation; higher for throughput (ops/s, as DispatchBenchmark reports).
        boolean higherIsBetter = b.unit().endsWith("/s");
        if (c.score() + c.error() < b.score() - b.error()) {
            return higherIsBetter ? "slower" : "faster";
        }
        if (c.score() - c.error() > b.score() + b.error()) {
            return higherIsBetter ? "faster" : "slower";
        }
        return "same";
    }

    private static String name(JsonNode run) {
        String name = run.path("benchmark").asText();
        JsonNode params = run.path("params");
        if (params.isObject() && params.size() > 0) {
            StringBuilder suffix = new StringBuilder();
            params.fields().forEachRemaining(p -> suffix.append(suffix.length() == 0 ? "" : ",")
                    .append(p.getKey()).append('=').append(p.getValue().asText()));
            name += "[" + suffix + "]";
        }
        // The package prefix is the same for every row; dropping it keeps the table readable.
        return name.startsWith("io.eventroute.benchmarks.") ? name.substring("io.eventroute.benchmarks.".length()) : name;
    }

    /** A number, or 0 for JMH's string "NaN", which it writes when there is no error estimate (one iteration). */
    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return 0;
    }

    private static String score(Result r) {
        return r == null ? "-" : String.format(Locale.ROOT, "%.3f ± %.3f %s", r.score(), r.error(), r.unit());
    }

    private static String alloc(Result r) {
        return r == null || r.allocBytes() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.allocBytes());
    }
}
