package io.eventroute.server;

import static io.eventroute.server.TestServer.ADMIN;
import static io.eventroute.server.TestServer.API;
import static io.eventroute.server.TestServer.READER;
import static io.eventroute.server.TestServer.SENDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventroute.runtime.EventRoute;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every operation of the routes API and every error it documents, over real HTTP on loopback. */
class EventRouteApiTest {
    private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"s\","
            + "\"type\":\"Microsoft.DigitalTwins.Twin.Create\",\"subject\":\"room-21\",\"data\":{}}";

    @TempDir
    Path dir;
    private TestServer t;

    @BeforeEach
    void start() {
        t = TestServer.start(dir);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private static JsonNode json(HttpResponse<String> r) {
        return TestServer.json(r);
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        TestServer.assertError(r, status, code, "");
    }

    @Test
    void putGetListDeleteAndTheRouteIsLiveBeforeTheResponse() {
        HttpResponse<String> put = t.put("creates", "{\"endpointName\":\"archive\","
                + "\"filter\":\"type = 'Microsoft.DigitalTwins.Twin.Create'\"}");
        assertEquals(204, put.statusCode(), put.body());
        assertEquals("", put.body());
        assertEquals(1, t.router.route(EVENT.getBytes(StandardCharsets.UTF_8)), "live before the 204 was sent");

        JsonNode got = json(t.send("GET", "/eventroutes/creates?" + API, READER, null));
        assertEquals("creates", got.get("id").asText());
        assertEquals("archive", got.get("endpointName").asText());
        assertEquals("type = 'Microsoft.DigitalTwins.Twin.Create'", got.get("filter").asText(), "stored unchanged");
        assertFalse(got.has("topic"));

        assertEquals(204, t.put("hot", "{\"endpointName\":\"alerts\",\"filter\":\"$body.t > 30\","
                + "\"topic\":\"rooms\",\"dialect\":\"adt\"}").statusCode());
        JsonNode hot = json(t.send("GET", "/eventroutes/hot?api-version=2022-05-31", READER, null));
        assertEquals("rooms", hot.get("topic").asText());

        JsonNode list = json(t.send("GET", "/eventroutes?" + API, READER, null));
        assertEquals(2, list.get("value").size());
        assertTrue(list.get("nextLink").isNull());

        assertEquals(204, t.send("DELETE", "/eventroutes/creates?" + API, ADMIN, null).statusCode());
        assertEquals(0, t.router.route(EVENT.getBytes(StandardCharsets.UTF_8)), "gone before the 204 was sent");
        assertError(t.send("GET", "/eventroutes/creates?" + API, READER, null), 404, "EventRouteNotFound");
        assertError(t.send("DELETE", "/eventroutes/creates?" + API, ADMIN, null), 404, "EventRouteNotFound");
    }

    @Test
    void replacingARouteKeepsItsPlace() {
        t.put("a", "{\"endpointName\":\"archive\",\"filter\":\"true\"}");
        t.put("b", "{\"endpointName\":\"archive\",\"filter\":\"true\"}");
        t.put("a", "{\"endpointName\":\"alerts\",\"filter\":\"false\"}");
        List<String> order = t.router.routes().stream().map(EventRoute::id).toList();
        assertEquals(List.of("a", "b"), order);
        assertEquals("alerts", json(t.send("GET", "/eventroutes/a?" + API, READER, null)).get("endpointName").asText());
    }

    @Test
    void anInvalidFilterIsRefusedInAdtsWordsWithOurDiagnostics() {
        HttpResponse<String> r = t.put("bad", "{\"endpointName\":\"archive\",\"filter\":\"this is not a valid filter\"}");
        assertError(r, 400, "EventRouteFilterInvalid");
        JsonNode error = json(r).get("error");
        assertTrue(error.get("message").asText().startsWith("The provided filter is invalid. Parsing error, Line=1, Position=13"),
                error.toString());
        JsonNode d = error.get("details").get(0);
        assertEquals("E1001", d.get("code").asText());
        assertEquals(1, d.get("line").asInt());
        assertEquals(13, d.get("column").asInt());
        assertTrue(d.has("suggestion"));
        assertError(t.send("GET", "/eventroutes/bad?" + API, READER, null), 404, "EventRouteNotFound");
    }

    @Test
    void badRequestsGetTheServicesErrors() {
        assertError(t.put("x", "{\"endpointName\":\"nowhere\",\"filter\":\"true\"}"), 400, "EventRouteEndpointInvalid");
        assertError(t.put("bad%20id", "{\"endpointName\":\"archive\",\"filter\":\"true\"}"), 400, "EventRouteIdInvalid");
        assertError(t.put("x", "{\"endpointName\":\"archive\""), 400, "InvalidArgument");
        assertError(t.put("x", "{\"endpointName\":\"archive\"}"), 400, "InvalidArgument");
        assertError(t.put("x", "{\"endpointName\":\"archive\",\"filter\":5}"), 400, "InvalidArgument");
        assertError(t.put("x", "{\"endpointName\":\"archive\",\"filter\":\"true\",\"filter\":\"false\"}"), 400,
                "InvalidArgument");
        assertError(t.send("PUT", "/eventroutes/x?" + API, ADMIN, "{}", "text/plain"), 415, "UnsupportedMediaType");
        assertError(t.send("GET", "/eventroutes/x", READER, null), 400, "MissingApiVersionParameter");
        assertError(t.send("GET", "/eventroutes/x?api-version=2020-10-31", READER, null), 400, "UnsupportedApiVersion");
        assertError(t.send("GET", "/nothing-here", READER, null), 404, "NotFound");
        HttpResponse<String> post = t.send("POST", "/eventroutes/x?" + API, ADMIN, "{}");
        assertError(post, 405, "MethodNotAllowed");
        assertEquals("GET, PUT, DELETE", post.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void tokensAndRoles() {
        HttpResponse<String> none = t.send("GET", "/eventroutes?" + API, null, null);
        assertError(none, 401, "Unauthorized");
        assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(null));
        assertError(t.send("GET", "/eventroutes?" + API, "not-a-token", null), 401, "Unauthorized");
        assertError(t.send("PUT", "/eventroutes/x?" + API, READER, "{\"endpointName\":\"archive\",\"filter\":\"true\"}"),
                403, "Forbidden");
        assertError(t.send("GET", "/eventroutes?" + API, SENDER, null), 403, "Forbidden");
        assertEquals(200, t.send("GET", "/healthz", null, null).statusCode(), "health needs no token");
    }

    @Test
    void aBodyPastTheLimitIsRefusedBeforeItIsReadWhole() {
        String filter = "x".repeat((int) ServerSettings.DEFAULT_MAX_REQUEST_BYTES);
        assertError(t.put("big", "{\"endpointName\":\"archive\",\"filter\":\"" + filter + "\"}"), 413,
                "RequestBodyTooLarge");
    }

    @Test
    void theRouteLimitIsEnforced(@TempDir Path other) {
        t.close();
        t = TestServer.start(other, ServerSettings.of("127.0.0.1", 0, TestServer.tokens()).withMaxRoutes(2), List.of());
        assertEquals(204, t.put("a", "{\"endpointName\":\"archive\",\"filter\":\"true\"}").statusCode());
        assertEquals(204, t.put("b", "{\"endpointName\":\"archive\",\"filter\":\"true\"}").statusCode());
        assertError(t.put("c", "{\"endpointName\":\"archive\",\"filter\":\"true\"}"), 400, "LimitExceeded");
        assertEquals(204, t.put("b", "{\"endpointName\":\"alerts\",\"filter\":\"true\"}").statusCode(),
                "replacing is not adding");
    }

    @Test
    void pagingFollowsNextLinkAndSurvivesChanges() {
        for (int i = 0; i < 25; i++) {
            t.put(String.format("r%03d", i), "{\"endpointName\":\"archive\",\"filter\":\"true\"}");
        }
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String next = "/eventroutes?" + API;
        int pages = 0;
        while (next != null) {
            HttpResponse<String> r = t.client.sendAsync(java.net.http.HttpRequest.newBuilder(next.startsWith("http")
                    ? java.net.URI.create(next) : t.uri(next)).header("Authorization", "Bearer " + READER)
                    .header("max-items-per-page", "10").build(), HttpResponse.BodyHandlers.ofString()).join();
            assertEquals(200, r.statusCode(), r.body());
            JsonNode page = json(r);
            assertTrue(page.get("value").size() <= 10);
            page.get("value").forEach(v -> {
                assertTrue(seen.add(v.get("id").asText()), "listed twice: " + v);
                order.add(v.get("id").asText());
            });
            if (pages == 0) {
                // Changes between pages: a route after the cursor appears, one before it and one after it go.
                t.put("r999", "{\"endpointName\":\"archive\",\"filter\":\"true\"}");
                t.send("DELETE", "/eventroutes/r000?" + API, ADMIN, null);
                t.send("DELETE", "/eventroutes/r020?" + API, ADMIN, null);
            }
            pages++;
            next = page.get("nextLink").isNull() ? null : page.get("nextLink").asText();
        }
        for (int i = 1; i < 25; i++) {
            if (i != 20) {
                assertTrue(seen.contains(String.format("r%03d", i)), "a route that existed throughout was skipped: " + i);
            }
        }
        assertFalse(seen.contains("r020"), "deleted before its page");
        assertEquals(3, pages);
        assertError(t.send("GET", "/eventroutes?" + API + "&continuationToken=%21%21", READER, null), 400, "InvalidArgument");
        HttpResponse<String> badSize = t.client.sendAsync(java.net.http.HttpRequest.newBuilder(t.uri("/eventroutes?" + API))
                .header("Authorization", "Bearer " + READER).header("max-items-per-page", "0").build(),
                HttpResponse.BodyHandlers.ofString()).join();
        assertError(badSize, 400, "InvalidArgument");
    }

    @Test
    void validateAnswersInTheShapeOfValidateJson() {
        HttpResponse<String> r = t.send("POST", "/filters:validate", READER, "{\"filter\":\"Type = 'x'\"}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode v = json(r);
        assertFalse(v.get("valid").asBoolean());
        assertEquals("Type = 'x'", v.get("filter").asText());
        JsonNode d = v.get("diagnostics").get(0);
        assertEquals("E2001", d.get("code").asText());
        assertEquals("error", d.get("severity").asText());
        assertEquals(1, d.get("column").asInt());
        assertTrue(d.get("suggestion").asText().contains("type"), d.toString());
        JsonNode ok = json(t.send("POST", "/filters:validate", READER, "{\"filter\":\"EXISTS subject\",\"dialect\":\"cesql\"}"));
        assertTrue(ok.get("valid").asBoolean(), ok.toString());
        assertEquals(0, t.router.routes().size(), "validation creates nothing");
    }

    @Test
    void endpointsShowNoSecret() {
        HttpResponse<String> r = t.send("GET", "/endpoints", READER, null);
        assertEquals(200, r.statusCode());
        assertFalse(r.body().contains("s3cret"), r.body());
        JsonNode hook = null;
        for (JsonNode e : json(r).get("value")) {
            if (e.get("name").asText().equals("hook")) {
                hook = e;
            }
        }
        assertEquals("webhook", hook.get("kind").asText());
        assertEquals("http://127.0.0.1:9/hook", hook.get("settings").get("url").asText());
    }

    @Test
    void metricsAreInPrometheusTextFormat() {
        t.put("creates", "{\"endpointName\":\"archive\",\"filter\":\"type = 'Microsoft.DigitalTwins.Twin.Create'\"}");
        t.router.route(EVENT.getBytes(StandardCharsets.UTF_8));
        assertError(t.send("GET", "/metrics", null, null), 401, "Unauthorized");
        HttpResponse<String> r = t.send("GET", "/metrics", READER, null);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = r.body();
        assertTrue(text.contains("eventroute_route_matched_total{route=\"creates\"} 1.0"), text);
        assertTrue(text.contains("eventroute_routes 1.0"), text);
        assertTrue(text.contains("eventroute_api_requests_total{method=\"PUT\",status=\"204\"} 1.0"), text);
        assertTrue(text.contains("eventroute_endpoint_pending{endpoint=\"archive\"}"), text);
    }

    @Test
    void withoutTlsOnlyLoopbackIsServed(@TempDir Path other) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestServer.start(other, ServerSettings.of("0.0.0.0", 0, TestServer.tokens()), List.of()));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    }
}
