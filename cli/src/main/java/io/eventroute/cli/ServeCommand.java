package io.eventroute.cli;

import io.eventroute.cli.config.ConfigLoader;
import io.eventroute.cli.config.ConfigProblem;
import io.eventroute.cli.config.EndpointConfig;
import io.eventroute.cli.config.RouteConfig;
import io.eventroute.cli.config.ServeConfig;
import io.eventroute.cli.internal.ExitCodes;
import io.eventroute.kafka.KafkaRouteStore;
import io.eventroute.runtime.EndpointKinds;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.RouteStore;
import io.eventroute.runtime.RouteStoreException;
import io.eventroute.runtime.Router;
import io.eventroute.server.EventRouteServer;
import io.eventroute.server.SqliteRouteStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eventroute serve}: a long-running router whose routes are managed through the ADT event-route REST API. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Runs a router whose routes are managed through the Azure Digital Twins event-route REST API.",
        description = {
            "The configuration file is the route command's (endpoints, routes, deadLetter, delivery) plus 'server' "
                + "(listen host:port, optional tls with PEM certificate and privateKey, tokens with their roles "
                + "routes:read, routes:write, events:send, maxRequestBytes, idleTimeout) and 'store' (path, "
                + "maxRoutes). The file's routes are upserted into the store at start; routes put through the API "
                + "survive restarts. Every problem of the file is printed with its line, and with any error nothing "
                + "starts.",
            "",
            "When it accepts connections it prints one line on standard output: 'eventroute serve: listening on "
                + "URL (N routes, M endpoints)'. SIGTERM or Ctrl-C stops accepting, delivers what is queued "
                + "(within closeTimeout) and exits 0. See the README for the API.",
            "",
        },
        exitCodeListHeading = "%nExit codes:%n")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The configuration file (YAML or JSON).")
    private java.nio.file.Path config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        String configName = config.toString();
        ConfigLoader.Result loaded = ConfigLoader.loadServe(config, System::getenv, EndpointKinds.defaults());
        for (ConfigProblem p : loaded.problems()) {
            err.print(p.render(configName));
        }
        err.flush();
        if (loaded.hasErrors()) {
            long n = loaded.errorCount();
            err.println("eventroute: " + configName + " has " + n + (n == 1 ? " error" : " errors") + "; nothing started");
            return ExitCodes.USAGE_OR_INPUT;
        }
        RouteConfig cfg = loaded.config();
        ServeConfig serve = loaded.serve();
        Router router = Router.builder().delivery(cfg.delivery()).deadLetterDirectory(cfg.deadLetter())
                .twinModels(cfg.models().twinModels()).build();
        EventRouteServer server = null;
        RouteStore store = null;
        try {
            for (EndpointConfig e : cfg.endpoints()) {
                router.putEndpoint(e.name(), e.kind(), e.settings(), e.delivery());
            }
            store = serve.kafka() == null ? SqliteRouteStore.open(serve.storePath())
                    : KafkaRouteStore.open(serve.kafka().bootstrapServers(), serve.kafka().topic(),
                            serve.kafka().properties(), serve.kafka().timeout());
            EventRouteServer.Builder b = EventRouteServer.builder(router, serve.server(), store)
                    .initialRoutes(cfg.routes().stream().map(RouteConfig.RouteEntry::route).toList())
                    .initialModels(cfg.models().documents());
            for (EndpointConfig e : cfg.endpoints()) {
                b.endpointSettings(e.name(), e.settings());
            }
            server = b.build();
            server.start();
        } catch (IllegalArgumentException | IllegalStateException | RouteStoreException e) {
            err.println("eventroute: " + configName + ": " + e.getMessage() + "; nothing started");
            if (server != null) {
                server.close(); // closes the store too
            } else if (store != null) {
                store.close();
            }
            router.close(Duration.ZERO);
            return ExitCodes.USAGE_OR_INPUT;
        }
        EventRouteServer running = server;
        Duration closeTimeout = cfg.delivery().closeTimeout();
        // This method waits below for as long as the server runs: drop the configuration, whose routes
        // carry the filters its check compiled (the server compiles the stored routes itself).
        loaded = null;
        cfg = null;
        serve = null;
        for (String problem : running.startProblems()) {
            err.println("eventroute: warning: " + problem);
        }
        List<EventRoute> routed = router.routes();
        out.println("eventroute serve: listening on " + running.uri() + " (" + routed.size() + " routes, "
                + router.endpoints().size() + " endpoints)");
        out.flush();
        err.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            running.close();
            boolean clean = router.close(closeTimeout);
            err.println(clean ? "eventroute serve: stopped; every matched event was delivered or dead-lettered"
                    : "eventroute serve: stopped; some events were not delivered within closeTimeout");
            err.flush();
            stopped.countDown();
            // The signal's own exit status would be 130 or 143; a clean stop on request is a success.
            Runtime.getRuntime().halt(ExitCodes.OK);
        }, "eventroute-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return ExitCodes.OK;
    }
}
