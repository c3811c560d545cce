package io.eventroute.cli;

import io.eventroute.cli.internal.ExitCodes;
import io.eventroute.cli.internal.UserException;
import io.eventroute.kafka.RoutingTopology;
import io.eventroute.kafka.StreamsRouter;
import io.eventroute.kafka.StreamsSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
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
            "Stops on SIGINT or SIGTERM, committing what it processed; a status line goes to standard error every "
                + "--status-every seconds.",
            "",
        },
        exitCodeListHeading = "%nExit codes:%n")
final class StreamsCommand implements Callable<Integer> {
    private static final Pattern JAAS_PASSWORD = Pattern.compile("password=\"(?:[^\"\\\\]|\\\\.)*\"");

    @Option(names = "--config", required = true, paramLabel = "CONFIG", description = "The configuration file (YAML or JSON).")
    private Path config;

    @Option(names = "--check", description = "Check the configuration, print the Kafka settings it gives (secrets "
            + "masked) and the topology, and exit without connecting.")
    private boolean check;

    @Option(names = "--status-every", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds between status lines on standard error (default ${DEFAULT-VALUE}; 0 = none).")
    private long statusEvery;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (statusEvery < 0) {
            throw new ParameterException(spec.commandLine(), "--status-every must not be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
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
        out.println("configuration ok: " + settings);
        out.println("kafka settings:");
        Map<String, String> sorted = new TreeMap<>();
        Properties p = settings.toProperties();
        p.stringPropertyNames().forEach(k -> sorted.put(k, mask(k, p.getProperty(k))));
        sorted.forEach((k, v) -> out.println("  " + k + " = " + v));
        out.print(RoutingTopology.create(settings.topics(), settings.limits(), p).topology().describe());
    }

    /** Secrets are never printed: JAAS passwords, and any setting whose name says it holds one. */
    static String mask(String key, String value) {
        if (key.endsWith("sasl.jaas.config")) {
            return JAAS_PASSWORD.matcher(value).replaceAll("password=\"****\"");
        }
        return key.contains("password") || key.contains("secret") || key.endsWith(".key") ? "****" : value;
    }

    private int run(StreamsSettings settings, PrintWriter err) throws InterruptedException {
        StreamsRouter router = StreamsRouter.create(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        router.onStateChange((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Thread hook = new Thread(() -> {
            router.close(Duration.ofSeconds(30));
            stopped.countDown();
        }, "eventroute-streams-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("eventroute: starting " + settings);
        err.flush();
        router.start();
        long every = statusEvery == 0 ? Long.MAX_VALUE : TimeUnit.SECONDS.toMillis(statusEvery);
        while (!stopped.await(every, TimeUnit.MILLISECONDS)) {
            err.println("eventroute: " + router.state() + "; routes " + router.routes().size() + "; " + router.stats());
            err.flush();
        }
        KafkaStreams.State state = router.state();
        router.close(Duration.ofSeconds(30));
        if (state == KafkaStreams.State.ERROR) {
            err.println("eventroute: the application stopped on an error; see the log above");
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
