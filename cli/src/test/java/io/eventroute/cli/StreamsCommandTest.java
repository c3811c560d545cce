package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsCommandTest {
    private static final String CONNECTION_STRING = "Endpoint=sb://my-ns.servicebus.windows.net/;"
            + "SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=c2VjcmV0LWtleQ==";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void checkPrintsTheEventHubsSettingsWithTheSecretMaskedAndTheTopology() throws Exception {
        Path config = write("eh.yaml", String.join("\n",
                "applicationId: router-1",
                "processingGuarantee: at_least_once",
                "topics:",
                "  events: adt-events",
                "  outputPrefix: routed-",
                "security:",
                "  eventHubsConnectionString: \"" + CONNECTION_STRING + "\"",
                "properties:",
                "  commit.interval.ms: 1000",
                ""));
        Cli.Result r = Cli.run("streams", "--config", config.toString(), "--check");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("configuration ok: applicationId router-1, at_least_once, 1 thread(s)"), r.out());
        assertTrue(r.out().contains("  bootstrap.servers = my-ns.servicebus.windows.net:9093\n"), r.out());
        assertTrue(r.out().contains("  security.protocol = SASL_SSL\n"), r.out());
        assertTrue(r.out().contains("  sasl.mechanism = PLAIN\n"), r.out());
        assertTrue(r.out().contains("  sasl.jaas.config = org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"$ConnectionString\" password=\"****\";\n"), r.out());
        assertTrue(r.out().contains("  commit.interval.ms = 1000\n"), r.out());
        assertFalse(r.out().contains("c2VjcmV0LWtleQ"), "the key is never printed");
        assertTrue(r.out().contains("Source: events-source (topics: [adt-events])"), r.out());
        assertTrue(r.out().contains("eventroute-routes"), r.out());
        assertFalse(r.out().contains("$$Lambda") || r.out().contains("TopicNames["), "no class names: " + r.out());
        assertTrue(r.out().contains("Sink: matches (the topic computed per record: routed-<endpoint>)"), r.out());
    }

    @Test
    void everyProblemOfTheFileIsReportedAtOnceWithItsLine() throws Exception {
        Path config = write("bad.yaml", String.join("\n",
                "bootstrapServers: localhost:9092",
                "topic:",
                "  events: e",
                "limits: {maxDepth: -1, maxLength: 100}",
                "security:",
                "  pasword: x",
                "  password: hunter2",
                "  username: u",
                "threads: 1",
                "threads: 2",
                ""));
        Cli.Result r = Cli.run("streams", "--config", config.toString(), "--check");
        assertEquals(2, r.exit());
        String c = config.toString();
        assertEquals(c + ":2: error: unknown setting 'topic' (did you mean 'topics'?)\n"
                + c + ":4: error: 'limits.maxDepth' must be a positive whole number, not '-1'\n"
                + c + ":6: error: unknown setting 'security.pasword' (did you mean 'password'?)\n"
                + c + ":7: warning: 'security.password' holds a secret written in the file; anyone who can read the file "
                + "can use it: write ${SECURITY_PASSWORD} and set that environment variable instead\n"
                + c + ":10: error: 'threads' appears twice in this mapping (first at line 9)\n"
                + "eventroute: " + c + " has 4 errors; nothing was started\n", r.err());
    }

    @Test
    void aBadConfigurationIsReportedWithTheSettingItNames() throws Exception {
        Path config = write("bad.yaml", "bootstrapServers: localhost:9092\ntopic:\n  events: e\n");
        Cli.Result r = Cli.run("streams", "--config", config.toString(), "--check");
        assertEquals(2, r.exit());
        assertEquals(config + ":2: error: unknown setting 'topic' (did you mean 'topics'?)\n"
                + "eventroute: " + config + " has 1 error; nothing was started\n", r.err());

        Path guarantee = write("g.json", "{\"bootstrapServers\": \"localhost:9092\", \"processingGuarantee\": \"exactly_once\"}");
        r = Cli.run("streams", "--config", guarantee.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("processingGuarantee must be at_least_once or exactly_once_v2, not 'exactly_once'"), r.err());

        r = Cli.run("streams", "--config", dir.resolve("missing.yaml").toString());
        assertEquals(2, r.exit());
        assertEquals("eventroute: " + dir.resolve("missing.yaml") + ": no such file\n", r.err());
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort(); // closed again: nothing listens there
        }
    }

    @Test
    void unreachableBrokersAreOneClearMessageAndExitCode4() throws Exception {
        Path config = write("down.yaml", "bootstrapServers: 127.0.0.1:" + closedPort() + "\napplicationId: down\n");
        Jvm.Result r = Jvm.run(dir, env -> { }, null, "streams", "--config", config.toString(), "--connect-timeout", "2");
        assertEquals(4, r.exit(), r.toString());
        assertTrue(r.err().contains("eventroute: cannot reach the Kafka brokers at 127.0.0.1:"), r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void aSignalStopsItWhileTheBrokersAreDown() throws Exception {
        Path config = write("down.yaml", "bootstrapServers: 127.0.0.1:" + closedPort() + "\napplicationId: down\n");
        Jvm.Started p = Jvm.start(dir, env -> { }, null, "streams", "--config", config.toString(),
                "--connect-timeout", "600");
        while (!p.errSoFar().contains("connecting to the Kafka brokers")) {
            assertTrue(p.process().isAlive(), p.errSoFar());
            Thread.sleep(20);
        }
        p.process().destroy(); // SIGTERM
        Jvm.Result r = p.await();
        assertEquals(143, r.exit(), r.toString());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    @Test
    void masksEverySecretLookingSetting() {
        assertEquals("****", StreamsCommand.mask("ssl.keystore.password", "x"));
        assertEquals("****", StreamsCommand.mask("ssl.key.password", "x"));
        assertEquals("a PlainLoginModule required username=\"u\" password=\"****\";",
                StreamsCommand.mask("sasl.jaas.config", "a PlainLoginModule required username=\"u\" password=\"p\\\"q\";"));
        assertEquals("localhost:9092", StreamsCommand.mask("bootstrap.servers", "localhost:9092"));
    }
}
