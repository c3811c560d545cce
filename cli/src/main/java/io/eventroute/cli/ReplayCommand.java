package io.eventroute.cli;

import io.eventroute.cli.config.ConfigLoader;
import io.eventroute.cli.config.ConfigProblem;
import io.eventroute.cli.config.EndpointConfig;
import io.eventroute.cli.config.RouteConfig;
import io.eventroute.cli.internal.ExitCodes;
import io.eventroute.cli.internal.RouteReport;
import io.eventroute.cli.internal.UserException;
import io.eventroute.runtime.DeadLetters;
import io.eventroute.runtime.DeadLetters.Letter;
import io.eventroute.runtime.DeliveryOutcome;
import io.eventroute.runtime.EndpointKinds;
import io.eventroute.runtime.Router;
import io.eventroute.runtime.RouterStats;
import io.eventroute.runtime.event.InvalidEventException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eventroute replay}: sends again what a dead-letter directory holds, and removes what was delivered. */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Sends dead-lettered events again to the endpoint and topic recorded for each.",
        description = {
            "Reads every <dir>/<endpoint>/yyyy/MM/dd/HH/<id>.json with its <id>.reason.json, and delivers the event "
                + "to the endpoint and topic (entity) its reason file records, as the route it names, with the "
                + "configuration's settings, delivery options and retries; no filter is evaluated. A delivered event's "
                + "pair of files is deleted, so a second replay sends nothing twice. An event that fails again is "
                + "dead-lettered again with its new reason (and its old pair removed). A file that cannot be used "
                + "(corrupt JSON, no reason file, an endpoint the configuration does not have) is reported with its "
                + "path and kept; the run goes on. The summary is route's.",
            "",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every dead letter was delivered (or, with --dry-run, could be)",
            "2:a configuration error (nothing was sent), bad usage, or no dead-letter directory",
            "3:some dead letter could not be used, or failed again",
        })
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The configuration file (YAML or JSON) with the endpoints.")
    private Path config;

    @Option(names = "--dead-letters", paramLabel = "DIR",
            description = "The dead-letter directory (default: the configuration's deadLetter.path).")
    private Path deadLetters;

    @Option(names = "--endpoint", paramLabel = "NAME", description = "Only the dead letters of this endpoint.")
    private String endpoint;

    @Option(names = "--route", paramLabel = "ID", description = "Only the dead letters of this route.")
    private String route;

    @Option(names = "--dry-run", description = "List what would be sent, and send nothing.")
    private boolean dryRun;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        String configName = config.toString();
        ConfigLoader.Result loaded = ConfigLoader.load(config, System::getenv, EndpointKinds.defaults());
        if (ConfigProblem.print(loaded.problems(), configName, "nothing was replayed", err) > 0) {
            return ExitCodes.USAGE_OR_INPUT;
        }
        RouteConfig cfg = loaded.config();
        Path dir = deadLetters != null ? deadLetters : cfg.deadLetter();
        if (dir == null) {
            throw new UserException("no dead-letter directory: give --dead-letters or set deadLetter.path in "
                    + configName);
        }
        if (!Files.isDirectory(dir)) {
            throw new UserException(dir + ": the dead-letter directory does not exist");
        }
        Map<String, String> kinds = new LinkedHashMap<>();
        for (EndpointConfig e : cfg.endpoints()) {
            kinds.put(e.name(), e.kind());
        }
        if (endpoint != null && !kinds.containsKey(endpoint)) {
            throw new UserException("--endpoint: " + configName + " has no endpoint '" + endpoint + "' (it has: "
                    + String.join(", ", kinds.keySet()) + ")");
        }
        long start = System.nanoTime();
        List<Letter> letters = new ArrayList<>();
        long unusable = read(dir, kinds, letters, err);
        if (dryRun) {
            for (Letter l : letters) {
                out.println(l.file() + " -> endpoint '" + l.endpoint() + "'" + (l.entity() == null ? "" : ", entity '"
                        + l.entity() + "'") + ", route '" + l.route() + "'");
            }
            out.printf(Locale.ROOT, "%,d dead letters would be sent; %,d could not be used%n", letters.size(), unusable);
            return unusable == 0 ? ExitCodes.OK : ExitCodes.INCOMPLETE;
        }
        // Failures go back to the same directory, with their new reason.
        RouteConfig replaying = new RouteConfig(cfg.endpoints(), cfg.routes(), dir, cfg.delivery());
        Router router = RouteCommand.start(replaying, EndpointKinds.defaults(), configName, err);
        if (router == null) {
            return ExitCodes.USAGE_OR_INPUT;
        }
        AtomicLong kept = new AtomicLong();
        List<CompletableFuture<?>> done = new ArrayList<>();
        for (Letter l : letters) {
            CompletableFuture<DeliveryOutcome> outcome;
            try {
                outcome = router.deliverTo(l.endpoint(), l.route(), l.entity(), l.event());
            } catch (InvalidEventException e) {
                err.println("eventroute: " + l.file() + ": not a CloudEvent (" + e.getMessage() + "); kept");
                unusable++;
                continue;
            }
            // Removed as soon as it is delivered (or dead-lettered anew), so a run cut short sends it only once more.
            done.add(outcome.thenAccept(o -> {
                if (o.delivered() + o.deadLettered() == 1 && !remove(l, err)) {
                    kept.incrementAndGet();
                }
            }));
        }
        router.close(cfg.delivery().closeTimeout());
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        RouterStats stats = router.stats();
        double seconds = (System.nanoTime() - start) / 1e9;
        String headline = String.format(Locale.ROOT, "%,d dead letters read from %s in %.2f s: %,d sent, %,d could "
                + "not be used", letters.size() + unusable, dir, seconds, stats.events(), unusable);
        RouteReport.summary(out, headline, router.routes(), kinds, stats, dir.toString(), null, 0);
        boolean allDelivered = stats.endpoints().values().stream().allMatch(c -> c.failed() + c.pending() == 0);
        return allDelivered && unusable == 0 && kept.get() == 0 ? ExitCodes.OK : ExitCodes.INCOMPLETE;
    }

    /** Reads the dead letters under {@code dir} into {@code letters}; reports and counts those it cannot use. */
    private long read(Path dir, Map<String, String> kinds, List<Letter> letters, PrintWriter err) {
        DeadLetters.Scan scan;
        try {
            scan = DeadLetters.scan(dir, endpoint, route, kinds.keySet());
        } catch (UncheckedIOException e) {
            throw new UserException(dir + ": cannot read the dead-letter directory (" + e.getCause().getMessage() + ")");
        }
        letters.addAll(scan.letters());
        for (DeadLetters.Unusable u : scan.unusable()) {
            err.println("eventroute: " + u.file() + ": " + u.problem() + "; kept");
        }
        return scan.unusable().size();
    }

    /** Deletes the pair of a dead letter that was sent; false (after saying why) when it could not be. */
    private static boolean remove(Letter l, PrintWriter err) {
        try {
            DeadLetters.remove(l);
            return true;
        } catch (IOException e) {
            synchronized (err) {
                err.println("eventroute: " + l.file() + ": sent, but could not be removed (" + e.getMessage()
                        + "); a later replay sends it again");
            }
            return false;
        }
    }
}
