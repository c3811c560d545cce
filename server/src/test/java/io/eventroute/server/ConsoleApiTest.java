package io.eventroute.server;

import static io.eventroute.server.TestServer.ADMIN;
import static io.eventroute.server.TestServer.READER;
import static io.eventroute.server.TestServer.SENDER;
import static io.eventroute.server.TestServer.assertError;
import static io.eventroute.server.TestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web console's files and the JSON APIs it uses, over real HTTP on loopback, bad input included. */
class ConsoleApiTest {
    private static final String CREATE = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"s\","
            + "\"type\":\"Microsoft.DigitalTwins.Twin.Create\",\"subject\":\"room-21\",\"data\":{\"temperature\":21}}";

    @TempDir
    Path dir;
    private TestServer t;
    private final TestServer.SwitchableSender flaky = new TestServer.SwitchableSender();

    @BeforeEach
    void start() {
        t = TestServer.startWithDeadLetters(dir.resolve("store"), dir.resolve("dead"), flaky);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(t.uri(path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return t.client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void thePageAndItsFilesHaveTheirTypesAnETagAndAPolicyAllowingOnlyThisOrigin() throws Exception {
        for (String[] f : new String[][] {{"/", "text/html"}, {"/index.html", "text/html"},
                {"/console/app.js", "text/javascript"}, {"/console/samples.js", "text/javascript"},
                {"/console/app.css", "text/css"}}) {
            HttpResponse<String> r = get(f[0]);
            assertEquals(200, r.statusCode(), f[0]);
            assertEquals(f[1] + "; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""), f[0]);
            assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(""), f[0]);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.startsWith("default-src 'self'; script-src 'self'; style-src 'self';"), csp);
            assertFalse(csp.contains("unsafe") || csp.contains("http") || csp.contains("*"), csp);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
            String etag = r.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> again = get(f[0], "If-None-Match", etag);
            assertEquals(304, again.statusCode(), "unchanged: no body sent again");
            assertEquals("", again.body());
            assertEquals(200, get(f[0], "If-None-Match", "\"other\"").statusCode());
        }
        assertTrue(get("/").body().contains("<script src=\"/console/app.js\""));
    }

    @Test
    void theConsoleFilesNameNoOtherHostAndHoldNoInlineScriptOrStyle() throws Exception {
        Pattern url = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}");
        for (String path : List.of("/", "/console/app.js", "/console/app.css", "/console/samples.js")) {
            String body = get(path).body();
            Matcher m = url.matcher(body.replace("contoso.api.wus2.digitaltwins.azure.net", ""));
            assertFalse(m.find(), path + " refers to another host: " + (m.hitEnd() ? "" : m.group()));
        }
        String html = get("/").body();
        assertFalse(Pattern.compile("<script>|<style|\\sstyle=|\\son[a-z]+=").matcher(html).find(),
                "the policy refuses inline script and style, so the page has none");
    }

    @Test
    void consolePathsRefuseOtherMethodsAndUnknownFiles() throws Exception {
        assertError(t.send("GET", "/console/nothing.js", null, null), 404, "NotFound", "/console/nothing.js");
        HttpResponse<String> head = t.client.send(HttpRequest.newBuilder(t.uri("/")).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        // Last: refused without reading its body, after which the server closes the connection.
        assertError(t.send("POST", "/", ADMIN, "{}"), 405, "MethodNotAllowed", "POST");
    }

    @Test
    void explainGivesTheNormalizedFilterAndPlanOrTheDiagnostics() {
        JsonNode ok = json(t.send("POST", "/filters:explain", READER,
                "{\"filter\":\"type = \\\"Microsoft.DigitalTwins.Twin.Create\\\" and $body.temperature > 20\"}"));
        assertTrue(ok.get("valid").asBoolean());
        assertEquals("type = 'Microsoft.DigitalTwins.Twin.Create' AND $body.temperature > 20", ok.get("normalized").asText());
        assertTrue(ok.get("plan").asText().startsWith("("), ok.toString());
        assertEquals("type", ok.get("attributes").get(0).asText());
        assertEquals("$body.temperature", ok.get("dataPaths").get(0).asText());

        JsonNode typo = json(t.send("POST", "/filters:explain", ADMIN, "{\"filter\":\"tpye = 'x'\"}"));
        JsonNode d = typo.get("diagnostics").get(0);
        assertEquals("did you mean type?", d.get("suggestion").asText(), typo.toString());
        assertEquals(1, d.get("column").asInt());
        assertEquals(4, d.get("length").asInt());

        JsonNode broken = json(t.send("POST", "/filters:explain", READER, "{\"filter\":\"type = \"}"));
        assertFalse(broken.get("valid").asBoolean());
        assertFalse(broken.has("plan"));
        assertEquals("error", broken.get("diagnostics").get(0).get("severity").asText());
    }

    @Test
    void explainRefusesBadInputWithAnError() {
        assertError(t.send("POST", "/filters:explain", READER, "[1]"), 400, "InvalidArgument", "JSON object");
        assertError(t.send("POST", "/filters:explain", READER, "{}"), 400, "InvalidArgument", "'filter'");
        assertError(t.send("POST", "/filters:explain", READER, "{\"filter\":3}"), 400, "InvalidArgument", "string");
        assertError(t.send("POST", "/filters:explain", READER, "{\"filter\":\"true\",\"dialect\":\"sql\"}"), 400,
                "InvalidArgument", "'sql'");
        assertError(t.send("POST", "/filters:explain", READER, "{\"filter\":"), 400, "InvalidArgument", "");
        // Refused before the body is read: sent without one, so the server keeps the connection for the next request.
        assertError(t.send("POST", "/filters:explain", null, null), 401, "Unauthorized", "bearer");
        assertError(t.send("POST", "/filters:explain", "wrong-token", null), 401, "Unauthorized", "not valid");
        assertError(t.send("POST", "/filters:explain", SENDER, null), 403, "Forbidden", "routes:read");
        assertError(t.send("GET", "/filters:explain", READER, null), 405, "MethodNotAllowed", "GET");
        // Last: the server answers without reading the body and closes the connection.
        assertError(t.send("POST", "/filters:explain", READER, "x", "text/plain"), 415, "UnsupportedMediaType", "text/plain");
    }

    @Test
    void matchListsTheMatchingRoutesAndForOneRouteTheValueOfEachCondition() {
        assertEquals(204, t.put("creates", "{\"endpointName\":\"archive\",\"filter\":"
                + "\"type = 'Microsoft.DigitalTwins.Twin.Create' AND ($body.temperature > 30 OR subject = 'room-21')\"}")
                .statusCode());
        assertEquals(204, t.put("hot", "{\"endpointName\":\"archive\",\"filter\":\"$body.temperature > 30\"}").statusCode());
        JsonNode r = json(t.send("POST", "/events:match", READER, "{\"event\":" + CREATE + ",\"route\":\"creates\"}"));
        assertEquals("[\"creates\"]", r.get("matches").toString());
        JsonNode why = r.get("route");
        assertTrue(why.get("matches").asBoolean());
        List<String> lines = Stream.of(why.get("conditions")).flatMap(c -> Stream.iterate(0, i -> i < c.size(), i -> i + 1)
                .map(c::get)).map(c -> c.get("depth").asInt() + " " + c.get("value").asText() + " " + c.get("text").asText())
                .toList();
        assertEquals(List.of(
                "0 true type = 'Microsoft.DigitalTwins.Twin.Create' AND ($body.temperature > 30 OR subject = 'room-21')",
                "1 true type = 'Microsoft.DigitalTwins.Twin.Create'",
                "1 true $body.temperature > 30 OR subject = 'room-21'",
                "2 false $body.temperature > 30",
                "2 true subject = 'room-21'"), lines);
        assertEquals(0, t.router.stats().events(), "a dry run: nothing routed, nothing counted");

        JsonNode notHot = json(t.send("POST", "/events:match", READER, "{\"event\":" + CREATE + ",\"route\":\"hot\"}"));
        assertFalse(notHot.get("route").get("matches").asBoolean());
        assertEquals("false", notHot.get("route").get("conditions").get(0).get("value").asText());
    }

    @Test
    void matchRefusesBadInputWithAnError() {
        assertError(t.send("POST", "/events:match", READER, "{}"), 400, "InvalidArgument", "'event'");
        assertError(t.send("POST", "/events:match", READER, "{\"event\":[]}"), 400, "InvalidArgument", "array");
        assertError(t.send("POST", "/events:match", READER, "{\"event\":{\"specversion\":\"1.0\",\"source\":\"s\","
                + "\"type\":\"t\"}}"), 400, "InvalidArgument", "id");
        assertError(t.send("POST", "/events:match", READER, "{\"event\":" + CREATE + ",\"route\":\"nope\"}"), 404,
                "EventRouteNotFound", "'nope'");
        assertError(t.send("POST", "/events:match", READER, "{\"event\":" + CREATE + ",\"route\":7}"), 400,
                "InvalidArgument", "'route'");
        assertError(t.send("POST", "/events:match", SENDER, "{\"event\":" + CREATE + "}"), 403, "Forbidden", "routes:read");
    }

    @Test
    void statsCountEachRouteAndEndpoint() {
        assertEquals(204, t.put("creates", "{\"endpointName\":\"archive\",\"filter\":\"subject = 'room-21'\"}").statusCode());
        assertEquals(204, t.put("idle", "{\"endpointName\":\"flaky\",\"filter\":\"false\"}").statusCode());
        HttpResponse<String> sent = t.send("POST", "/events", SENDER, CREATE, "application/cloudevents+json");
        assertEquals(200, sent.statusCode(), sent.body());
        JsonNode s = json(t.send("GET", "/stats", READER, null));
        assertEquals(1, s.get("events").asInt());
        assertEquals(1, s.get("routes").get("creates").get("matched").asInt());
        assertEquals(1, s.get("routes").get("creates").get("delivered").asInt(), "the 200 came after delivery");
        assertEquals(0, s.get("routes").get("idle").get("matched").asInt(), "listed before it ever matches");
        assertEquals(1, s.get("endpoints").get("archive").get("delivered").asInt());
        assertEquals(0, s.get("endpoints").get("flaky").get("pending").asInt());
        assertError(t.send("GET", "/stats", SENDER, null), 403, "Forbidden", "routes:read");
        assertError(t.send("GET", "/stats", "nope", null), 401, "Unauthorized", "not valid");
        assertError(t.send("DELETE", "/stats", ADMIN, null), 405, "MethodNotAllowed", "DELETE");
    }

    @Test
    void deadLettersAreListedWithTheirReasonAndReplayedUntilDelivered() throws Exception {
        assertEquals(204, t.put("to-flaky", "{\"endpointName\":\"flaky\",\"filter\":\"true\"}").statusCode());
        HttpResponse<String> sent = t.send("POST", "/events", SENDER, CREATE, "application/cloudevents+json");
        assertEquals(1, json(sent).get("deadLettered").asInt(), sent.body());
        // A file the replay cannot use is listed with its problem and kept.
        Path corrupt = dir.resolve("dead/flaky/2026/01/01/00/broken.json");
        Files.createDirectories(corrupt.getParent());
        Files.writeString(corrupt, "{\"id\":");

        JsonNode list = json(t.send("GET", "/endpoints/flaky/deadLetters", READER, null));
        assertEquals(1, list.get("count").asInt(), list.toString());
        JsonNode letter = list.get("value").get(0);
        assertEquals("to-flaky", letter.get("route").asText());
        assertEquals("e1", letter.get("event").get("id").asText());
        assertTrue(letter.get("reason").asText().contains("the test peer refuses events for now"), letter.toString());
        assertEquals("flaky/2026/01/01/00/broken.json", list.get("unusable").get(0).get("file").asText());
        assertTrue(list.get("unusable").get(0).get("problem").asText().contains("no reason file"));

        // Still refusing: dead-lettered again under a new name, the old pair removed.
        JsonNode again = json(t.send("POST", "/endpoints/flaky/deadLetters:replay", ADMIN, null));
        assertEquals(1, again.get("sent").asInt());
        assertEquals(1, again.get("deadLettered").asInt());
        assertEquals(1, json(t.send("GET", "/endpoints/flaky/deadLetters", READER, null)).get("count").asInt());

        flaky.refusing.set(false);
        JsonNode replayed = json(t.send("POST", "/endpoints/flaky/deadLetters:replay", ADMIN, null));
        assertEquals(1, replayed.get("sent").asInt(), replayed.toString());
        assertEquals(1, replayed.get("delivered").asInt());
        assertEquals(1, replayed.get("unusable").size());
        assertEquals(1, flaky.delivered.get());
        assertEquals(0, json(t.send("GET", "/endpoints/flaky/deadLetters", READER, null)).get("count").asInt());
        assertTrue(Files.exists(corrupt), "kept");
        assertEquals(0, json(t.send("POST", "/endpoints/flaky/deadLetters:replay", ADMIN, null)).get("sent").asInt(),
                "nothing is sent twice");
        assertEquals(3, t.router.stats().route("to-flaky").matched(), "a replay counts on the route it names");
    }

    @Test
    void aSecondReplayWhileOneRunsIsRefusedRatherThanSendingTwice() throws Exception {
        assertEquals(204, t.put("to-flaky", "{\"endpointName\":\"flaky\",\"filter\":\"true\"}").statusCode());
        assertEquals(200, t.send("POST", "/events", SENDER, CREATE, "application/cloudevents+json").statusCode());
        flaky.refusing.set(false);
        java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
        flaky.sending = sending;
        java.util.concurrent.CompletableFuture<HttpResponse<String>> first = t.client.sendAsync(HttpRequest.newBuilder(
                t.uri("/endpoints/flaky/deadLetters:replay")).header("Authorization", "Bearer " + ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(sending.await(30, java.util.concurrent.TimeUnit.SECONDS), "the first replay reached the endpoint");
        assertError(t.send("POST", "/endpoints/flaky/deadLetters:replay", ADMIN, null), 409, "ReplayInProgress",
                "already running");
        flaky.released.countDown();
        HttpResponse<String> done = first.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1, json(done).get("delivered").asInt(), done.body());
        assertEquals(1, flaky.delivered.get(), "sent once");
    }

    @Test
    void deadLetterCallsRefuseBadInputWithAnError() {
        assertError(t.send("GET", "/endpoints/nope/deadLetters", READER, null), 404, "EndpointNotFound", "'nope'");
        assertError(t.send("POST", "/endpoints/nope/deadLetters:replay", ADMIN, null), 404, "EndpointNotFound", "'nope'");
        assertError(t.send("POST", "/endpoints/flaky/deadLetters:replay", READER, null), 403, "Forbidden", "routes:write");
        assertError(t.send("GET", "/endpoints/flaky/deadLetters", SENDER, null), 403, "Forbidden", "routes:read");
        assertError(t.send("GET", "/endpoints/flaky/deadLetters:replay", ADMIN, null), 405, "MethodNotAllowed", "GET");
        assertEquals(0, json(t.send("GET", "/endpoints/flaky/deadLetters", READER, null)).get("count").asInt(),
                "no dead letter yet: an empty list, not an error");
    }

    @Test
    void aServerWithoutADeadLetterDirectorySaysSo(@TempDir Path other) {
        try (TestServer plain = TestServer.start(other)) {
            assertError(plain.send("GET", "/endpoints/archive/deadLetters", READER, null), 409, "NoDeadLetterDirectory",
                    "deadLetter.path");
        }
    }
}
