package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.eventroute.runtime.event.JsonEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eventroute replay}: dead letters of an endpoint that was down are sent once it is up, their
 * files removed, nothing sent twice, and files it cannot use reported and kept.
 */
class ReplayCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static String events(int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append("{\"specversion\":\"1.0\",\"id\":\"e").append(i).append("\",\"source\":\"test\",\"type\":\"t\",")
                    .append("\"subject\":\"twin-").append(i % 3).append("\",\"data\":{\"n\":").append(i).append("}}\n");
        }
        return b.toString();
    }

    private List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void replaysTheDeadLettersOfAnEndpointThatWasDownOnceAndKeepsWhatItCannotUse() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there yet
        }
        Path dl = dir.resolve("dl");
        Path config = write("hook.yaml", "endpoints:\n"
                + "  - name: hook\n    kind: webhook\n    url: http://127.0.0.1:" + port + "/x\n    connectTimeout: 200ms\n"
                + "routes:\n  - id: all\n    endpoint: hook\n    filter: \"true\"\n    topic: t1\n"
                + "deadLetter:\n  path: " + dl + "\n"
                + "delivery:\n  maxAttempts: 2\n  initialBackoff: 5ms\n  maxBackoff: 10ms\n  sendTimeout: 1s\n");
        Path events = write("events.jsonl", events(12));
        Cli.Result down = Cli.run("route", "--config", config.toString(), "--events", events.toString());
        assertEquals(3, down.exit(), down.err() + down.out());
        assertEquals(12, files(dl, ".reason.json").size());

        // Files it cannot use: corrupt event JSON, no reason file, an endpoint the configuration lacks.
        Path hour = files(dl, ".reason.json").get(0).getParent();
        Path corrupt = hour.resolve("bad.json");
        Files.writeString(corrupt, "{nope");
        Files.writeString(hour.resolve("bad.reason.json"), "{\"eventId\":\"bad\",\"endpoint\":\"hook\",\"route\":\"all\"}");
        Path lonely = hour.resolve("lonely.json");
        Files.writeString(lonely, "{\"specversion\":\"1.0\",\"id\":\"lonely\",\"source\":\"s\",\"type\":\"t\"}");
        Path stranger = hour.resolve("stranger.json");
        Files.writeString(stranger, "{\"specversion\":\"1.0\",\"id\":\"stranger\",\"source\":\"s\",\"type\":\"t\"}");
        Files.writeString(hour.resolve("stranger.reason.json"), "{\"endpoint\":\"gone\",\"route\":\"all\"}");

        Cli.Result dry = Cli.run("replay", "--config", config.toString(), "--dry-run");
        assertEquals(3, dry.exit(), dry.err() + dry.out());
        assertTrue(dry.out().contains("12 dead letters would be sent; 3 could not be used"), dry.out());

        // Still down: each fails again and is dead-lettered anew, its old pair replaced.
        Cli.Result again = Cli.run("replay", "--config", config.toString());
        assertEquals(3, again.exit(), again.err() + again.out());
        assertEquals(14, files(dl, ".reason.json").size(), "12 dead-lettered anew; bad and stranger kept (lonely has none)");
        assertTrue(again.out().contains("12 events were not delivered and went to the dead-letter directory " + dl),
                again.out());

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        AtomicInteger requests = new AtomicInteger();
        Set<String> received = ConcurrentHashMap.newKeySet();
        server.createContext("/x", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            assertEquals("/x/t1", exchange.getRequestURI().getPath(), "the route's topic");
            received.add(JsonEvent.parse(body).attribute("id").toString());
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
        try {
            Cli.Result first = Cli.run("replay", "--config", config.toString());
            assertEquals(3, first.exit(), first.err() + first.out());
            assertEquals(12, received.size());
            assertEquals(12, requests.get());
            assertTrue(first.err().contains(corrupt + ": corrupt JSON"), first.err());
            assertTrue(first.err().contains(lonely + ": no reason file lonely.reason.json; kept"), first.err());
            assertTrue(first.err().contains(stranger + ": its endpoint 'gone' is not in the configuration; kept"),
                    first.err());
            assertTrue(first.out().contains("15 dead letters read from " + dl), first.out());
            // What was sent is gone; what could not be used is kept.
            assertEquals(Set.of(corrupt, lonely, stranger), Set.copyOf(files(dl, ".json").stream()
                    .filter(p -> !p.toString().endsWith(".reason.json")).toList()));

            Cli.Result second = Cli.run("replay", "--config", config.toString(), "--endpoint", "hook");
            assertEquals(3, second.exit(), second.err() + second.out());
            assertEquals(12, requests.get(), "nothing sent twice");
            assertTrue(second.out().contains(": 0 sent, 3 could not be used"), second.out());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withoutADeadLetterDirectoryOrWithAnUnknownEndpointItSaysSo() throws Exception {
        Path config = write("m.yaml", "endpoints:\n  - name: m\n    kind: memory\n"
                + "routes:\n  - id: all\n    endpoint: m\n    filter: \"true\"\n");
        Cli.Result none = Cli.run("replay", "--config", config.toString());
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("no dead-letter directory: give --dead-letters or set deadLetter.path in " + config),
                none.err());
        Files.createDirectories(dir.resolve("dl"));
        Cli.Result unknown = Cli.run("replay", "--config", config.toString(), "--dead-letters", dir.resolve("dl").toString(),
                "--endpoint", "nope");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("has no endpoint 'nope' (it has: m)"), unknown.err());
    }
}
