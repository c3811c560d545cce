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
        Path portFile = dir.resolve("port");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashTarget.class.getName(),
                store.toString(), portFile.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(portFile)) {
                assertTrue(p.isAlive(), () -> "the server process ended: " + read(dir.resolve("server.log")));
                assertTrue(System.nanoTime() < deadline, "the server process did not start in 60 s");
                Thread.sleep(20);
            }
            int port = Integer.parseInt(Files.readString(portFile).trim());
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
