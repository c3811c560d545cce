package io.eventroute.server;

import static io.eventroute.server.TestServer.ADMIN;
import static io.eventroute.server.TestServer.API;
import static io.eventroute.server.TestServer.READER;
import static io.eventroute.server.TestServer.assertError;
import static io.eventroute.server.TestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every operation of the models API and every error it documents, over real HTTP on loopback. */
class ModelsApiTest {
    static final String SPACE = iface("dtmi:example:Space;1", null, "\"displayName\": \"Space\"");
    static final String ROOM = iface("dtmi:example:Room;1", "\"dtmi:example:Space;1\"",
            "\"contents\": [{\"@type\": \"Property\", \"name\": \"temperature\", \"schema\": \"double\"}]");
    static final String LAB = iface("dtmi:example:Lab;1", "[\"dtmi:example:Room;1\"]", null);

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

    static String iface(String id, String extendsJson, String more) {
        return "{\"@context\": \"dtmi:dtdl:context;3\", \"@id\": \"" + id + "\", \"@type\": \"Interface\""
                + (extendsJson == null ? "" : ", \"extends\": " + extendsJson) + (more == null ? "" : ", " + more) + "}";
    }

    private HttpResponse<String> post(String... docs) {
        return t.send("POST", "/models?" + API, ADMIN, "[" + String.join(",", docs) + "]");
    }

    private static String path(String id) {
        return "/models/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static final String ROOM_EVENT = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"s\","
            + "\"type\":\"Microsoft.DigitalTwins.Twin.Create\",\"data\":{\"$metadata\":{\"$model\":\"dtmi:example:Lab;1\"}}}";

    @Test
    void addGetListDeleteAndRoutesFollowTheModels() {
        assertEquals(204, t.put("spaces", "{\"endpointName\":\"archive\",\"filter\":\"IS_OF_MODEL('dtmi:example:Space')\"}")
                .statusCode());
        byte[] lab = ROOM_EVENT.getBytes(StandardCharsets.UTF_8);
        assertEquals(0, t.router.route(lab), "without models a Lab is not a Space");

        HttpResponse<String> added = post(SPACE, ROOM, LAB);
        assertEquals(201, added.statusCode(), added.body());
        JsonNode value = json(added);
        assertEquals(3, value.size(), added.body());
        assertEquals("dtmi:example:Space;1", value.get(0).get("id").asText());
        assertEquals("Space", value.get(0).get("displayName").get("en").asText());
        assertFalse(value.get(0).get("decommissioned").asBoolean());
        assertTrue(value.get(0).has("uploadTime"));
        assertFalse(value.get(0).has("model"), "no definition unless asked");
        assertEquals(1, t.router.route(lab), "live before the 201: a Lab extends Room extends Space");

        JsonNode room = json(t.send("GET", path("dtmi:example:Room;1") + "?" + API + "&includeModelDefinition=true", READER, null));
        assertEquals("dtmi:example:Room;1", room.get("id").asText());
        assertEquals("temperature", room.get("model").get("contents").get(0).get("name").asText(), "kept as given");
        assertFalse(json(t.send("GET", path("dtmi:example:Room;1") + "?" + API, READER, null)).has("model"));

        JsonNode list = json(t.send("GET", "/models?" + API, READER, null));
        assertEquals(List.of("dtmi:example:Lab;1", "dtmi:example:Room;1", "dtmi:example:Space;1"), ids(list));
        assertTrue(list.get("nextLink").isNull());
        JsonNode deps = json(t.send("GET", "/models?" + API + "&dependenciesFor=" + URLEncoder.encode("dtmi:example:Room;1",
                StandardCharsets.UTF_8), READER, null));
        assertEquals(List.of("dtmi:example:Room;1", "dtmi:example:Space;1"), ids(deps));

        assertEquals(204, t.send("DELETE", path("dtmi:example:Lab;1") + "?" + API, ADMIN, null).statusCode());
        assertEquals(0, t.router.route(lab), "a Lab is nothing known any more");
        assertError(t.send("GET", path("dtmi:example:Lab;1") + "?" + API, READER, null), 404, "ModelNotFound", "Lab");
    }

    @Test
    void listsComeInPagesThatFollowNextLink() {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            docs.add(iface("dtmi:example:M" + i + ";1", null, null));
        }
        assertEquals(201, post(docs.toArray(new String[0])).statusCode());
        List<String> seen = new ArrayList<>();
        String next = "/models?" + API + "&includeModelDefinition=true";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> r = t.client.sendAsync(java.net.http.HttpRequest.newBuilder(next.startsWith("http")
                    ? java.net.URI.create(next) : t.uri(next)).header("Authorization", "Bearer " + READER)
                    .header("max-items-per-page", "3").build(), HttpResponse.BodyHandlers.ofString()).join();
            assertEquals(200, r.statusCode(), r.body());
            JsonNode page = json(r);
            page.get("value").forEach(m -> assertTrue(m.has("model"), "the definition is asked for on every page"));
            seen.addAll(ids(page));
            next = page.get("nextLink").isNull() ? null : page.get("nextLink").asText();
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(7, seen.size());
        assertEquals(seen.stream().sorted().toList(), seen);
    }

    @Test
    void everyBadDocumentIsReportedWithItsIndexAndNothingIsAdded() {
        HttpResponse<String> r = post(SPACE, "{\"@context\": \"dtmi:dtdl:context;3\", \"@type\": \"Interface\"}",
                iface("dtmi:example:Room;0", null, null), iface("dtmi:example:Room;1", "\"dtmi:example:Nowhere;1\"", null),
                iface("dtmi:example:A;1", "\"dtmi:example:B;1\"", null), iface("dtmi:example:B;1", "\"dtmi:example:A;1\"", null),
                "5");
        assertError(r, 400, "DTDLParserError", "document 1: no @id");
        JsonNode details = json(r).get("error").get("details");
        List<String> targets = new ArrayList<>();
        details.forEach(d -> targets.add(d.get("target").asText() + " " + d.get("message").asText()));
        assertEquals(6, details.size(), r.body());
        assertTrue(targets.get(0).startsWith("models[1] document 1: no @id"), targets.toString());
        assertTrue(targets.get(1).contains("models[2]") && targets.get(1).contains("is not a DTMI"), targets.toString());
        assertTrue(targets.get(2).contains("models[3]") && targets.get(2).contains("dtmi:example:Nowhere;1"), targets.toString());
        assertTrue(targets.get(3).contains("models[4]") && targets.get(3).contains("cycle"), targets.toString());
        assertTrue(targets.get(5).contains("models[6]") && targets.get(5).contains("JSON object"), targets.toString());
        assertEquals(0, json(t.send("GET", "/models?" + API, READER, null)).get("value").size(), "all or nothing");
    }

    @Test
    void documentedErrors() {
        assertEquals(201, post(SPACE, ROOM).statusCode());
        assertError(post(SPACE), 409, "ModelAlreadyExists", "dtmi:example:Space;1 exists already");
        assertError(t.send("POST", "/models?" + API, ADMIN, "[]"), 400, "InvalidArgument", "non-empty JSON array");
        assertError(t.send("POST", "/models?" + API, ADMIN, "{\"a\": 1}"), 400, "InvalidArgument", "JSON array");
        assertError(t.send("POST", "/models?" + API, ADMIN, "[{"), 400, "InvalidArgument", "not valid JSON");
        assertError(t.send("DELETE", path("dtmi:example:Space;1") + "?" + API, ADMIN, null), 409,
                "ModelReferencesNotDeleted", "dtmi:example:Room;1");
        assertError(t.send("DELETE", path("dtmi:example:Nothing;1") + "?" + API, ADMIN, null), 404, "ModelNotFound", "Nothing");
        assertError(t.send("GET", path("not-a-dtmi") + "?" + API, READER, null), 400, "InvalidArgument", "not a DTMI");
        assertError(t.send("GET", "/models?" + API + "&dependenciesFor=dtmi:example:Nothing;1", READER, null), 404,
                "ModelNotFound", "Nothing");
        assertError(t.send("GET", "/models?" + API + "&includeModelDefinition=maybe", READER, null), 400,
                "InvalidArgument", "includeModelDefinition");
        assertError(t.send("GET", "/models", READER, null), 400, "MissingApiVersionParameter", "api-version");
        assertError(t.send("GET", "/models?api-version=2020-01-01", READER, null), 400, "UnsupportedApiVersion", "2020-01-01");
        assertError(post(SPACE.replace("Space", "Other")).statusCode() == 201 ? t.send("POST", "/models?" + API, READER, "[]")
                : null, 403, "Forbidden", "routes:write");
        assertError(t.send("GET", "/models?" + API, null, null), 401, "Unauthorized", "bearer");
        assertError(t.send("PUT", "/models?" + API, ADMIN, "[]"), 405, "MethodNotAllowed", "PUT");
        assertEquals(204, t.send("DELETE", path("dtmi:example:Room;1") + "?" + API, ADMIN, null).statusCode());
        assertEquals(204, t.send("DELETE", path("dtmi:example:Space;1") + "?" + API, ADMIN, null).statusCode());
    }

    @Test
    void modelsSurviveARestartAndFileModelsAreAddedOnce() {
        assertEquals(201, post(SPACE, ROOM).statusCode());
        t.close();
        t = TestServer.start(dir, ServerSettings.of("127.0.0.1", 0, TestServer.tokens()), List.of(), List.of(SPACE, LAB));
        assertEquals(3, t.server.modelCount(), "Space was stored already; Lab is new");
        assertTrue(t.router.models().isOf("dtmi:example:Lab;1", "dtmi:example:Space"));
        assertEquals(List.of(), t.server.startProblems());
        t.close();
        String otherSpace = SPACE.replace("\"displayName\": \"Space\"", "\"displayName\": \"Area\"");
        t = TestServer.start(dir, ServerSettings.of("127.0.0.1", 0, TestServer.tokens()), List.of(), List.of(otherSpace));
        assertEquals(1, t.server.startProblems().size(), t.server.startProblems().toString());
        assertTrue(t.server.startProblems().get(0).contains("dtmi:example:Space;1"), t.server.startProblems().toString());
        assertEquals("Space", json(t.send("GET", path("dtmi:example:Space;1") + "?" + API, READER, null))
                .get("displayName").get("en").asText(), "the stored model is kept");
    }

    @Test
    void aFilterValidatedWithModelsLoadedIsWarnedAboutUnknownModels() {
        assertEquals(201, post(SPACE).statusCode());
        JsonNode v = json(t.send("POST", "/filters:validate", READER, "{\"filter\": \"IS_OF_MODEL('dtmi:example:Spaec')\"}"));
        assertTrue(v.toString().contains("W5006") && v.toString().contains("dtmi:example:Space"), v.toString());
    }

    /** A route store that keeps no models (as the Kafka one): the API says so, and configured models fail the start. */
    @Test
    void aRouteStoreWithoutModelsIsAClearErrorNotASilentLoss() {
        class RoutesOnly implements io.eventroute.runtime.RouteStore {
            @Override
            public List<io.eventroute.runtime.EventRoute> load() {
                return List.of();
            }

            @Override
            public void put(io.eventroute.runtime.EventRoute route) {
            }

            @Override
            public boolean remove(String id) {
                return false;
            }

            @Override
            public void close() {
            }
        }
        ServerSettings settings = ServerSettings.of("127.0.0.1", 0, TestServer.tokens());
        try (io.eventroute.runtime.Router router = io.eventroute.runtime.Router.builder().build()) {
            EventRouteServer refused = EventRouteServer.builder(router, settings, new RoutesOnly())
                    .initialModels(List.of(SPACE)).build();
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, refused::start);
            assertTrue(e.getMessage().contains("keeps no models"), e.getMessage());
            try (EventRouteServer server = EventRouteServer.builder(router, settings, new RoutesOnly()).build()) {
                server.start();
                HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().sendAsync(java.net.http.HttpRequest
                        .newBuilder(java.net.URI.create(server.uri() + "/models?" + API)).header("Authorization", "Bearer " + ADMIN)
                        .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("[" + SPACE + "]"))
                        .build(), HttpResponse.BodyHandlers.ofString()).join();
                assertError(r, 501, "ModelsNotSupported", "keeps no models");
            }
        }
    }

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("value").forEach(m -> out.add(m.get("id").asText()));
        return out;
    }
}
