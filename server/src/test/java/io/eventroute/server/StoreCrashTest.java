package io.eventroute.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A route acknowledged with 204 is there after the server process is killed with SIGKILL and restarted. */
class StoreCrashTest {
    @TempDir
    Path dir;

    @Test
    void aRouteAcknowledgedSurvivesSigkill() throws Exception {
        Path store = dir.resolve("store");
        CrashTarget.Started started = CrashTarget.launch(dir);
        Process p = started.process();
        try {
            int port = started.port();
            HttpClient client = HttpClient.newHttpClient();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/eventroutes/r" + i + "?" + TestServer.API)).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + TestServer.ADMIN).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"endpointName\":\"archive\",\"filter\":\"$body.n = " + i + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(204, r.statusCode(), r.body());
            }
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        try (TestServer restarted = TestServer.start(store)) {
            assertEquals(20, restarted.server.routeCount());
            HttpResponse<String> last = restarted.send("GET", "/eventroutes/r19?" + TestServer.API, TestServer.READER, null);
            assertEquals(200, last.statusCode());
            assertTrue(last.body().contains("$body.n = 19"), last.body());
            assertEquals(20, restarted.router.routes().size(), "every stored route is routed again");
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
