package io.eventroute.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.models.CloudEvent;
import com.azure.core.models.CloudEventDataFormat;
import com.azure.core.util.BinaryData;
import com.azure.messaging.eventgrid.EventGridEvent;
import com.azure.messaging.eventgrid.EventGridPublisherClient;
import com.azure.messaging.eventgrid.EventGridPublisherClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventroute.runtime.endpoint.memory.MemoryEndpoint;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event Grid's own publisher client sends to serve's publish API unchanged, in both schemas, with its key. */
class EventGridPublishTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TestServer t;

    @BeforeEach
    void start() {
        t = TestServer.start(dir, ServerSettings.of("127.0.0.1", 0, TestServer.tokens()).withTls(new ServerSettings.Tls(
                TestServer.resource("tls-cert.pem"), TestServer.resource("tls-key.pem"))), List.of());
        assertEquals(204, t.put("hot", "{\"endpointName\":\"alerts\",\"filter\":\"$body.Temperature > 30\"}").statusCode());
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private <T> EventGridPublisherClientBuilder builder(String key) throws Exception {
        SslContext trust;
        try (InputStream cert = EventGridPublishTest.class.getResourceAsStream("/tls-cert.pem")) {
            trust = SslContextBuilder.forClient().trustManager(cert).build();
        }
        return new EventGridPublisherClientBuilder()
                .endpoint(t.server.uri() + "/api/events")
                .credential(new AzureKeyCredential(key))
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(10))))
                .httpClient(new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                        .secure(spec -> spec.sslContext(trust))).build());
    }

    private List<JsonNode> received() throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (var e : t.router.sender("alerts", MemoryEndpoint.class).orElseThrow().events()) {
            out.add(JSON.readTree(e.structuredJson()));
        }
        return out;
    }

    @Test
    void cloudEventsSchema() throws Exception {
        EventGridPublisherClient<CloudEvent> client = builder(TestServer.SENDER).buildCloudEventPublisherClient();
        CloudEvent hot = new CloudEvent("/contoso/thermostats", "microsoft.iot.telemetry",
                BinaryData.fromString("{\"Temperature\":45}"), CloudEventDataFormat.JSON, "application/json")
                .setSubject("thermostat-7").setId("cg-1");
        CloudEvent cold = new CloudEvent("/contoso/thermostats", "microsoft.iot.telemetry",
                BinaryData.fromString("{\"Temperature\":5}"), CloudEventDataFormat.JSON, "application/json").setId("cg-2");
        client.sendEvents(List.of(hot, cold));
        List<JsonNode> got = received();
        assertEquals(1, got.size(), "acknowledged once delivered, and only the hot one matched");
        assertEquals("cg-1", got.get(0).get("id").asText());
        assertEquals("thermostat-7", got.get(0).get("subject").asText());
        assertEquals(45, got.get(0).get("data").get("Temperature").asInt());
    }

    @Test
    void eventGridSchemaMapsToTheCloudEventTheEndpointWrote() throws Exception {
        EventGridPublisherClient<EventGridEvent> client = builder(TestServer.SENDER).buildEventGridEventPublisherClient();
        EventGridEvent plain = new EventGridEvent("room-21", "Microsoft.DigitalTwins.Twin.Update",
                BinaryData.fromString("{\"Temperature\":40}"), "1.0");
        plain.setId("eg-1");
        plain.setEventTime(OffsetDateTime.parse("2021-12-09T20:28:52.6745538Z"));
        // What the eventgrid endpoint writes: the CloudEvent's data and attributes inside data.
        EventGridEvent envelope = new EventGridEvent("room-22", "microsoft.iot.telemetry", BinaryData.fromString(
                "{\"data\":{\"Temperature\":50},\"contenttype\":\"application/json\",\"dataschema\":\"dtmi:example:Thermostat;1\","
                        + "\"traceparent\":\"00-2aa957558db348f387ef704b37631a1d-96f834571bf4fe45-01\"}"), "1.0");
        envelope.setId("eg-2");
        client.sendEvents(List.of(plain, envelope));
        List<JsonNode> got = received();
        assertEquals(2, got.size());
        JsonNode a = got.get(0);
        assertEquals("eg-1", a.get("id").asText());
        assertEquals("Microsoft.DigitalTwins.Twin.Update", a.get("type").asText());
        assertEquals("room-21", a.get("subject").asText());
        assertEquals("1.0", a.get("dataversion").asText());
        assertTrue(a.get("time").asText().startsWith("2021-12-09T20:28:52.6745538"), a.toString());
        assertTrue(a.get("source").asText().endsWith("/api/events"), a.toString());
        JsonNode b = got.get(1);
        assertEquals(50, b.get("data").get("Temperature").asInt());
        assertEquals("dtmi:example:Thermostat;1", b.get("dataschema").asText());
        assertEquals("00-2aa957558db348f387ef704b37631a1d-96f834571bf4fe45-01", b.get("traceparent").asText());
    }

    @Test
    void aWrongKeyOrAKeyWithoutTheRoleIsRefused() throws Exception {
        EventGridPublisherClient<CloudEvent> wrong = builder("not-a-key").buildCloudEventPublisherClient();
        CloudEvent e = new CloudEvent("/s", "t", BinaryData.fromString("{}"), CloudEventDataFormat.JSON, "application/json");
        HttpResponseException unauthorized = assertThrows(HttpResponseException.class, () -> wrong.sendEvent(e));
        assertEquals(401, unauthorized.getResponse().getStatusCode());
        EventGridPublisherClient<CloudEvent> reader = builder(TestServer.READER).buildCloudEventPublisherClient();
        HttpResponseException forbidden = assertThrows(HttpResponseException.class, () -> reader.sendEvent(e));
        assertEquals(403, forbidden.getResponse().getStatusCode());
        assertEquals(0, received().size());
    }

    @Test
    void aBadEventGridEventRefusesTheBatch() throws Exception {
        var r = t.client.send(java.net.http.HttpRequest.newBuilder(t.uri("/api/events?api-version=2018-01-01"))
                .header("aeg-sas-key", TestServer.SENDER).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[{\"id\":\"1\",\"subject\":\"s\",\"eventType\":\"t\","
                        + "\"eventTime\":\"2021-01-01T00:00:00Z\",\"dataVersion\":\"1.0\",\"data\":{\"Temperature\":99}},"
                        + "{\"id\":\"2\",\"subject\":\"s\",\"eventTime\":\"2021-01-01T00:00:00Z\",\"dataVersion\":\"1.0\"}]"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("event 1: has no 'eventType'"), r.body());
        assertEquals(0, received().size());
    }
}
