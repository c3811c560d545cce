package io.eventroute.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * Turns a JMH JSON result file of the quick or full set (and optionally {@code RouteMemory}'s JSON) into
 * the Markdown tables of {@code benchmarks/README.md}: each comparison with the ratio of every peer to
 * eventroute, so the README's numbers come from the committed files and not from copying by hand.
 * Stateless; thread-safe.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.eventroute.benchmarks.SummarizeResults
 * results.json [memory.json]}
 */
public final class SummarizeResults {
    private static final String PREFIX = "io.eventroute.benchmarks.";
    private static final String[] ROUTE_ENGINES = {"eventroute", "event-ruler", "naive-spel"};
    private static final String[] FILTER_ENGINES = {
        "eventroute", "lambda", "spelCompiled", "spelInterpreted", "artemis", "cel", "jexl", "mvel",
    };

    /** One JMH result: short benchmark name, parameters, primary score and the figures the tables show. */
    record Run(String name, Map<String, String> params, double score, double error, String unit, Double allocBytes,
            Double p50, Double p99) {
        String param(String key) {
            return params.getOrDefault(key, "");
        }
    }

    private SummarizeResults() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2) {
            err.println("usage: SummarizeResults <results.json> [memory.json]  (JMH results written with -rf json)");
            return 2;
        }
        try {
            List<Run> runs = read(Files.readString(Path.of(args[0])));
            JsonNode memory = args.length == 2 ? new ObjectMapper().readTree(Files.readString(Path.of(args[1]))) : null;
            out.print(summarize(runs, memory));
            return 0;
        } catch (NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
            return 1;
        } catch (IOException e) {
            err.println("error: cannot read the results: " + e.getMessage());
            return 1;
        }
    }

    static List<Run> read(String json) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(json)) {
            String name = r.path("benchmark").asText();
            Map<String, String> params = new TreeMap<>();
            r.path("params").fields().forEachRemaining(p -> params.put(p.getKey(), p.getValue().asText()));
            JsonNode primary = r.path("primaryMetric");
            JsonNode alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm");
            JsonNode percentiles = primary.path("scorePercentiles");
            runs.add(new Run(name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name, params,
                    primary.path("score").asDouble(), primary.path("scoreError").isNumber()
                            ? primary.path("scoreError").asDouble() : 0,
                    primary.path("scoreUnit").asText(), alloc.isObject() ? alloc.path("score").asDouble() : null,
                    percentiles.has("50.0") ? percentiles.path("50.0").asDouble() : null,
                    percentiles.has("99.0") ? percentiles.path("99.0").asDouble() : null));
        }
        return runs;
    }

    static String summarize(List<Run> runs, JsonNode memory) {
        StringBuilder b = new StringBuilder();
        routeTable(b, runs);
        filterTable(b, runs);
        costTable(b, runs, memory);
        dispatchTable(b, runs);
        return b.toString();
    }

    private static void routeTable(StringBuilder b, List<Run> runs) {
        Run tokenize = find(runs, "routes.JsonFloorBenchmark.tokenize", Map.of());
        Run readMap = find(runs, "routes.JsonFloorBenchmark.readMap", Map.of());
        b.append("**N routes, one event as JSON bytes in, matching route ids out** (ns per event; lower is better)\n\n");
        b.append("| routes | eventroute | event-ruler | naive SpEL loop | event-ruler ÷ eventroute | naive ÷ eventroute "
                + "| eventroute ÷ Jackson tokenize |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String routes : new String[] {"1", "100", "10000", "100000"}) {
            Run[] r = new Run[ROUTE_ENGINES.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = findEvents(runs, "routes.RouteMatchBenchmark.match", Map.of("routes", routes, "engine", ROUTE_ENGINES[i]),
                        CYCLED);
            }
            if (r[0] == null && r[1] == null && r[2] == null) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s |%n", Integer.parseInt(routes),
                    score(r[0]), score(r[1]), score(r[2]), ratio(r[1], r[0]), ratio(r[2], r[0]), ratio(r[0], tokenize)));
        }
        b.append(String.format(Locale.ROOT, "%nJSON floor (same events): Jackson `nextToken` to the end %s ns, "
                + "Jackson into a `Map` %s ns per event.%n%n", score(tokenize), score(readMap)));
        distinctTable(b, runs);
    }

    /**
     * The same engines on the stream of distinct events beside the cycled workload, with what each
     * allocates per event; left out when the run has no distinct-event results.
     */
    private static void distinctTable(StringBuilder b, List<Run> runs) {
        StringBuilder rows = new StringBuilder();
        for (String routes : new String[] {"1", "100", "10000", "100000"}) {
            Map<String, String> ours = Map.of("routes", routes, "engine", ROUTE_ENGINES[0]);
            Map<String, String> theirs = Map.of("routes", routes, "engine", ROUTE_ENGINES[1]);
            Run oursDistinct = findEvents(runs, "routes.RouteMatchBenchmark.match", ours, DISTINCT);
            Run theirsDistinct = findEvents(runs, "routes.RouteMatchBenchmark.match", theirs, DISTINCT);
            if (oursDistinct == null && theirsDistinct == null) {
                continue;
            }
            Run oursCycled = findEvents(runs, "routes.RouteMatchBenchmark.match", ours, CYCLED);
            Run theirsCycled = findEvents(runs, "routes.RouteMatchBenchmark.match", theirs, CYCLED);
            rows.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s | %s | %s |%n", Integer.parseInt(routes),
                    score(oursCycled), score(oursDistinct), alloc(oursDistinct), score(theirsCycled), score(theirsDistinct),
                    alloc(theirsDistinct), ratio(oursCycled, theirsCycled), ratio(oursDistinct, theirsDistinct)));
        }
        boolean readHeader = false;
        for (String routes : new String[] {"100", "100000"}) {
            Run cycled = findEvents(runs, "routes.SelectiveReadBenchmark.read", Map.of("routes", routes), CYCLED);
            Run distinct = findEvents(runs, "routes.SelectiveReadBenchmark.read", Map.of("routes", routes), DISTINCT);
            if (distinct != null) {
                if (!readHeader) {
                    rows.append(String.format(Locale.ROOT, "%nReading alone (`SelectiveReadBenchmark`, ns per event, "
                            + "cycled → distinct):"));
                    readHeader = true;
                }
                rows.append(String.format(Locale.ROOT, " %,d routes %s → %s (%s B/event);", Integer.parseInt(routes),
                        score(cycled), score(distinct), alloc(distinct)));
            }
        }
        if (rows.length() == 0) {
            return;
        }
        b.append("**Cycled events against a stream of distinct events** (ns per event, B allocated per event; "
                + "eventroute ÷ event-ruler: lower is better)\n\n");
        b.append("| routes | eventroute cycled | eventroute distinct | B/event | event-ruler cycled | event-ruler distinct "
                + "| B/event | ÷ event-ruler, cycled | ÷ event-ruler, distinct |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        b.append(rows).append("\n\n");
    }

    private static final String CYCLED = "cycled";
    private static final String DISTINCT = "distinct";

    /** As {@link #find}, for the given events workload; results from before the workload was a parameter are cycled. */
    private static Run findEvents(List<Run> runs, String name, Map<String, String> params, String events) {
        for (Run r : runs) {
            String theirs = r.params().getOrDefault("events", CYCLED);
            if (r.name().equals(name) && theirs.equals(events) && r.params().entrySet().containsAll(params.entrySet())) {
                return r;
            }
        }
        return null;
    }

    private static void filterTable(StringBuilder b, List<Run> runs) {
        b.append("**One filter on a decoded event** (the typical three-condition filter; ns per evaluation)\n\n");
        b.append("| engine | Twin.Update (match) | ÷ eventroute | B/op | telemetry (rejected by `type`) | ÷ eventroute |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        Run oursMatch = find(runs, "peers.SingleFilterBenchmark.eventroute", Map.of("event", "twinUpdate"));
        Run oursMiss = find(runs, "peers.SingleFilterBenchmark.eventroute", Map.of("event", "telemetry"));
        for (String engine : FILTER_ENGINES) {
            Run match = find(runs, "peers.SingleFilterBenchmark." + engine, Map.of("event", "twinUpdate"));
            Run miss = find(runs, "peers.SingleFilterBenchmark." + engine, Map.of("event", "telemetry"));
            if (match == null && miss == null) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", engine, score(match),
                    ratio(match, oursMatch), alloc(match), score(miss), ratio(miss, oursMiss)));
        }
        b.append('\n');
    }

    private static void costTable(StringBuilder b, List<Run> runs, JsonNode memory) {
        b.append("**Route table costs**\n\n| what | routes | result |\n|---|---:|---:|\n");
        for (String which : new String[] {"typical", "large"}) {
            Run r = find(runs, "compile.CompileBenchmark." + which, Map.of());
            if (r != null) {
                b.append(String.format(Locale.ROOT, "| compile one %s filter | – | %s %s |%n", which, score(r), r.unit()));
            }
        }
        for (Run r : runs) {
            if (r.name().equals("compile.RouteLoadBenchmark.load")) {
                int n = Integer.parseInt(r.param("routes"));
                b.append(String.format(Locale.ROOT, "| load N routes from text | %,d | %s %s (%.1f µs per route) |%n", n,
                        score(r), r.unit(), r.score() * unitToMicros(r.unit()) / n));
            }
        }
        for (Run r : runs) {
            if (r.name().startsWith("compile.AddRouteBenchmark.") && r.p50() != null) {
                b.append(String.format(Locale.ROOT, "| %s, median (p99) | %,d present | %.1f (%.1f) %s |%n",
                        r.name().substring("compile.AddRouteBenchmark.".length()), Integer.parseInt(r.param("routes")),
                        r.p50(), r.p99(), r.unit()));
            }
        }
        if (memory != null) {
            for (JsonNode m : memory) {
                double routes = Math.max(1, m.path("routes").asInt());
                b.append(String.format(Locale.ROOT, "| memory per route: object graph (heap growth) | %,d | %,.0f (%,.0f) B |%n",
                        m.path("routes").asInt(), m.path("graphBytes").asDouble() / routes,
                        m.path("heapDeltaBytes").asDouble() / routes));
            }
        }
        b.append('\n');
    }

    private static void dispatchTable(StringBuilder b, List<Run> runs) {
        boolean header = false;
        for (Run r : runs) {
            if (r.name().equals("dispatch.DispatchBenchmark.routeAndDeliver")) {
                if (!header) {
                    b.append("**Dispatch** (JSON bytes to delivered, events per second; higher is better)\n\n"
                            + "| endpoint | routes | events/s |\n|---|---:|---:|\n");
                    header = true;
                }
                b.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", r.param("endpointKind"), r.param("routes"), score(r)));
            }
        }
        if (header) {
            b.append('\n');
        }
    }

    private static Run find(List<Run> runs, String name, Map<String, String> params) {
        for (Run r : runs) {
            if (r.name().equals(name) && r.params().entrySet().containsAll(params.entrySet())) {
                return r;
            }
        }
        return null;
    }

    private static double unitToMicros(String unit) {
        switch (unit) {
            case "ns/op":
                return 0.001;
            case "ms/op":
                return 1000;
            case "s/op":
                return 1_000_000;
            default:
                return 1;
        }
    }

    private static String score(Run r) {
        if (r == null) {
            return "–";
        }
        String digits = r.score() >= 100 ? "%,.0f" : r.score() >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, digits + " ± " + digits, r.score(), r.error());
    }

    private static String ratio(Run a, Run b) {
        if (a == null || b == null || b.score() == 0) {
            return "–";
        }
        double q = a.score() / b.score();
        return String.format(Locale.ROOT, q >= 100 ? "%,.0f×" : q >= 10 ? "%.0f×" : "%.2f×", q);
    }

    private static String alloc(Run r) {
        return r == null || r.allocBytes() == null ? "–" : String.format(Locale.ROOT, "%,.0f", r.allocBytes());
    }
}
