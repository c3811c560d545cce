package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.peers.ArtemisPeer;
import io.eventroute.runtime.endpoint.peers.HttpsPeer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Router#verifyEndpoint}: an endpoint is accepted without connecting (connections are lazy), and
 * verifying it connects once, without sending an event, so that a wrong host, entity or credential
 * shows before the first event does. Real peers over loopback.
 */
class EndpointVerifyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static ArtemisPeer broker;
    private static HttpsPeer https;
    private final Router router = Router.builder().build();

    @BeforeAll
    static void start() throws Exception {
        broker = ArtemisPeer.start();
        https = HttpsPeer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
        https.close();
    }

    @AfterEach
    void close() {
        router.close(Duration.ofSeconds(5));
    }

    @Test
    void eventHubsAndServiceBusOpenASendingLinkWithoutSending() throws Exception {
        router.putEndpoint("eh", "eventhubs", Map.of("connectionString", broker.connectionString(), "eventHub", "hub.v"));
        router.putEndpoint("sb", "servicebus", Map.of("connectionString", broker.connectionString(), "queue", "queue.v"));
        router.verifyEndpoint("eh", TIMEOUT);
        router.verifyEndpoint("sb", TIMEOUT);
        assertEquals(0, broker.messages("hub.v").size() + broker.messages("queue.v").size(), "nothing was sent");

        router.putEndpoint("eh-missing", "eventhubs", Map.of("connectionString", broker.connectionString(),
                "eventHub", ArtemisPeer.MISSING_PREFIX + "hub"));
        DeliveryException missing = assertThrows(DeliveryException.class,
                () -> router.verifyEndpoint("eh-missing", TIMEOUT));
        assertFalse(missing.isTransient(), missing.getMessage());
        assertTrue(missing.getMessage().contains("event hub '" + ArtemisPeer.MISSING_PREFIX + "hub'"),
                missing.getMessage());
        assertFalse(missing.getMessage().contains(broker.sharedAccessKey()), "no secret: " + missing.getMessage());
    }

    @Test
    void anUnreachableEventHubsHostIsAcceptedButFailsVerification() throws Exception {
        int closedPort = closedPort();
        String connection = "Endpoint=sb://127.0.0.1:" + closedPort + "/;SharedAccessKeyName=send;"
                + "SharedAccessKey=c2VjcmV0LWtleS0xMjM0NTY3ODkw;UseDevelopmentEmulator=true";
        router.putEndpoint("eh-down", "eventhubs", Map.of("connectionString", connection, "eventHub", "hub"),
                DeliveryOptions.defaults());
        long start = System.nanoTime();
        DeliveryException down = assertThrows(DeliveryException.class,
                () -> router.verifyEndpoint("eh-down", Duration.ofSeconds(3)));
        assertTrue(down.isTransient(), down.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos(), "bounded by the timeout");
        assertTrue(down.getMessage().startsWith("endpoint 'eh-down'") || down.getMessage().contains("eh-down"),
                down.getMessage());
        assertFalse(down.getMessage().contains("c2VjcmV0LWtleS0xMjM0NTY3ODkw"), down.getMessage());
    }

    @Test
    void webhookSendsTheCloudEventsValidationRequest() throws Exception {
        try (ScriptedServer server = new ScriptedServer(n -> 405)) {
            router.putEndpoint("hook", "webhook", Map.of("url", server.url("/in"), "header.Authorization", "Bearer t"));
            router.verifyEndpoint("hook", TIMEOUT);
            ScriptedServer.Request r = server.requests().get(0);
            assertEquals("OPTIONS", r.method());
            assertEquals("eventroute", r.webhookRequestOrigin());
            assertEquals("Bearer t", r.authorization());
            assertEquals("", r.body(), "no event is sent");
        }
        router.putEndpoint("hook-down", "webhook", Map.of("url", "http://127.0.0.1:" + closedPort() + "/in"));
        DeliveryException down = assertThrows(DeliveryException.class,
                () -> router.verifyEndpoint("hook-down", TIMEOUT));
        assertTrue(down.isTransient());
        assertEquals("webhook endpoint 'hook-down' connection refused or unreachable", down.getMessage());
    }

    @Test
    void eventGridNeedsAnAnswerOverTrustedTls() throws Exception {
        int before = https.requests().size();
        router.putEndpoint("eg", "eventgrid", Map.of("endpoint", https.url("/api/events"), "key", "k3y",
                "trustCertificate", HttpsPeer.certificate().toString()));
        router.verifyEndpoint("eg", TIMEOUT);
        HttpsPeer.Request r = https.requests().get(before);
        assertEquals("HEAD", r.method());
        assertEquals(null, r.header("aeg-sas-key"), "the key is not sent to a verification");

        router.putEndpoint("eg-untrusted", "eventgrid", Map.of("endpoint", https.url("/api/events"), "key", "k3y",
                "trustCertificate", HttpsPeer.otherCertificate().toString()));
        DeliveryException untrusted = assertThrows(DeliveryException.class,
                () -> router.verifyEndpoint("eg-untrusted", TIMEOUT));
        assertFalse(untrusted.getMessage().contains("k3y"), untrusted.getMessage());
        assertEquals(before + 1, https.requests().size(), "the untrusted peer got no request");
    }

    @Test
    void aFileEndpointWhoseFileWasDeletedFailsVerification(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.jsonl");
        router.putEndpoint("f", "file", Map.of("path", file.toString()));
        router.verifyEndpoint("f", TIMEOUT);
        Files.delete(file);
        DeliveryException gone = assertThrows(DeliveryException.class, () -> router.verifyEndpoint("f", TIMEOUT));
        assertEquals("file endpoint 'f': " + file.toAbsolutePath()
                + " is gone or cannot be written (events would not reach it)", gone.getMessage());
    }

    @Test
    void anUnknownEndpointIsAnArgumentError() throws Exception {
        router.putEndpoint("mem", "memory", Map.of());
        router.verifyEndpoint("mem", TIMEOUT);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> router.verifyEndpoint("nope", TIMEOUT));
        assertEquals("no endpoint 'nope' (registered: mem)", unknown.getMessage());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
