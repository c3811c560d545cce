package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eventroute serve} as a process: the listening line, a route through the API, SIGTERM, exit 0, the route kept. */
class ServeProcessTest {
    @TempDir
    Path dir;

    private Process start(Path config) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve", "--config", config.toString())
                .redirectError(dir.resolve("serve.err").toFile());
        pb.environment().put("ROUTES_TOKEN", "process-test-token");
        return pb.start();
    }

    private static URI listening(Process p, int routes) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null, "serve printed nothing");
        Matcher m = Pattern.compile("eventroute serve: listening on (http://127\\.0\\.0\\.1:\\d+) \\((\\d+) routes, 1 endpoints\\)")
                .matcher(line);
        assertTrue(m.matches(), line);
        assertEquals(routes, Integer.parseInt(m.group(2)), line);
        return URI.create(m.group(1));
    }

    @Test
    void servesUntilSigtermAndExitsZeroWithItsRoutesKept() throws Exception {
        Path config = dir.resolve("serve.yaml");
        Files.writeString(config, "endpoints:\n  - name: archive\n    kind: file\n    path: " + dir.resolve("out.jsonl") + "\n"
                + "server:\n  listen: 127.0.0.1:0\n  tokens:\n    - token: ${ROUTES_TOKEN}\n      roles: [routes:read, routes:write]\n"
                + "store:\n  path: " + dir.resolve("data") + "\n");
        Process p = start(config);
        try {
            URI base = listening(p, 0);
            HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    base.resolve("/eventroutes/everything?api-version=2023-10-31")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer process-test-token").header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"endpointName\":\"archive\",\"filter\":\"true\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, put.statusCode(), put.body());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(Jvm.HANG_SECONDS, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("serve.err")));
            assertTrue(Files.readString(dir.resolve("serve.err")).contains("eventroute serve: stopped"));
        } finally {
            p.destroyForcibly();
        }
        Process again = start(config);
        try {
            listening(again, 1); // the route put through the API before the restart
        } finally {
            again.destroy();
            assertTrue(again.waitFor(Jvm.HANG_SECONDS, TimeUnit.SECONDS));
        }
    }
}
