package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s configuration: every problem of the server and store sections with its line, and nothing started. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private Cli.Result serve(String yaml) throws IOException {
        Path file = dir.resolve("serve.yaml");
        Files.writeString(file, yaml);
        return Cli.run("serve", "--config", file.toString());
    }

    private static final String ENDPOINTS = "endpoints:\n  - name: archive\n    kind: memory\n";

    @Test
    void everyProblemOfTheServerSectionsIsReportedWithItsLine() throws IOException {
        Cli.Result r = serve(ENDPOINTS
                + "server:\n"                                  // line 4
                + "  listen: 0.0.0.0:8443\n"                    // 5: not loopback without tls (reported once the rest is right)
                + "  tokens:\n"
                + "    - token: abc\n"                          // 7: literal token (warning)
                + "      roles: [routes:reed]\n"                // 8: unknown role
                + "  maxRequestBytes: 3 parsecs\n"              // 9
                + "  idleTimeout: soon\n"                       // 10
                + "  colour: blue\n"                            // 11
                + "store:\n"
                + "  maxRoutes: -4\n");                         // 13
        assertEquals(2, r.exit(), r.err());
        String err = r.err();
        assertTrue(err.contains("serve.yaml:7: warning: 'token' is written in the file"), err);
        assertTrue(err.contains("serve.yaml:8: error: unknown role 'routes:reed'"), err);
        assertTrue(err.contains("did you mean 'routes:read'?") || err.contains("routes:read"), err);
        assertTrue(err.contains("serve.yaml:9: error: 'server.maxRequestBytes' must be a size"), err);
        assertTrue(err.contains("serve.yaml:10: error: 'server.idleTimeout' must be a duration"), err);
        assertTrue(err.contains("serve.yaml:11: error: 'server': unknown key 'colour'"), err);
        assertTrue(err.contains("serve.yaml:13: error: 'store.maxRoutes' must be a positive whole number"), err);
        assertTrue(err.contains("nothing started"), err);
    }

    @Test
    void withoutTlsTheServerListensOnlyOnLoopback() throws IOException {
        Cli.Result r = serve(ENDPOINTS + "server:\n  listen: 0.0.0.0:8443\n  tokens:\n    - token: ${SERVE_TEST_NO_SUCH_VAR:-x}\n"
                + "      roles: [routes:read]\n");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("serve.yaml:5: error: 'server.listen' is 0.0.0.0, which is not a loopback address"), r.err());
    }

    @Test
    void aMissingServerSectionAndBadTlsFilesAreErrors() throws IOException {
        Cli.Result none = serve(ENDPOINTS);
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("no 'server'"), none.err());
        Cli.Result tls = serve(ENDPOINTS + "server:\n  listen: 127.0.0.1:0\n  tls:\n    certificate: nowhere.pem\n"
                + "  tokens: []\n");
        assertEquals(2, tls.exit());
        assertTrue(tls.err().contains("serve.yaml:7: error: 'server.tls.certificate': nowhere.pem does not exist"), tls.err());
        assertTrue(tls.err().contains("'server.tls' needs 'privateKey'"), tls.err());
    }

    @Test
    void aStorePathThatIsAFileIsAConfigurationError() throws IOException {
        Files.writeString(dir.resolve("afile"), "x");
        Cli.Result r = serve(ENDPOINTS + "server:\n  listen: 127.0.0.1:0\n  tokens: []\nstore:\n  path: "
                + dir.resolve("afile") + "\n");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("serve.yaml:8: error: 'store.path'"), r.err());
        assertTrue(r.err().contains("is a file"), r.err());
    }

    @Test
    void aKafkaStoreNeedsItsTopicAndServersAndExcludesAPath() throws IOException {
        Cli.Result r = serve(ENDPOINTS + "server:\n  listen: 127.0.0.1:0\n  tokens: []\nstore:\n  path: data\n"
                + "  kafka:\n    properties: {security.protocol: PLAINTEXT}\n");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("'store.kafka' needs 'bootstrapServers'"), r.err());
        assertTrue(r.err().contains("'store.kafka' needs 'topic'"), r.err());
        assertTrue(r.err().contains("'store' has both 'path' and 'kafka'"), r.err());
    }

    @Test
    void anUnreachableKafkaStoreStartsNothing() throws IOException {
        Cli.Result r = serve(ENDPOINTS + "server:\n  listen: 127.0.0.1:0\n  tokens: []\nstore:\n"
                + "  kafka:\n    bootstrapServers: 127.0.0.1:1\n    topic: eventroute-routes\n    timeout: 2s\n");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("cannot reach Kafka at 127.0.0.1:1"), r.err());
        assertTrue(r.err().contains("nothing started"), r.err());
    }
}
