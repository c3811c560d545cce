package io.eventroute.cli;

import io.eventroute.cli.config.ConfigProblem;
import io.eventroute.cli.config.StreamsConfigCheck;
import io.eventroute.cli.internal.ExitCodes;
import io.eventroute.cli.internal.Inputs;
import io.eventroute.cli.internal.UserException;
import io.eventroute.kafka.RoutingTopology;
import io.eventroute.kafka.StreamsRouter;
import io.eventroute.kafka.StreamsSettings;
import io.eventroute.kafka.TopicNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code eventroute streams}: runs the routing as a Kafka Streams application until stopped. */
@Command(name = "streams",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Runs the routing as a Kafka Streams application (scale out by partitions and instances).",
        description = {
            "Reads CloudEvents (Kafka binding, binary or structured mode) from the events topic, the route table from "
                + "the compacted routes topic (key = route id, value = {\"endpoint\", \"filter\", \"topic\", \"dialect\"}, "
                + "a tombstone deletes), and writes every match to the topic <outputPrefix><endpoint>, keyed by twin. "
                + "A bad route is skipped and reported on the route-errors topic; its previous version stays.",
            "CONFIG is YAML or JSON: bootstrapServers, applicationId, processingGuarantee (at_least_once or "
                + "exactly_once_v2), threads, topics, security (protocol, mechanism, username/password or "
                + "eventHubsConnectionString), limits and properties (any Kafka setting). A value $${NAME} is read from "
                + "environment variable NAME. See the README, section 'Scaling out with Kafka Streams'.",
            "At start it waits --connect-timeout seconds for the brokers to answer (exit code 4 when they do not). "
                + "Stops on SIGINT or SIGTERM at any moment, committing what it processed (exit code 130 or 143, as "
                + "the signal makes it); a status line goes to standard error every --status-every seconds.",
            "",
        },
        exitCodeListHeading = "%nExit codes:%n")
final class StreamsCommand implements Callable<Integer> {
    /** How long a stop waits for the stream threads to commit what they processed. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern LAMBDA = Pattern.compile("extractor class: [^\\s)]+\\$\\$Lambda[^\\s)]*");
    private static final Pattern JAAS_PASSWORD = Pattern.compile("password=\"(?:[^\"\\\\]|\\\\.)*\"");

    @Option(names = "--config", required = true, paramLabel = "CONFIG", description = "The configuration file (YAML or JSON).")
    private Path config;

    @Option(names = "--check", description = "Check the configuration, print the Kafka settings it gives (secrets "
            + "masked) and the topology, and exit without connecting.")
    private boolean check;

    @Option(names = "--status-every", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds between status lines on standard error (default ${DEFAULT-VALUE}; 0 = none).")
    private long statusEvery;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Seconds to wait for the Kafka brokers to answer at start (default ${DEFAULT-VALUE}); "
                    + "exit code 4 when they do not.")
    private long connectTimeout;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (statusEvery < 0) {
            throw new ParameterException(spec.commandLine(), "--status-every must not be negative");
        }
        if (connectTimeout < 1) {
            throw new ParameterException(spec.commandLine(), "--connect-timeout must be at least 1 second");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] content;
        try {
            content = Files.readAllBytes(config);
        } catch (IOException e) {
            throw new UserException(config + ": " + Inputs.describe(e));
        }
        boolean json = config.toString().toLowerCase(Locale.ROOT).endsWith(".json");
        if (ConfigProblem.print(StreamsConfigCheck.check(content, json), config.toString(), "nothing was started",
                err) > 0) {
            return ExitCodes.USAGE_OR_INPUT;
        }
        StreamsSettings settings;
        try {
            settings = StreamsSettings.read(config);
        } catch (StreamsSettings.InvalidSettingsException e) {
            throw new UserException(e.getMessage());
        }
        if (check) {
            printCheck(settings, out);
            return ExitCodes.OK;
        }
        return run(settings, err);
    }

    private static void printCheck(StreamsSettings settings, PrintWriter out) {
        TopicNames t = settings.topics();
        Properties p = settings.toProperties();
        out.println("configuration ok: applicationId " + settings.applicationId() + ", " + settings.processingGuarantee()
                + ", " + p.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1") + " thread(s)");
        out.println("topics: events " + t.events() + ", routes " + t.routes() + ", route errors " + t.routeErrors()
                + ", output " + t.outputPrefix() + "<endpoint>"
                + (t.invalidEvents() == null ? "" : ", invalid events " + t.invalidEvents()));
        out.println("kafka settings:");
        Map<String, String> sorted = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> sorted.put(k, mask(k, p.getProperty(k))));
        sorted.forEach((k, v) -> out.println("  " + k + " = " + v));
        // A sink's topic is computed per record; Kafka prints the computing lambda's class name for it.
        out.print(LAMBDA.matcher(RoutingTopology.create(settings.topics(), settings.limits(), p).topology().describe()
                .toString()).replaceAll("the topic computed per record: " + t.outputPrefix() + "<endpoint>"));
    }

    /** Secrets are never printed: JAAS passwords, and any setting whose name says it holds one. */
    static String mask(String key, String value) {
        if (key.endsWith("sasl.jaas.config")) {
            return JAAS_PASSWORD.matcher(value).replaceAll("password=\"****\"");
        }
        return key.contains("password") || key.contains("secret") || key.endsWith(".key") ? "****" : value;
    }

    private int run(StreamsSettings settings, PrintWriter err) throws InterruptedException {
        Properties properties = settings.toProperties();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<StreamsRouter> started = new AtomicReference<>();
        // SIGINT/SIGTERM stop at any moment, also while the brokers are being reached or the streams start
        // (a start blocks while the route table cannot be restored): the hook never waits for this thread.
        Thread hook = new Thread(() -> {
            stopped.countDown();
            StreamsRouter router = started.get();
            if (router != null) {
                closeWithin(router, router.state() == KafkaStreams.State.RUNNING ? CLOSE_TIMEOUT : Duration.ZERO);
            }
        }, "eventroute-streams-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String servers = properties.getProperty("bootstrap.servers");
        err.println("eventroute: connecting to the Kafka brokers at " + servers);
        String unreachable = probe(properties, stopped);
        if (stopped.getCount() == 0) {
            return ExitCodes.OK; // a signal; the hook ends the process
        }
        if (unreachable != null) {
            err.println("eventroute: cannot reach the Kafka brokers at " + servers + " within " + connectTimeout + " s ("
                    + unreachable + "); check bootstrapServers, security and the network, or raise --connect-timeout");
            return ExitCodes.FAILED;
        }
        StreamsRouter router = StreamsRouter.create(settings);
        router.onStateChange((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        started.set(router);
        err.println("eventroute: starting " + settings);
        try {
            router.start();
        } catch (KafkaException e) {
            err.println("eventroute: the application could not start: " + e.getMessage());
            closeWithin(router, Duration.ZERO);
            return ExitCodes.FAILED;
        }
        long every = statusEvery == 0 ? Long.MAX_VALUE : TimeUnit.SECONDS.toMillis(statusEvery);
        while (!stopped.await(every, TimeUnit.MILLISECONDS)) {
            err.println("eventroute: " + router.state() + "; routes " + router.routes().size() + "; " + router.stats());
        }
        KafkaStreams.State state = router.state();
        closeWithin(router, CLOSE_TIMEOUT);
        if (state == KafkaStreams.State.ERROR) {
            err.println("eventroute: the application stopped on an error; see the log above");
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    /**
     * Why the brokers cannot be reached within {@code --connect-timeout}, or null when they answer (or
     * {@code stopped} comes first). Without this, Kafka retries for minutes, a warning per attempt, and
     * then fails with a stack trace.
     */
    private String probe(Properties properties, CountDownLatch stopped) throws InterruptedException {
        Properties p = new Properties();
        p.putAll(properties);
        // A few attempts spread over the timeout, not one every 50 ms with a warning each.
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "1000");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "10000");
        int millis = (int) Math.min(Integer.MAX_VALUE, TimeUnit.SECONDS.toMillis(connectTimeout));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(millis, 1)));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(millis, 1)));
        Admin admin;
        try {
            admin = Admin.create(p);
        } catch (KafkaException e) {
            return e.getMessage();
        }
        try {
            var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).nodes();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (stopped.getCount() > 0) {
                try {
                    nodes.get(Math.min(200, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))),
                            TimeUnit.MILLISECONDS);
                    return null;
                } catch (java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() - deadline > 0) {
                        return "no answer";
                    }
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
                }
            }
            return null;
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    // Closing waits for the stream threads; a thread of its own keeps a stuck close from holding the caller.
    private static void closeWithin(StreamsRouter router, Duration timeout) {
        Thread closer = new Thread(() -> router.close(timeout), "eventroute-streams-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(timeout.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
