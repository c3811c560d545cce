package io.eventroute.cli;

import io.eventroute.cli.config.ConfigLoader;
import io.eventroute.cli.config.ConfigProblem;
import io.eventroute.cli.config.EndpointConfig;
import io.eventroute.cli.config.RouteConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.cli.internal.DeliveryLog;
import io.eventroute.cli.internal.EventLines;
import io.eventroute.cli.internal.ExitCodes;
import io.eventroute.cli.internal.InputProblem;
import io.eventroute.cli.internal.Inputs;
import io.eventroute.cli.internal.Json;
import io.eventroute.cli.internal.RouteReport;
import io.eventroute.cli.internal.UserException;
import io.eventroute.runtime.EndpointKinds;
import io.eventroute.runtime.Router;
import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.event.InvalidEventException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code eventroute route}: reads events, matches them against the configured routes and delivers them. */
@Command(name = "route",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Reads a stream of CloudEvents, matches them against routes and delivers them to endpoints.",
        description = {
            "The configuration file (YAML, or JSON when its name ends in .json) lists endpoints (name, kind and the "
                + "kind's settings: memory, file, webhook, eventhubs, servicebus, eventgrid), routes (id, endpoint, "
                + "filter, optional topic and dialect), an optional deadLetter path and delivery options "
                + "(maxAttempts, initialBackoff, maxBackoff, maxRetryTime, sendTimeout, closeTimeout, queueCapacity, "
                + "linger; an endpoint may override them under its own 'delivery'). $${VAR} in a value reads the "
                + "environment variable VAR ($${VAR:-default} gives a default; a missing variable is an error). "
                + "Relative paths resolve against the working directory. See the README for every setting.",
            "",
            "The whole file is checked before any event is read: every problem is printed with its line (a filter's "
                + "errors with their own line, column and caret), and with any error nothing is sent. Unknown keys "
                + "are errors with a suggestion; a secret written literally in the file (a connection string with "
                + "a SharedAccessKey, a key, an authorization header) gets a warning.",
            "",
            "Input is JSON Lines of structured-mode CloudEvents: one event per line, or a JSON array of events (a "
                + "batch) on one line; from a file (a *.json file is one event, however laid out; a named pipe works "
                + "too), every *.jsonl file of a directory (in name order), or standard input ('-', the default). A line that is not a valid CloudEvent (bad JSON; no id, source, type or "
                + "specversion) is reported on standard error with its line number and reason, written as it was "
                + "to the --rejects file, counted, and the run goes on.",
            "",
            "On a terminal (or with --progress) a progress line on standard error shows events read, per second, "
                + "matched, delivered, retried, dead-lettered and rejected. At the end of the input, or on Ctrl-C, "
                + "reading stops, what is in flight is delivered or dead-lettered (within closeTimeout), and a "
                + "summary per route and per endpoint is printed on standard output.",
            "",
        },
        exitCodeListHeading = "%nExit codes:%n")
class RouteCommand implements Callable<Integer> {
    private static final int SHOWN_REJECTS = 100;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The configuration file (YAML or JSON).")
    private Path config;

    @Option(names = "--events", paramLabel = "FILE|DIR|-", defaultValue = "-",
            description = "JSON Lines of CloudEvents: a file, a directory of *.jsonl files, or '-' for standard "
                    + "input (the default).")
    private String events;

    @Option(names = "--rejects", paramLabel = "FILE",
            description = "Where rejected input lines (or batch elements) are written, unchanged, one per line "
                    + "('-' = standard output; the summary then goes to standard error). Each run truncates it, so it "
                    + "must not be one of the inputs.")
    private Path rejects;

    @Option(names = "--check", description = "Check the configuration, print every problem, and exit without "
            + "reading events or opening anything.")
    private boolean check;

    @Option(names = "--connect", description = "With --check: also connect to each endpoint once, without sending an "
            + "event (Event Hubs and Service Bus open a sending link; webhook and Event Grid need an HTTP answer; file "
            + "checks its file), and report each that cannot be reached.")
    private boolean connect;

    @Option(names = "--summary-json", paramLabel = "FILE",
            description = "Also write the summary as one JSON object to FILE (counts per route and endpoint, exit code).")
    private Path summaryJson;

    @Option(names = "--quiet", description = "No summary on standard output and no progress line; problems are "
            + "still reported on standard error.")
    private boolean quiet;

    @Option(names = "--progress", description = "Show the progress line even when standard error is not a terminal.")
    private boolean progress;

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String configName = config.toString();
        ConfigLoader.Result loaded = ConfigLoader.load(config, System::getenv, EndpointKinds.defaults());
        // Warnings must show now, not when the input ends: a feed on standard input may never end.
        ConfigProblem.print(loaded.problems(), configName, "nothing was read or sent", err);
        if (loaded.hasErrors()) {
            return ExitCodes.USAGE_OR_INPUT;
        }
        RouteConfig cfg = loaded.config();
        if (connect && !check) {
            throw new ParameterException(spec.commandLine(), "--connect goes with --check");
        }
        if (check) {
            long warnings = loaded.problems().size();
            String counts = configName + ": ok: " + cfg.endpoints().size() + " endpoint(s), " + cfg.routes().size()
                    + " route(s), " + warnings + (warnings == 1 ? " warning" : " warnings");
            if (!connect) {
                spec.commandLine().getOut().println(counts + "; nothing was opened");
                return ExitCodes.OK;
            }
            return connectToEndpoints(cfg, configName, counts, err);
        }
        EventLines input = EventLines.open(events, main.stdin());
        OutputStream rejectsOut = null;
        Router router = null;
        try {
            refuseRejectsAmongInputs(input);
            rejectsOut = rejects == null ? null
                    : rejectsToStdout() ? new BufferedOutputStream(main.stdout()) : openRejects(rejects);
            router = start(cfg, EndpointKinds.defaults(), configName, err);
        } finally {
            // Until the run owns them, whatever was opened is closed on every way out.
            if (router == null) {
                close(rejectsOut);
                input.close();
            }
        }
        if (router == null) {
            return ExitCodes.USAGE_OR_INPUT;
        }
        Run run = new Run(router, cfg, input, rejectsOut, err);
        return run.execute();
    }

    // --check --connect: every endpoint verified at once (each within its own send timeout), reported in the file's order.
    private int connectToEndpoints(RouteConfig cfg, String configName, String counts, PrintWriter err) {
        Router router = start(cfg, EndpointKinds.defaults(), configName, err);
        if (router == null) {
            return ExitCodes.USAGE_OR_INPUT;
        }
        try {
            List<CompletableFuture<String>> checks = new ArrayList<>();
            for (EndpointConfig e : cfg.endpoints()) {
                checks.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        router.verifyEndpoint(e.name(), e.delivery().sendTimeout());
                        return null;
                    } catch (DeliveryException ex) {
                        return ex.getMessage();
                    }
                }));
            }
            int unreachable = 0;
            PrintWriter out = spec.commandLine().getOut();
            for (int i = 0; i < checks.size(); i++) {
                EndpointConfig e = cfg.endpoints().get(i);
                String problem = checks.get(i).join();
                if (problem == null) {
                    out.println("endpoint '" + e.name() + "' (" + e.kind() + "): reachable");
                } else {
                    unreachable++;
                    err.println(new ConfigProblem(true, e.line(), "endpoint '" + e.name() + "' cannot be reached: "
                            + problem, "").render(configName).stripTrailing());
                }
            }
            if (unreachable > 0) {
                err.println("eventroute: " + configName + ": " + unreachable + " of " + checks.size()
                        + " endpoint(s) cannot be reached; nothing was sent");
                err.flush();
                return ExitCodes.FAILED;
            }
            out.println(counts + "; every endpoint reachable; nothing was sent");
            return ExitCodes.OK;
        } finally {
            router.close(java.time.Duration.ZERO);
        }
    }

    /** Routes one event; a seam for tests, which need an internal error on the reading thread. */
    int route(Router router, byte[] json) {
        return router.route(json);
    }

    // '-' is standard output, as it is standard input for --events; the summary then goes to standard error.
    private boolean rejectsToStdout() {
        return rejects != null && rejects.toString().equals(Inputs.STDIN);
    }

    // The rejects file is truncated when opened: were it also an input, the run would erase what it reads.
    private void refuseRejectsAmongInputs(EventLines input) {
        if (rejects == null || rejectsToStdout() || !Files.exists(rejects)) {
            return;
        }
        for (Path p : input.paths(main.stdin() == System.in)) {
            try {
                if (Files.isSameFile(p, rejects)) {
                    throw new ParameterException(spec.commandLine(), "--rejects " + rejects + " is also an input ("
                            + (p.toString().equals(EventLines.STDIN_DEVICE) ? "standard input" : p)
                            + "); each run truncates the rejects file, so write it elsewhere and feed it back later");
                }
            } catch (IOException e) {
                // An input that cannot be inspected is reported when it is read.
            }
        }
    }

    private static OutputStream openRejects(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new BufferedOutputStream(Files.newOutputStream(path));
        } catch (IOException e) {
            throw new UserException(path + ": cannot write the rejects file (" + Inputs.reason(e) + ")");
        }
    }

    private static void close(OutputStream out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // Nothing was written to it yet, or the failure to write it was already reported.
            }
        }
    }

    // The router with the configuration's endpoints and routes; null (after printing why) when one is refused.
    static Router start(RouteConfig cfg, EndpointKinds kinds, String configName, PrintWriter err) {
        Router router = Router.builder().endpointKinds(kinds).delivery(cfg.delivery())
                .deadLetterDirectory(cfg.deadLetter()).twinModels(cfg.models().twinModels()).build();
        int line = 0;
        try {
            for (EndpointConfig e : cfg.endpoints()) {
                line = e.line();
                router.putEndpoint(e.name(), e.kind(), e.settings(), e.delivery());
            }
            router.models(cfg.models().set());
            // All routes in one change, with the filters the configuration's check compiled, filed together
            // (one putRoute each compiled every filter a second time and published a snapshot per route).
            // The configuration was checked, so a refusal here names a route whose endpoint is missing:
            // the first such route's line is the one reported.
            line = cfg.routes().isEmpty() ? line : cfg.routes().get(0).line();
            Set<String> names = new java.util.HashSet<>();
            cfg.endpoints().forEach(e -> names.add(e.name()));
            for (RouteConfig.RouteEntry r : cfg.routes()) {
                if (!names.contains(r.route().endpointName())) {
                    line = r.line();
                    break;
                }
            }
            router.putRoutes(cfg.routes().stream().map(RouteConfig.RouteEntry::route).toList(),
                    cfg.routes().stream().map(RouteConfig.RouteEntry::filter).toList());
            return router;
        } catch (IllegalArgumentException e) {
            err.print(new ConfigProblem(true, line, e.getMessage(), "").render(configName));
            err.println("eventroute: " + configName + " could not be used; nothing was read or sent");
            router.close(java.time.Duration.ZERO);
            return null;
        } catch (RuntimeException | Error e) {
            // A bug, reported as such by the caller: the endpoints opened so far must not stay running.
            router.close(java.time.Duration.ZERO);
            throw e;
        }
    }

    /** One run: the reading loop, the progress line, the shutdown hook and the summary. */
    private final class Run {
        private final Router router;
        private final RouteConfig cfg;
        private final EventLines input;
        private final OutputStream rejectsOut;
        private final PrintWriter err;
        private final CountDownLatch readingDone = new CountDownLatch(1);
        private final CountDownLatch finished = new CountDownLatch(1);
        private final long start = System.nanoTime();
        private volatile long read;
        private volatile long rejected;
        private volatile boolean interrupted;
        private boolean rejectsFailed;
        private volatile RuntimeException readFailure;
        private Integer exit;
        private Thread progressThread;
        private boolean progressShown;

        Run(Router router, RouteConfig cfg, EventLines input, OutputStream rejectsOut, PrintWriter err) {
            this.router = router;
            this.cfg = cfg;
            this.input = input;
            this.rejectsOut = rejectsOut;
            this.err = err;
        }

        int execute() {
            Thread hook = new Thread(this::interrupt, "eventroute-route-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            RuntimeException failure = null;
            int code;
            DeliveryLog log = DeliveryLog.install(err, cfg.endpoints().stream().map(EndpointConfig::name).toList());
            try {
                boolean terminal = main.errorsOnTerminal() && !quiet;
                if (progress || terminal) {
                    startProgress(terminal);
                }
                if (terminal && events.equals(Inputs.STDIN)) {
                    err.println("reading events from standard input (end it with Ctrl-D, stop with Ctrl-C)");
                }
                try {
                    readAll();
                } catch (RuntimeException e) {
                    // Reported after what was queued is delivered and the summary printed.
                    failure = e;
                    readFailure = e;
                } finally {
                    readingDone.countDown();
                }
                code = finish();
            } finally {
                log.close();
                // A shutdown hook (Ctrl-C, or System.exit after a failure) waits for this: it must come.
                finished.countDown();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook is running or has run, and it saw the same summary.
            }
            if (failure != null) {
                throw failure;
            }
            return code;
        }

        private void readAll() {
            try {
                for (EventLines.Line line = input.next(); line != null; line = input.next()) {
                    if (EventLines.isBatch(line.bytes())) {
                        batch(line);
                    } else {
                        one(line, line.bytes(), null);
                    }
                }
            } catch (IllegalStateException e) {
                // Only Ctrl-C closes the router while an event is being routed; anything else is a bug.
                if (!interrupted) {
                    throw e;
                }
            } catch (IOException e) {
                if (!input.isClosed()) {
                    throw new UserException(input.currentSource() + ": " + Inputs.describe(e));
                }
            } finally {
                input.close();
            }
        }

        private void batch(EventLines.Line line) {
            List<EventLines.Element> elements;
            try {
                elements = EventLines.elements(line.bytes());
            } catch (IOException e) {
                read++;
                String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? Json.problem(j)
                        : e.getMessage();
                reject(line.bytes(), InputProblem.render(line.source(), line.number(),
                        "a batch line that is not a valid JSON array: " + why));
                return;
            }
            for (EventLines.Element e : elements) {
                one(line, e.bytes(), e.index());
            }
        }

        private void one(EventLines.Line line, byte[] json, Integer element) {
            read++;
            try {
                route(router, json);
            } catch (InvalidEventException e) {
                reject(json, InputProblem.render(line.source(), line.number(),
                        element == null ? "" : "element " + element + " of the batch: ", e));
            }
        }

        private void reject(byte[] json, String problem) {
            long n = ++rejected;
            if (n <= SHOWN_REJECTS) {
                clearProgress();
                err.println(problem);
                if (n == SHOWN_REJECTS) {
                    err.println("eventroute: further rejected lines are counted but not shown"
                            + (rejects == null ? "" : " (they are all in " + rejects + ")"));
                }
                err.flush();
            }
            if (rejectsOut != null) {
                try {
                    rejectsOut.write(json);
                    rejectsOut.write('\n');
                } catch (IOException e) {
                    rejectsFailed = true;
                    throw rejectsWriteFailure(e);
                }
            }
        }

        // Ctrl-C (or the exit after a failure): stop reading, then let the reading thread finish; when it
        // is stuck in a read of standard input it never gets there, so after a moment this thread delivers
        // and prints the summary itself.
        private void interrupt() {
            interrupted = true;
            input.close();
            try {
                if (!readingDone.await(500, TimeUnit.MILLISECONDS)) {
                    finish();
                } else {
                    // The reading thread finishes; wait for its summary so the JVM does not exit before it.
                    finished.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized int finish() {
            if (exit != null) {
                return exit;
            }
            boolean drained = router.close(cfg.delivery().closeTimeout());
            stopProgress();
            boolean rejectsKept = closeRejects();
            double seconds = (System.nanoTime() - start) / 1e9;
            var stats = router.stats();
            Map<String, String> kinds = new LinkedHashMap<>();
            for (EndpointConfig e : cfg.endpoints()) {
                kinds.put(e.name(), e.kind());
            }
            String source = input.sources().size() == 1
                    ? (input.sources().get(0).equals(Inputs.STDIN) ? "standard input" : input.sources().get(0))
                    : input.sources().size() + " files in " + events;
            String headline = String.format(java.util.Locale.ROOT,
                    "%s%,d events read from %s in %.2f s (%,.0f events/s): %,d routed, %,d matched no route, "
                            + "%,d rejected",
                    interrupted ? "interrupted: " : "", read, source, seconds, seconds > 0 ? read / seconds : 0.0,
                    stats.events(), stats.unmatched(), rejected);
            if (!quiet) {
                RouteReport.summary(rejectsToStdout() ? err : spec.commandLine().getOut(), headline, router.routes(),
                        kinds, stats, cfg.deadLetter() == null ? null : cfg.deadLetter().toString(),
                        rejects == null ? null : rejects.toString(), rejected);
            }
            if (!drained) {
                err.println("eventroute: delivery did not finish within closeTimeout ("
                        + cfg.delivery().closeTimeout().toMillis() + " ms); what was left was dead-lettered");
            }
            long failed = 0;
            for (var c : stats.endpoints().values()) {
                failed += c.failed() + c.pending();
            }
            exit = readFailure != null ? Main.exitCode(readFailure)
                    : !rejectsKept ? ExitCodes.USAGE_OR_INPUT
                    : failed == 0 && rejected == 0 && !interrupted ? ExitCodes.OK : ExitCodes.INCOMPLETE;
            if (summaryJson != null && !writeSummaryJson(RouteReport.summaryJson(source, read, seconds, interrupted,
                    rejected, exit, router.routes(), kinds, stats))) {
                exit = ExitCodes.USAGE_OR_INPUT;
            }
            return exit;
        }

        private boolean writeSummaryJson(ObjectNode node) {
            try {
                Files.writeString(summaryJson, Json.write(node) + "\n", StandardCharsets.UTF_8);
                return true;
            } catch (IOException e) {
                err.println("eventroute: " + summaryJson + ": cannot write the summary (" + Inputs.describe(e) + ")");
                return false;
            }
        }

        // The last rejected lines sit in the buffer until now: a full disk shows only here, and must not
        // pass silently.
        private boolean closeRejects() {
            if (rejectsOut == null) {
                return true;
            }
            if (rejectsFailed) {
                close(rejectsOut); // the failure is already reported
                return false;
            }
            try {
                rejectsOut.close();
                return true;
            } catch (IOException e) {
                err.println("eventroute: " + rejectsWriteFailure(e).getMessage());
                return false;
            }
        }

        private UserException rejectsWriteFailure(IOException e) {
            return new UserException(rejects + ": cannot write the rejects file (" + Inputs.reason(e) + ")");
        }

        // ------------------------------------------------------------ progress line

        private void startProgress(boolean terminal) {
            progressThread = new Thread(() -> {
                long lastRead = 0;
                long last = System.nanoTime();
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long now = System.nanoTime();
                    long r = read;
                    double rate = (r - lastRead) / ((now - last) / 1e9);
                    lastRead = r;
                    last = now;
                    String line = RouteReport.progress(r, rate, rejected, router.stats());
                    synchronized (err) {
                        if (terminal) {
                            err.print("\r" + line + "\u001b[K");
                            progressShown = true;
                        } else {
                            err.println(line);
                        }
                        err.flush();
                    }
                }
            }, "eventroute-route-progress");
            progressThread.setDaemon(true);
            progressThread.start();
        }

        private void clearProgress() {
            synchronized (err) {
                if (progressShown) {
                    err.print("\r\u001b[K");
                    progressShown = false;
                }
            }
        }

        private void stopProgress() {
            if (progressThread != null) {
                progressThread.interrupt();
                try {
                    progressThread.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            clearProgress();
            err.flush();
        }
    }
}
