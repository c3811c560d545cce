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
    void aRefusedRequestWhoseBodyArrivesLateIsAnsweredAndTheConnectionKept() throws Exception {
        String event = "{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"type\":\"t\"}";
        try (TestServer t = TestServer.start(dir); Socket s = new Socket("127.0.0.1", t.server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            // Headers first, the body a moment later, as every client sends them: refused for its token.
            out.write(("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/cloudevents+json\r\n"
                    + "Authorization: Bearer wrong-token\r\nContent-Length: " + event.length() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);
            out.write(event.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawResponse refused = RawResponse.read(in);
            assertEquals(401, refused.status, refused.head);
            assertTrue(!refused.head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), refused.head);

            // Too large, declared so and sent in pieces: 413 once it is all read, on the same connection.
            int size = (int) ServerSettings.DEFAULT_MAX_REQUEST_BYTES + 4096;
            out.write(("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/cloudevents+json\r\n"
                    + "Authorization: Bearer " + TestServer.SENDER + "\r\nContent-Length: " + size + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] piece = new byte[size / 4];
            java.util.Arrays.fill(piece, (byte) ' ');
            for (int i = 0; i < 4; i++) {
                out.write(piece);
                out.flush();
                Thread.sleep(50);
            }
            RawResponse tooLarge = RawResponse.read(in);
            assertEquals(413, tooLarge.status, tooLarge.head);

            // The connection still serves a request.
            out.write(("GET /eventroutes?" + TestServer.API + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + TestServer.READER + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(200, RawResponse.read(in).status);
            assertEquals(0, t.router.stats().events(), "nothing was routed");
        }
    }

    @Test
    void aRefusedBodyPastTheDrainLimitClosesTheConnectionAfterTheAnswer() throws Exception {
        long declared = io.eventroute.server.internal.RequestBodies.DRAIN_LIMIT + 1;
        try (TestServer t = TestServer.start(dir); Socket s = new Socket("127.0.0.1", t.server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/cloudevents+json\r\n"
                    + "Authorization: Bearer " + TestServer.SENDER + "\r\nContent-Length: " + declared + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawResponse r = RawResponse.read(s.getInputStream());
            assertEquals(413, r.status, r.head);
            assertTrue(r.head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), r.head);
        }
    }

    /** An HTTP/1.1 response read off a socket: its status, head and (Content-Length) body. */
    private record RawResponse(int status, String head, String body) {
        static RawResponse read(InputStream in) throws java.io.IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new java.io.EOFException("the connection ended after " + head.length() + " bytes: " + head);
                }
                head.append((char) b);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return new RawResponse(Integer.parseInt(head.substring(9, 12)), head.toString(),
                    new String(body, StandardCharsets.UTF_8));
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
