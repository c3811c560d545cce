package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.eventroute.runtime.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code route} when things go wrong around it: bad outputs, bad inputs, internal errors, failing endpoints. */
class RouteFailuresTest {
    @TempDir
    Path dir;

    private Path fileConfig() throws IOException {
        return Cli.write(dir, "c.yaml", "endpoints: [{name: out, kind: file, path: " + dir.resolve("out.jsonl") + "}]\n"
                + "routes: [{id: all, endpoint: out, filter: \"true\"}]\n");
    }

    @Test
    void aRejectsFileThatCannotBeWrittenEndsTheProcessWithExitCode2() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full");
        Path config = fileConfig();
        // Many rejects fill the buffer and fail while reading; a few fail only when the file is closed.
        for (int bad : new int[] {5_000, 3}) {
            StringBuilder b = new StringBuilder(Cli.cloudEvent(0)).append('\n');
            for (int i = 0; i < bad; i++) {
                b.append("{\"not\": \"an event ").append(i).append("\"}\n");
            }
            Path events = Cli.write(dir, "bad" + bad + ".jsonl", b.toString());
            Jvm.Result r = Jvm.run(dir, env -> { }, null, "route", "--config", config.toString(),
                    "--events", events.toString(), "--rejects", "/dev/full");
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("eventroute: /dev/full: cannot write the rejects file (No space left on device)"),
                    r.err());
            assertTrue(r.out().contains("every matched event was delivered") || r.out().contains("rejected"),
                    "what was queued is delivered and summed up first: " + r.out());
        }
    }

    @Test
    void aRejectsFileThatIsAlsoAnInputIsRefusedAndLeftAlone() throws Exception {
        Path config = fileConfig();
        String content = "{\"bad\": 1}\n" + Cli.cloudEvent(1) + "\n";
        Path rj = Cli.write(dir, "rj.jsonl", content);
        Path sameFile = dir.resolve("link.jsonl");
        Files.createLink(sameFile, rj); // another name, the same file
        for (String[] args : List.of(new String[] {"--events", rj.toString(), "--rejects", rj.toString()},
                new String[] {"--events", rj.toString(), "--rejects", sameFile.toString()},
                new String[] {"--events", dir.toString(), "--rejects", sameFile.toString()})) {
            Cli.Result r = Cli.run(concat(new String[] {"route", "--config", config.toString()}, args));
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("is also an input"), r.err());
            assertEquals(content, Files.readString(rj), "untouched");
        }
        Jvm.Result piped = Jvm.run(dir, env -> { }, rj, "route", "--config", config.toString(), "--rejects", rj.toString());
        assertEquals(2, piped.exit(), piped.toString());
        assertTrue(piped.err().contains("is also an input (standard input)"), piped.err());
        assertEquals(content, Files.readString(rj), "untouched");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void batchElementsAreDescribedAsWhatTheyAreAndKeptUnchanged() throws Exception {
        Path config = fileConfig();
        Path events = Cli.write(dir, "batch.jsonl", "[\"hello world\", 42, {\"x\":[1,2]}, true, null, [3], " + Cli.cloudEvent(1) + "]\n");
        Path rejects = dir.resolve("rejects.jsonl");
        Cli.Result r = Cli.run("route", "--config", config.toString(), "--events", events.toString(),
                "--rejects", rejects.toString());
        assertEquals(3, r.exit(), r.err());
        String e = events + ":1: error: element ";
        assertTrue(r.err().contains(e + "1 of the batch: the event must be a JSON object, not a string\n"), r.err());
        assertTrue(r.err().contains(e + "2 of the batch: the event must be a JSON object, not a number\n"), r.err());
        assertTrue(r.err().contains(e + "3 of the batch: the event has no "), r.err());
        assertTrue(r.err().contains(e + "4 of the batch: the event must be a JSON object, not a boolean\n"), r.err());
        assertTrue(r.err().contains(e + "5 of the batch: the event must be a JSON object, not null\n"), r.err());
        assertTrue(r.err().contains(e + "6 of the batch: the event must be a JSON object, not an array\n"), r.err());
        assertEquals(List.of("\"hello world\"", "42", "{\"x\":[1,2]}", "true", "null", "[3]"), Files.readAllLines(rejects));
        assertEquals(List.of(Cli.cloudEvent(1)), Files.readAllLines(dir.resolve("out.jsonl")));
    }

    @Test
    void anInternalErrorWhileRoutingIsNotTakenForCtrlC() throws Exception {
        Path config = fileConfig();
        Path events = Cli.write(dir, "e.jsonl", Cli.cloudEvent(1) + "\n" + Cli.cloudEvent(2) + "\n" + Cli.cloudEvent(3) + "\n");
        AtomicInteger routed = new AtomicInteger();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls != RouteCommand.class) {
                    return CommandLine.defaultFactory().create(cls);
                }
                return cls.cast(new RouteCommand() {
                    @Override
                    int route(Router router, byte[] json) {
                        if (routed.incrementAndGet() == 2) {
                            throw new IllegalStateException("an invariant failed");
                        }
                        return super.route(router, json);
                    }
                });
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"route", "--config", config.toString(), "--events", events.toString()},
                System.in, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                factory);
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(70, exit, e);
        assertTrue(e.contains("eventroute: internal error, please report it"), e);
        assertTrue(e.contains("java.lang.IllegalStateException: an invariant failed"), e);
        assertEquals(List.of(Cli.cloudEvent(1)), Files.readAllLines(dir.resolve("out.jsonl")), "what was routed is delivered");
    }

    @Test
    void configurationWarningsShowBeforeTheInputEnds() throws Exception {
        Path config = Cli.write(dir, "w.yaml", "endpoints:\n"
                + "  - {name: hook, kind: webhook, url: \"https://example.invalid/x?code=abc\"}\n"
                + "routes: [{id: all, endpoint: hook, filter: \"type = 'none'\"}]\n");
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(feed);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"route", "--config", config.toString()}, stdin,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        try {
            // The input is still open: the warning must be there already.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Jvm.HANG_SECONDS);
            while (!err.toString(StandardCharsets.UTF_8).contains("warning: endpoint 'hook': 'url' holds a secret")) {
                assertFalse(run.isDone(), "the run ended while its input was open: " + err);
                assertTrue(System.nanoTime() < deadline, "no warning while the input is open: " + err);
                Thread.sleep(10);
            }
        } finally {
            feed.close();
        }
        assertEquals(0, run.get(Jvm.HANG_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void deliveryFailuresAreOneLinePerEndpointAndKind() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/events", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
        });
        server.start();
        try {
            Path config = Cli.write(dir, "hook.yaml", "endpoints:\n"
                    + "  - name: hook\n    kind: webhook\n    url: http://127.0.0.1:" + server.getAddress().getPort() + "/events\n"
                    + "routes:\n  - id: all\n    endpoint: hook\n    filter: \"true\"\n");
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                b.append(Cli.cloudEvent(i)).append('\n');
            }
            Cli.Result r = Cli.run("route", "--config", config.toString(), "--events", Cli.write(dir, "e.jsonl", b.toString()).toString());
            assertEquals(3, r.exit(), r.err());
            List<String> lines = r.err().lines().toList();
            assertEquals(1, lines.size(), r.err());
            assertTrue(lines.get(0).startsWith("eventroute: error: event 'e"), r.err());
            assertTrue(lines.get(0).contains("to endpoint 'hook' was not delivered (permanent failure: webhook endpoint "
                    + "'hook' answered HTTP 400); no dead-letter directory is set (later ones of this kind are counted in "
                    + "the summary, not shown)"), r.err());
            assertTrue(r.out().contains("200 events were not delivered and not kept"), r.out());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDeadLetterPathThatIsAFileIsAConfigurationError() throws Exception {
        Path file = Cli.write(dir, "dl", "a file\n");
        Path config = Cli.write(dir, "dl.yaml", "endpoints: [{name: out, kind: file, path: " + dir.resolve("out.jsonl") + "}]\n"
                + "routes: [{id: all, endpoint: out, filter: \"true\"}]\n"
                + "deadLetter:\n  path: " + file + "\n");
        Cli.Result r = Cli.runWithInput(Cli.cloudEvent(1) + "\n", "route", "--config", config.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith(config + ":4: error: 'deadLetter.path' is a file, not a directory\n"), r.err());
        assertFalse(Files.exists(dir.resolve("out.jsonl")), "nothing was read");

        Path below = Cli.write(dir, "below.yaml", Files.readString(config).replace("path: " + file, "path: " + file.resolve("x")));
        r = Cli.runWithInput(Cli.cloudEvent(1) + "\n", "route", "--config", below.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("'deadLetter.path' cannot be created: " + file + " is a file, not a directory"), r.err());
    }

    @Test
    void rejectsGoToStandardOutputForADashAndTheSummaryToStandardError() throws Exception {
        Cli.Result r = Cli.runWithInput("{\"bad\": 1}\n" + Cli.cloudEvent(1) + "\n", "route", "--config", fileConfig().toString(),
                "--rejects", "-");
        assertEquals(3, r.exit(), r.err());
        assertEquals("{\"bad\": 1}\n", r.out());
        assertTrue(r.err().contains("2 events read from standard input"), r.err());
        assertFalse(Files.exists(Path.of("-")), "no file named '-'");
    }

    @Test
    void quietWithASummaryInJsonForScripts() throws Exception {
        Path summary = dir.resolve("summary.json");
        Cli.Result r = Cli.runWithInput("{\"bad\": 1}\n" + Cli.cloudEvent(1) + "\n", "route", "--config", fileConfig().toString(),
                "--quiet", "--summary-json", summary.toString());
        assertEquals(3, r.exit(), r.err());
        assertEquals("", r.out());
        com.fasterxml.jackson.databind.JsonNode s = io.eventroute.cli.internal.Json.MAPPER.readTree(summary.toFile());
        assertEquals(2, s.get("read").asInt());
        assertEquals(1, s.get("rejected").asInt());
        assertEquals(3, s.get("exit").asInt());
        assertEquals(1, s.at("/routes/all/delivered").asInt());
        assertEquals("file", s.at("/endpoints/out/kind").asText());
    }

    @Test
    void aPrettyPrintedJsonFileIsOneEvent() throws Exception {
        Path config = fileConfig();
        Cli.Result r = Cli.run("route", "--config", config.toString(), "--events", Cli.event("twin-create.json"));
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, Files.readAllLines(dir.resolve("out.jsonl")).size(), "one event, on one line");
        String delivered = Files.readString(dir.resolve("out.jsonl"));
        assertEquals(io.eventroute.cli.internal.Json.MAPPER.readTree(Path.of(Cli.event("twin-create.json")).toFile()),
                io.eventroute.cli.internal.Json.MAPPER.readTree(delivered), "the same event");
    }

    @Test
    void aSignalWhileReadingEndsTheProcessAfterTheSummary() throws Exception {
        Jvm.Started p = Jvm.start(dir, env -> { }, null, "route", "--config", fileConfig().toString());
        try (var stdin = p.process().getOutputStream()) {
            stdin.write((Cli.cloudEvent(1) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            Path out = dir.resolve("out.jsonl");
            // Standard input stays open: the run is reading when the signal comes.
            while (!Files.exists(out) || Files.readAllLines(out).isEmpty()) {
                assertTrue(p.process().isAlive(), p.errSoFar());
                Thread.sleep(20);
            }
            // SIGTERM through the handle: Process.destroy() also closes the child's standard input, and the
            // run could then see the end of its input before the signal and finish as if uninterrupted.
            p.process().toHandle().destroy();
            Jvm.Result r = p.await();
            assertEquals(143, r.exit(), r.toString());
            assertTrue(r.out().startsWith("interrupted: 1 events read from standard input"), r.out());
        }
    }
}
