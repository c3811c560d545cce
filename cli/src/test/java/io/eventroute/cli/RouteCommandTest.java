package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.runtime.event.JsonEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteCommandTest {
    private static final Pattern FILTER = Pattern.compile("(?m)^  - id: (\\S+)\\n    endpoint: (\\S+)\\n    filter: (.*)$");

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Cli.write(dir, name, content);
    }

    private static String event(int n) {
        return Cli.cloudEvent(n);
    }

    private static String events(int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(event(i)).append('\n');
        }
        return b.toString();
    }

    /** The numbers of a summary row: matched, delivered, dead-lettered, failed (routes) and so on. */
    private static List<Long> row(String summary, String first) {
        for (String line : summary.split("\n")) {
            String[] cells = line.trim().split("\\s{2,}");
            if (cells[0].equals(first)) {
                List<Long> numbers = new ArrayList<>();
                for (String c : cells) {
                    if (c.matches("[\\d,]+")) {
                        numbers.add(Long.parseLong(c.replace(",", "")));
                    }
                }
                return numbers;
            }
        }
        throw new AssertionError("no row '" + first + "' in:\n" + summary);
    }

    private static long lines(Path file) throws IOException {
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        }
    }

    @Test
    void theReadmeStartsWithTheExampleRun() throws Exception {
        String readme = Files.readString(Cli.root().resolve("README.md"));
        int block = readme.indexOf("```sh\n");
        assertTrue(block > 0, "the README has a first command block");
        String[] commands = readme.substring(block + 6, readme.indexOf("```", block + 6)).split("\n");
        assertEquals("./eventroute route --config examples/adt/routes.yaml --events examples/adt/events.jsonl", commands[0]);
        assertEquals("mvn -B verify", commands[1]);
    }

    @Test
    void theExampleDeliversWhatEachRouteMatches() throws Exception {
        Path root = Cli.root();
        String yaml = Files.readString(root.resolve("examples/adt/routes.yaml"));
        Path config = write("routes.yaml", yaml.replace("path: out/", "path: " + dir.resolve("out") + "/"));
        Path events = root.resolve("examples/adt/events.jsonl");
        Cli.Result r = Cli.run("route", "--config", config.toString(), "--events", events.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("10,000 events read from " + events + " in "), r.out());
        assertTrue(r.out().endsWith("every matched event was delivered\n"), r.out());

        // Each route's count, computed here with the compiler alone, is what the summary shows.
        Matcher m = FILTER.matcher(yaml);
        Map<String, CompiledFilter> filters = new LinkedHashMap<>();
        Map<String, String> endpointOf = new LinkedHashMap<>();
        while (m.find()) {
            String text = m.group(3).startsWith("\"") ? m.group(3).substring(1, m.group(3).length() - 1) : null;
            if (text != null) {
                filters.put(m.group(1), FilterCompiler.builder().build().compile(text).orThrow());
                endpointOf.put(m.group(1), m.group(2));
            }
        }
        assertTrue(filters.size() >= 6, "the example's one-line filters: " + filters.keySet());
        Map<String, Long> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(events)) {
            JsonEvent e = JsonEvent.parse(line);
            filters.forEach((id, f) -> expected.merge(id, f.matches(e) ? 1L : 0L, Long::sum));
        }
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            assertTrue(e.getValue() > 0, "route " + e.getKey() + " matches some event of the example");
            assertEquals(List.of(e.getValue(), e.getValue(), 0L, 0L), row(r.out(), e.getKey()), e.getKey());
        }
        // Each endpoint's file holds exactly what the summary says it delivered, and the totals agree.
        long total = 0;
        for (String endpoint : Set.copyOf(endpointOf.values())) {
            long delivered = row(r.out(), endpoint).get(1);
            assertEquals(delivered, lines(dir.resolve("out").resolve(endpoint + ".jsonl")), endpoint);
        }
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                total += lines(f);
            }
        }
        assertEquals(row(r.out(), "total").get(1), total);
        assertFalse(Files.exists(dir.resolve("out/deadletter")), "nothing was dead-lettered");
    }

    @Test
    void aConfigurationWithErrorsListsThemAllAndSendsNothing() throws Exception {
        Path out = dir.resolve("out");
        Path config = write("bad.yaml", ""
                + "endpoints:\n"                                              // 1
                + "  - name: archive\n"                                       // 2
                + "    kind: file\n"                                          // 3
                + "    path: " + out.resolve("archive.jsonl") + "\n"          // 4
                + "  - name: typo\n"                                          // 5
                + "    kind: file\n"                                          // 6
                + "    pth: " + out.resolve("typo.jsonl") + "\n"              // 7
                + "  - name: hook\n"                                          // 8
                + "    kind: webhok\n"                                        // 9
                + "routes:\n"                                                 // 10
                + "  - id: updates\n"                                         // 11
                + "    endpoint: archive\n"                                   // 12
                + "    filter: \"type = 'Microsoft.DigitalTwins.Twin.Update' AND\"\n" // 13
                + "  - id: updates\n"                                         // 14
                + "    endpoint: archiv\n"                                    // 15
                + "    filter: \"true\"\n"                                    // 16
                + "    topik: x\n"                                            // 17
                + "deadletter:\n"                                             // 18
                + "  path: " + out.resolve("dl") + "\n"                       // 19
                + "delivery:\n"                                               // 20
                + "  maxAttempts: 0\n"                                        // 21
                + "  initialBackoff: soon\n");                                // 22
        Path events = write("events.jsonl", events(3));
        Cli.Result r = Cli.run("route", "--config", config.toString(), "--events", events.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out());
        String c = config.toString();
        String err = r.err();
        assertTrue(err.contains(c + ":5: error: endpoint 'typo': kind 'file' needs the setting 'path'\n"), err);
        assertTrue(err.contains(c + ":7: error: endpoint 'typo': unknown setting 'pth' for kind 'file' (did you mean 'path'?)\n"), err);
        assertTrue(err.contains(c + ":9: error: endpoint 'hook': unknown kind 'webhok' (did you mean 'webhook'?)\n"), err);
        assertTrue(err.contains(c + ":13: error: route 'updates': the filter has 1 error\n"
                + "    error[E1001] at 1:48:"), err);
        assertTrue(err.contains("    1 | type = 'Microsoft.DigitalTwins.Twin.Update' AND\n"
                + "      |                                                ^\n"), err);
        assertTrue(err.contains(c + ":14: error: route id 'updates' is used twice\n"), err);
        assertTrue(err.contains(c + ":15: error: route 'updates': no endpoint is named 'archiv' (did you mean 'archive'?)\n"), err);
        assertTrue(err.contains(c + ":17: error: route 'updates': unknown key 'topik' (did you mean 'topic'?)\n"), err);
        assertTrue(err.contains(c + ":18: error: unknown top-level key 'deadletter' (did you mean 'deadLetter'?)\n"), err);
        assertTrue(err.contains(c + ":21: error: 'delivery.maxAttempts' must be a positive whole number, not '0'\n"), err);
        assertTrue(err.contains(c + ":22: error: 'delivery.initialBackoff' must be a duration such as 200ms"), err);
        assertTrue(err.endsWith("eventroute: " + c + " has 10 errors; nothing was read or sent\n"), err);
        // Problems come in line order, and nothing was created.
        assertTrue(err.indexOf(":5: ") < err.indexOf(":7: ") && err.indexOf(":18: ") < err.indexOf(":22: "), err);
        assertFalse(Files.exists(out), "no endpoint or dead-letter file was created");
    }

    @Test
    void malformedLinesAreRejectedAndTheRestIsDelivered() throws Exception {
        Path out = dir.resolve("out.jsonl");
        Path config = write("c.yaml", "endpoints:\n  - {name: out, kind: file, path: " + out + "}\n"
                + "routes:\n  - {id: all, endpoint: out, filter: \"true\"}\n");
        String missingId = "{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\"}";
        String missingSpec = "{\"id\":\"x\",\"source\":\"s\",\"type\":\"t\"}";
        Path events = write("events.jsonl", event(1) + "\n"
                + "{\"id\": tru\n"                                             // 2
                + "\n"                                                          // 3, blank: skipped
                + missingId + "\r\n"                                            // 4
                + "[" + event(2) + "," + missingSpec + ",7]\n"                  // 5: a batch
                + "[" + event(3) + "\n"                                         // 6: a broken batch
                + event(4) + "\n");
        Path rejects = dir.resolve("rejected/lines.jsonl");
        Cli.Result r = Cli.run("route", "--config", config.toString(), "--events", events.toString(),
                "--rejects", rejects.toString());
        assertEquals(3, r.exit(), r.err());
        String e = events.toString();
        assertTrue(r.err().contains(e + ":2:8: error: invalid JSON"), r.err());
        assertTrue(r.err().contains(e + ":4: error: the event has no 'id' attribute"), r.err());
        assertTrue(r.err().contains(e + ":5: error: element 2 of the batch: "), r.err());
        assertTrue(r.err().contains(e + ":5: error: element 3 of the batch: the event must be a JSON object, not a number"), r.err());
        assertTrue(r.err().contains(e + ":6: error: a batch line that is not a valid JSON array"), r.err());
        assertEquals(List.of("{\"id\": tru", missingId, missingSpec, "7", "[" + event(3)), Files.readAllLines(rejects));
        assertEquals(List.of(event(1), event(2), event(4)), Files.readAllLines(out));
        assertTrue(r.out().startsWith("8 events read from " + e), r.out());
        assertTrue(r.out().contains(": 3 routed, 0 matched no route, 5 rejected\n"), r.out());
        assertTrue(r.out().contains("5 inputs were rejected and written to " + rejects), r.out());
    }

    @Test
    void aWebhookThatFailsHalfItsRequestsStillGetsEverything() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger requests = new AtomicInteger();
        Set<String> received = ConcurrentHashMap.newKeySet();
        Set<String> triedOnce = ConcurrentHashMap.newKeySet();
        server.createContext("/events", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            // Each event's first request fails: half the requests, whatever order the endpoint sends them in.
            String id = JsonEvent.parse(body).attribute("id").toString();
            boolean fail = triedOnce.add(id);
            if (!fail) {
                received.add(id);
            }
            exchange.sendResponseHeaders(fail ? 503 : 202, -1);
            exchange.close();
        });
        server.start();
        try {
            Path config = write("hook.yaml", "endpoints:\n"
                    + "  - name: hook\n    kind: webhook\n    url: http://127.0.0.1:" + server.getAddress().getPort() + "/events\n"
                    + "routes:\n  - id: all\n    endpoint: hook\n    filter: \"type = 't'\"\n"
                    + "deadLetter:\n  path: " + dir.resolve("dl") + "\n"
                    + "delivery:\n  maxAttempts: 5\n  initialBackoff: 1ms\n  maxBackoff: 5ms\n");
            Path events = write("events.jsonl", events(40));
            Cli.Result r = Cli.run("route", "--config", config.toString(), "--events", events.toString());
            assertEquals(0, r.exit(), r.err() + r.out());
            assertEquals(40, received.size());
            assertEquals(List.of(40L, 40L, 0L, 0L), row(r.out(), "all"));
            List<Long> hook = row(r.out(), "hook");
            assertEquals(40L, hook.get(1), "delivered");
            assertEquals(40L, hook.get(2), "every event failed once and was retried");
            assertFalse(Files.exists(dir.resolve("dl")));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aWebhookThatIsDownGetsEverythingDeadLettered() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Path dl = dir.resolve("dl");
        Path config = write("down.yaml", "endpoints:\n"
                + "  - name: down\n    kind: webhook\n    url: http://127.0.0.1:" + port + "/x\n    connectTimeout: 200ms\n"
                + "    delivery:\n      maxAttempts: 2\n"
                + "routes:\n  - id: all\n    endpoint: down\n    filter: \"true\"\n"
                + "deadLetter:\n  path: " + dl + "\n"
                + "delivery:\n  maxAttempts: 8\n  initialBackoff: 5ms\n  maxBackoff: 10ms\n  sendTimeout: 1s\n");
        Path events = write("events.jsonl", events(10));
        Cli.Result r = Cli.run("route", "--config", config.toString(), "--events", events.toString());
        assertEquals(3, r.exit(), r.err() + r.out());
        assertEquals(List.of(10L, 0L, 10L, 10L), row(r.out(), "all"));
        List<Long> down = row(r.out(), "down");
        assertEquals(List.of(10L, 0L, 10L, 10L, 10L), down.subList(0, 5), "matched, delivered, retried once each, "
                + "dead-lettered, failed");
        assertTrue(r.out().contains("10 events were not delivered and went to the dead-letter directory " + dl), r.out());
        List<Path> letters;
        try (Stream<Path> s = Files.walk(dl)) {
            letters = s.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".reason.json")).toList();
        }
        assertEquals(10, letters.size());
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (Path p : letters) {
            ids.add(JsonEvent.parse(Files.readAllBytes(p)).attribute("id").toString());
        }
        assertEquals(10, ids.size());
    }

    @Test
    void standardInputIsTheDefault() throws Exception {
        Path out = dir.resolve("out.jsonl");
        Path config = write("c.json", "{\"endpoints\": [{\"name\": \"out\", \"kind\": \"file\", \"path\": "
                + "\"" + out.toString().replace("\\", "\\\\") + "\"}],\n"
                + " \"routes\": [{\"id\": \"even\", \"endpoint\": \"out\", \"filter\": \"$body.n % 2 = 0\"}]}\n");
        Cli.Result r = Cli.runWithInput(events(10), "route", "--config", config.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("10 events read from standard input"), r.out());
        assertEquals(List.of(event(0), event(2), event(4), event(6), event(8)), Files.readAllLines(out));
    }

    @Test
    void aDirectoryIsReadFileByFileInNameOrder() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("b.jsonl"), event(2) + "\n" + event(3) + "\n");
        Files.writeString(in.resolve("a.jsonl"), event(0) + "\n" + event(1) + "\n");
        Files.writeString(in.resolve("notes.txt"), "not events\n");
        Path out = dir.resolve("out.jsonl");
        Path config = write("c.yaml", "endpoints: [{name: out, kind: file, path: " + out + "}]\n"
                + "routes: [{id: all, endpoint: out, filter: \"true\"}]\n");
        Cli.Result r = Cli.run("route", "--config", config.toString(), "--events", in.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("4 events read from 2 files in " + in), r.out());
        assertEquals(List.of(event(0), event(1), event(2), event(3)), Files.readAllLines(out));

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Cli.Result none = Cli.run("route", "--config", config.toString(), "--events", empty.toString());
        assertEquals(2, none.exit());
        assertEquals("eventroute: " + empty + ": the directory holds no *.jsonl file\n", none.err());
    }

    @Test
    void variablesComeFromTheEnvironmentAndAMissingOneIsAnError() throws Exception {
        String token = System.getenv("EVENTROUTE_TEST_TOKEN");
        org.junit.jupiter.api.Assumptions.assumeTrue(token != null, "set by Surefire (cli/pom.xml)");
        Path config = write("env.yaml", "endpoints:\n"
                + "  - name: out\n    kind: file\n    path: " + dir + "/${EVENTROUTE_TEST_TOKEN}-${EVENTROUTE_UNSET_VARIABLE:-x}.jsonl\n"
                + "routes:\n  - id: all\n    endpoint: out\n    filter: \"subject = '$${literal}'\"\n");
        Cli.Result r = Cli.runWithInput(event(1).replace("}}", "},\"subject\":\"${literal}\"}") + "\n",
                "route", "--config", config.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, lines(dir.resolve(token + "-x.jsonl")), "path from the environment, default, and $${ escape");

        Path missing = write("missing.yaml", "endpoints:\n"
                + "  - name: out\n    kind: file\n    path: " + dir.resolve("never.jsonl") + "\n"
                + "routes:\n  - id: all\n    endpoint: out\n    filter: \"source = '${EVENTROUTE_UNSET_VARIABLE}'\"\n");
        Cli.Result m = Cli.run("route", "--config", missing.toString(), "--events", "-");
        assertEquals(2, m.exit());
        assertTrue(m.err().startsWith(missing + ":8: error: the environment variable EVENTROUTE_UNSET_VARIABLE is not "
                + "set"), m.err());
        assertFalse(Files.exists(dir.resolve("never.jsonl")));
    }

    @Test
    void aSecretWrittenInTheFileGetsAWarning() throws Exception {
        Path config = write("secret.yaml", "endpoints:\n"
                + "  - name: hook\n    kind: webhook\n    url: https://example.invalid/api/events?code=abc123\n"   // 4
                + "    headers:\n"
                + "      Authorization: Bearer abc123\n"                                                       // 6
                + "      X-Api-Key: ${EVENTROUTE_TEST_TOKEN:-none}\n"                                          // 7
                + "      X-Trace: yes\n"
                + "routes:\n  - id: all\n    endpoint: hook\n    filter: \"true\"\n");
        Cli.Result r = Cli.run("route", "--config", config.toString(), "--events", "-");
        assertEquals(0, r.exit(), r.err());
        String c = config.toString();
        assertTrue(r.err().contains(c + ":4: warning: endpoint 'hook': 'url' holds a secret written in the file"), r.err());
        assertTrue(r.err().contains(c + ":6: warning: endpoint 'hook': 'header.Authorization' holds a secret written "
                + "in the file; anyone who can read the file can use it: write ${HOOK_AUTHORIZATION}"), r.err());
        assertFalse(r.err().contains(":7:"), "a value from the environment is not a secret in the file");
        assertFalse(r.err().contains(":8:"), "X-Trace is no secret");
        assertTrue(r.out().startsWith("0 events read from standard input"), r.out());
    }

    @Test
    void checkReportsTheConfigurationAndOpensNothing() throws Exception {
        Path out = dir.resolve("never/out.jsonl");
        Path config = write("c.yaml", "endpoints: [{name: out, kind: file, path: " + out + "}]\n"
                + "routes: [{id: all, endpoint: out, filter: \"true\"}]\n");
        Cli.Result r = Cli.run("route", "--config", config.toString(), "--check", "--rejects",
                dir.resolve("never/rejects.jsonl").toString());
        assertEquals(new Cli.Result(0, config + ": ok: 1 endpoint(s), 1 route(s), 0 warnings; nothing was opened\n", ""), r);
        assertFalse(Files.exists(dir.resolve("never")));
    }

    @Test
    void checkConnectReportsEachEndpointThatCannotBeReached() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path out = dir.resolve("out.jsonl");
        Path config = write("c.yaml", "endpoints:\n"
                + "  - {name: out, kind: file, path: " + out + "}\n"
                + "  - {name: hook, kind: webhook, url: \"http://127.0.0.1:" + closedPort + "/in\"}\n"
                + "routes: [{id: all, endpoint: out, filter: \"true\"}]\n");
        Cli.Result r = Cli.run("route", "--config", config.toString(), "--check", "--connect");
        assertEquals(4, r.exit(), r.err());
        assertEquals("endpoint 'out' (file): reachable\n", r.out());
        assertTrue(r.err().contains(config + ":3: error: endpoint 'hook' cannot be reached: webhook endpoint 'hook' "
                + "connection refused or unreachable"), r.err());
        assertTrue(r.err().endsWith("1 of 2 endpoint(s) cannot be reached; nothing was sent\n"), r.err());

        Path good = write("good.yaml", "endpoints: [{name: out, kind: file, path: " + out + "}]\n"
                + "routes: [{id: all, endpoint: out, filter: \"true\"}]\n");
        Cli.Result ok = Cli.run("route", "--config", good.toString(), "--check", "--connect");
        assertEquals(new Cli.Result(0, "endpoint 'out' (file): reachable\n" + good
                + ": ok: 1 endpoint(s), 1 route(s), 0 warnings; every endpoint reachable; nothing was sent\n", ""), ok);

        Cli.Result alone = Cli.run("route", "--config", good.toString(), "--connect");
        assertEquals(2, alone.exit());
        assertTrue(alone.err().contains("--connect goes with --check"), alone.err());
    }

    @Test
    void namedPipesAndDevNullAreInputs() throws Exception {
        Path config = write("c.yaml", "endpoints: [{name: out, kind: file, path: " + dir.resolve("out.jsonl") + "}]\n"
                + "routes: [{id: all, endpoint: out, filter: \"true\"}]\n");
        Cli.Result r = Cli.run("route", "--config", config.toString(), "--events", "/dev/null");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("0 events read from /dev/null"), r.out());

        Path fifo = dir.resolve("fifo");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, event(1) + "\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        r = Cli.run("route", "--config", config.toString(), "--events", fifo.toString());
        writer.join();
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(event(1)), Files.readAllLines(dir.resolve("out.jsonl")));
    }

    @Test
    void helpDocumentsTheCommand() {
        Cli.Result r = Cli.run("route", "--help");
        assertEquals(0, r.exit());
        String help = r.out().replace("\n", " ").replaceAll("\\s+", " ");
        assertTrue(help.contains("Usage: eventroute route [-hV] [--check] [--connect] [--progress] [--quiet] --config=FILE "
                + "[--events=FILE|DIR|-] [--rejects=FILE] [--summary-json=FILE]"), help);
        assertTrue(help.contains("${VAR}") && help.contains("SharedAccessKey") && help.contains("Ctrl-C"), help);
        assertTrue(help.contains("Exit codes: 0 every event was read and every match delivered 2 a configuration error"),
                help);
        assertTrue(help.contains("3 some input was rejected or some match was dead-lettered"), help);
    }
}
