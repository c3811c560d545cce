package io.eventroute.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.cli.internal.DialectConverter;
import io.eventroute.cli.internal.EventLines;
import io.eventroute.cli.internal.ExitCodes;
import io.eventroute.cli.internal.InputProblem;
import io.eventroute.cli.internal.Inputs;
import io.eventroute.cli.internal.Json;
import io.eventroute.cli.internal.LimitsOptions;
import io.eventroute.cli.internal.RouteFile;
import io.eventroute.cli.internal.UserException;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.runtime.RouteTable;
import io.eventroute.runtime.event.InvalidEventException;
import io.eventroute.runtime.event.ReadPlan;
import io.eventroute.runtime.event.CloudEventFormat;
import io.eventroute.runtime.event.SelectiveEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code eventroute match}: which routes would each event of a captured stream hit (a dry run). */
@Command(name = "match",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Matches a stream of events against a set of routes, without delivering anything.",
        description = {
            "ROUTES is JSON Lines, one route per line: {\"id\": \"...\", \"filter\": \"...\"} with an optional "
                + "\"dialect\". Every bad line and every invalid filter is reported (with its diagnostics) and "
                + "nothing is matched then.",
            "EVENTS is JSON Lines of structured-mode CloudEvents: a file (a *.json file is one event), a directory "
                + "of *.jsonl files, or '-' for standard input, answered line by line. An event line that route would "
                + "reject (not a JSON object, or without a required attribute) is reported on standard error as "
                + "route reports it, and skipped.",
            "",
            "Without --summary it prints one line per event: {\"id\": <event id>, \"routes\": [<route ids>]}.",
            "With --summary it matches the whole file K times (--passes) and prints one JSON object: "
                + "{\"routes\": R, \"events\": E, \"matches\": M, \"load_ms\": ..., \"match_ns_per_event\": <best pass>, "
                + "\"pass_ns_per_event\": [<each pass>], \"rejected\": N, \"per_route\": {\"<route id>\": <count>, ...}} — the way to compare engines "
                + "process to process.",
            "",
        },
        exitCodeListHeading = "%nExit codes:%n")
final class MatchCommand implements Callable<Integer> {
    @Option(names = "--routes", required = true, paramLabel = "ROUTES", description = "JSON Lines of routes.")
    private String routes;

    @Option(names = "--events", required = true, paramLabel = "EVENTS",
            description = "JSON Lines of CloudEvents: a file, a directory of *.jsonl files, or '-' for standard input.")
    private String events;

    @Option(names = "--dialect", paramLabel = "D", converter = DialectConverter.class,
            description = "Default filter language of the routes: adt (the default) or cesql (CloudEvents SQL v1).")
    private Dialect dialect = Dialect.ADT;

    @Option(names = "--passes", paramLabel = "K", defaultValue = "1",
            description = "With --summary: how many times to match the whole file (the best pass is reported).")
    private int passes;

    @Option(names = "--summary", description = "Print one summary object instead of a line per event.")
    private boolean summary;

    @Mixin
    private LimitsOptions limits = new LimitsOptions();

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (passes < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--passes must be at least 1");
        }
        long loadStart = System.nanoTime();
        // Each line is checked as route checks it, so the reader decodes the attributes every CloudEvent
        // has (the id names the line's output) whether a route reads them or not. The summary times
        // matching alone: its table reads what the routes use, and its first pass checks separately.
        RouteTable<Void> table = summary ? RouteTable.create()
                : RouteTable.withPayloads(FilterCompiler.builder().build(), CloudEventFormat.ROUTER_ATTRIBUTES);
        int problems = RouteFile.load(routes, main.stdin(), dialect, limits.limits(), table, err);
        long loadNanos = System.nanoTime() - loadStart;
        if (problems > 0) {
            err.println("eventroute: " + problems + (problems == 1 ? " route is" : " routes are") + " invalid; nothing was matched");
            return ExitCodes.INVALID_FILTER;
        }
        try (EventLines input = EventLines.open(events, main.stdin())) {
            int rejected = summary ? summarize(table, readAll(input), loadNanos, out, err) : perEvent(table, input, out, err);
            return rejected == 0 ? ExitCodes.OK : ExitCodes.USAGE_OR_INPUT;
        } catch (IOException e) {
            throw new UserException(events + ": " + Inputs.describe(e));
        }
    }

    // As route reads it (the one reader, then the CloudEvent check): a dry run rejects what route would reject.
    private static SelectiveEvent cloudEvent(RouteTable.Snapshot<Void> routes, EventLines.Line line) {
        SelectiveEvent event = routes.read(line.bytes());
        CloudEventFormat.requireCloudEvent(event);
        return event;
    }

    private static List<EventLines.Line> readAll(EventLines input) throws IOException {
        List<EventLines.Line> lines = new ArrayList<>();
        for (EventLines.Line line = input.next(); line != null; line = input.next()) {
            lines.add(line);
        }
        return lines;
    }

    // Line by line, so that an endless input gets its answers as it goes (and stops once nobody reads them).
    private static int perEvent(RouteTable<Void> table, EventLines input, PrintWriter out, PrintWriter err)
            throws IOException {
        int rejected = 0;
        for (EventLines.Line line = input.next(); line != null; line = input.next()) {
            List<String> ids;
            Object id;
            try {
                RouteTable.Snapshot<Void> routes = table.snapshot();
                SelectiveEvent event = cloudEvent(routes, line);
                ids = routes.match(event);
                id = event.attribute("id");
            } catch (InvalidEventException e) {
                err.println(InputProblem.render(line.source(), line.number(), "", e));
                rejected++;
                continue;
            }
            ObjectNode node = Json.MAPPER.createObjectNode();
            if (id instanceof String s) {
                node.put("id", s);
            } else {
                node.putNull("id");
            }
            ArrayNode array = node.putArray("routes");
            ids.forEach(array::add);
            out.println(Json.write(node));
        }
        return rejected;
    }

    private int summarize(RouteTable<Void> table, List<EventLines.Line> lines, long loadNanos, PrintWriter out,
            PrintWriter err) {
        Map<String, Long> perRoute = new LinkedHashMap<>();
        for (String id : table.ids()) {
            perRoute.put(id, 0L);
        }
        // Bad lines are found first, untimed; every pass then times matching alone (the first one keeps
        // its results, counted per route after its clock stops), so that passes compare like for like.
        SelectiveEvent checker = new SelectiveEvent(ReadPlan.of(CloudEventFormat.ROUTER_ATTRIBUTES, Set.of()));
        List<byte[]> good = new ArrayList<>(lines.size());
        int rejected = 0;
        for (EventLines.Line line : lines) {
            try {
                CloudEventFormat.requireCloudEvent(checker.read(line.bytes()));
                good.add(line.bytes());
            } catch (InvalidEventException e) {
                rejected++;
                err.println(InputProblem.render(line.source(), line.number(), "", e));
            }
        }
        long matches = 0;
        long best = Long.MAX_VALUE;
        long[] passNanos = new long[passes];
        List<List<String>> firstPass = new ArrayList<>(good.size());
        for (int pass = 0; pass < passes; pass++) {
            long passMatches = 0;
            long start = System.nanoTime();
            for (byte[] event : good) {
                List<String> ids = table.match(event);
                passMatches += ids.size();
                if (pass == 0) {
                    firstPass.add(ids);
                }
            }
            passNanos[pass] = System.nanoTime() - start;
            best = Math.min(best, passNanos[pass]);
            matches = passMatches;
        }
        for (List<String> ids : firstPass) {
            for (String id : ids) {
                perRoute.merge(id, 1L, Long::sum);
            }
        }
        int events = good.size();
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("routes", table.size());
        node.put("events", events);
        node.put("matches", matches);
        node.put("load_ms", Math.round(loadNanos / 1e4) / 100.0);
        node.put("match_ns_per_event", events == 0 ? 0 : Math.round((double) best / events));
        ArrayNode each = node.putArray("pass_ns_per_event");
        for (long nanos : passNanos) {
            each.add(events == 0 ? 0 : Math.round((double) nanos / events));
        }
        node.put("rejected", rejected);
        ObjectNode counts = node.putObject("per_route");
        perRoute.forEach(counts::put);
        out.println(Json.write(node));
        return rejected;
    }
}
