package io.eventroute.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.cli.internal.ExitCodes;
import io.eventroute.cli.internal.Inputs;
import io.eventroute.cli.internal.Json;
import io.eventroute.cli.internal.UserException;
import io.eventroute.cli.workload.Workload;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code eventroute generate}: a seeded, realistic ADT workload (routes and events) as JSON Lines files. */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Writes a seeded, realistic Azure Digital Twins workload: routes and events as JSON Lines.",
        description = {
            "Tenants (one ADT instance per hundred routes) with floors, rooms and thermostats of their own models; "
                // picocli formats help texts: a percent sign is written %%.
                + "events in the ADT mix (55%% telemetry, 30%% twin updates, 8%% relationship events, 7%% twin life-cycle); "
                + "routes of the shapes users write (type + subject, type + dataschema + threshold, subject prefix, "
                + "relationship name, model id, whole instance), so that an event matches about ten routes. "
                + "The same seed gives the same files.",
            "Writes ROUTES.jsonl ({\"id\", \"filter\", \"ruler\"}: ruler is the same condition as an event-ruler rule) "
                + "and EVENTS.jsonl (one CloudEvent per line). Progress goes to standard error.",
            "",
        },
        exitCodeListHeading = "%nExit codes:%n")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--routes", paramLabel = "N", defaultValue = "1000", description = "Number of routes (default ${DEFAULT-VALUE}).")
    private int routes;

    @Option(names = "--events", paramLabel = "N", defaultValue = "10000", description = "Number of events (default ${DEFAULT-VALUE}).")
    private int events;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--routes-out", paramLabel = "FILE", defaultValue = "routes.jsonl", description = "Routes file (default ${DEFAULT-VALUE}; '-' = standard output).")
    private Path routesOut;

    @Option(names = "--events-out", paramLabel = "FILE", defaultValue = "events.jsonl", description = "Events file (default ${DEFAULT-VALUE}; '-' = standard output).")
    private Path eventsOut;

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (routes < 0 || events < 0) {
            throw new ParameterException(spec.commandLine(), "--routes and --events must not be negative");
        }
        if (isStdout(routesOut) && isStdout(eventsOut)) {
            throw new ParameterException(spec.commandLine(), "--routes-out and --events-out cannot both be '-' "
                    + "(standard output): the events would follow the routes in one stream");
        }
        PrintWriter err = spec.commandLine().getErr();
        Workload workload = new Workload(seed, Math.max(1, routes));
        try (BufferedWriter w = writer(routesOut)) {
            for (Workload.Route r : workload.routes(routes)) {
                ObjectNode node = Json.MAPPER.createObjectNode();
                node.put("id", r.id());
                node.put("filter", r.filter());
                node.put("ruler", r.rulerRule());
                w.write(Json.write(node));
                w.newLine();
            }
        } catch (IOException e) {
            throw new UserException(routesOut + ": cannot write (" + Inputs.reason(e) + ")");
        }
        int step = Math.max(1, events / 10);
        try (BufferedWriter w = writer(eventsOut)) {
            int written = 0;
            while (written < events) {
                int chunk = Math.min(step, events - written);
                for (String e : workload.events(chunk)) {
                    w.write(e);
                    w.newLine();
                }
                written += chunk;
                if (events >= 100_000) {
                    err.println("generate: " + written + " / " + events + " events");
                }
            }
        } catch (IOException e) {
            throw new UserException(eventsOut + ": cannot write (" + Inputs.reason(e) + ")");
        }
        err.println("generate: wrote " + routes + " routes to " + routesOut + " and " + events + " events to " + eventsOut
                + " (" + workload.tenants() + (workload.tenants() == 1 ? " tenant" : " tenants") + ", seed " + seed + ")");
        return ExitCodes.OK;
    }

    private static boolean isStdout(Path path) {
        return path.toString().equals(Inputs.STDIN);
    }

    // '-' is standard output, as it is standard input for the commands that read.
    private BufferedWriter writer(Path path) throws IOException {
        if (isStdout(path)) {
            return new BufferedWriter(new OutputStreamWriter(main.stdout(), StandardCharsets.UTF_8));
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    }
}
