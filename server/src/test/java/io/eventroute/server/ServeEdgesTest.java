package io.eventroute.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.EventRoute;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a running server does with stored routes it cannot route, slow clients, and 100,000 routes. */
class ServeEdgesTest {
    @TempDir
    Path dir;

    @Test
    void aStoredRouteWhoseEndpointIsGoneIsKeptReportedAndNotRouted() {
        try (SqliteRouteStore store = SqliteRouteStore.open(dir)) {
            store.put(EventRoute.of("orphan", "gone", "true"));
            store.put(EventRoute.of("broken", "archive", "type = "));
            store.put(EventRoute.of("fine", "archive", "true"));
        }
        try (TestServer t = TestServer.start(dir)) {
            List<String> problems = t.server.startProblems();
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("'orphan'") && problems.get(0).contains("'gone' is not in the configuration"),
                    problems.toString());
            assertTrue(problems.get(1).contains("'broken'") && problems.get(1).contains("does not compile"), problems.toString());
            assertEquals(List.of("fine"), t.router.routes().stream().map(EventRoute::id).toList(), "only the usable one is routed");
            assertEquals(200, t.send("GET", "/eventroutes/orphan?" + TestServer.API, TestServer.READER, null).statusCode(),
                    "kept in the store and listed");
            // Fixing it through the API routes it.
            assertEquals(204, t.put("orphan", "{\"endpointName\":\"alerts\",\"filter\":\"true\"}").statusCode());
            assertEquals(2, t.router.routes().size());
        }
    }

    @Test
    void aClientThatStopsMidRequestIsDisconnectedAfterTheIdleTimeout() throws Exception {
        ServerSettings settings = ServerSettings.of("127.0.0.1", 0, TestServer.tokens()).withIdleTimeout(Duration.ofSeconds(1));
        try (TestServer t = TestServer.start(dir, settings, List.of()); Socket s = new Socket("127.0.0.1", t.server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("PUT /eventroutes/slow?" + TestServer.API + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
                    + "Content-Type: application/json\r\nAuthorization: Bearer " + TestServer.ADMIN + "\r\n\r\n{\"endp")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            // The server gives up on the body and closes the connection (after answering or not): read to the end.
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // drain
            }
            assertEquals(404, t.send("GET", "/eventroutes/slow?" + TestServer.API, TestServer.READER, null).statusCode(),
                    "the half-sent route was not created");
        }
    }

    @Test
    void aHundredThousandRoutes() {
        List<EventRoute> routes = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            routes.add(EventRoute.of(String.format("r%06d", i), i % 2 == 0 ? "archive" : "alerts",
                    "type = 'Microsoft.DigitalTwins.Twin.Update' AND subject = 'room-" + i + "'"));
        }
        try (TestServer t = TestServer.start(dir, ServerSettings.of("127.0.0.1", 0, TestServer.tokens()), routes)) {
            assertEquals(100_000, t.server.routeCount());
            assertEquals(100_000, t.router.routes().size());
            HttpResponse<String> page = t.send("GET", "/eventroutes?" + TestServer.API, TestServer.READER, null);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("\"id\":\"r000099\"") && page.body().contains("continuationToken"), "first page of 100");
            assertEquals(204, t.put("r050000", "{\"endpointName\":\"archive\",\"filter\":\"subject = 'x'\"}").statusCode());
            assertEquals(400, t.put("r100000", "{\"endpointName\":\"archive\",\"filter\":\"true\"}").statusCode(),
                    "the default limit is 100,000 routes");
            String event = "{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"type\":\"Microsoft.DigitalTwins.Twin.Update\","
                    + "\"subject\":\"room-77777\"}";
            assertEquals(1, t.router.route(event.getBytes(StandardCharsets.UTF_8)), "matched through the index, one route");
        }
    }
}
