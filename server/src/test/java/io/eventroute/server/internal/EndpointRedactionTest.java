package io.eventroute.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventroute.runtime.EndpointKinds;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code GET /endpoints} shows what the kind's specification marks not secret, URLs without their query. */
class EndpointRedactionTest {
    private static final EndpointKinds KINDS = EndpointKinds.defaults();

    @Test
    void secretSettingsAreLeftOutAndUrlsLoseQueryAndUserInformation() {
        assertEquals(Map.of("url", "https://hooks.example.com/in", "batch", "true", "connectTimeout", "5s"),
                visible("webhook", Map.of("url", "https://user:pw@hooks.example.com/in?code=s3cret", "batch", "true",
                        "connectTimeout", "5s", "header.Authorization", "Bearer s3cret", "header.X-Trace", "on")));
        assertEquals(Map.of("eventHub", "updates"), visible("eventhubs", Map.of("eventHub", "updates",
                "connectionString", "Endpoint=sb://ns/;SharedAccessKeyName=n;SharedAccessKey=s3cret")));
        assertEquals(Map.of("queue", "q"), visible("servicebus", Map.of("queue", "q",
                "connectionString", "Endpoint=sb://ns/;SharedAccessKeyName=n;SharedAccessKey=s3cret")));
        assertEquals(Map.of("endpoint", "https://t.eventgrid.azure.net/api/events", "schema", "eventgrid",
                "trustCertificate", "certs/emulator.pem"), visible("eventgrid", Map.of(
                "endpoint", "https://t.eventgrid.azure.net/api/events?api-version=2018-01-01", "key", "s3cret",
                "schema", "eventgrid", "trustCertificate", "certs/emulator.pem")));
        assertEquals(Map.of("path", "out/a.jsonl", "fsync", "true"),
                visible("file", Map.of("path", "out/a.jsonl", "fsync", "true")));
    }

    @Test
    void whatNoSpecificationKnowsIsNotShown() {
        // An allow-list: a setting the kind does not list, or a kind without a specification, shows nothing.
        assertEquals(Map.of(), visible("memory", Map.of("token", "s3cret")));
        assertEquals(Map.of(), EndpointRedaction.visible(Optional.empty(), Map.of("path", "p", "key", "s3cret")));
        // A URL that cannot be parsed is left out rather than shown whole.
        assertEquals(Map.of(), visible("webhook", Map.of("url", "http://a b/?code=s3cret")));
    }

    private static Map<String, String> visible(String kind, Map<String, String> settings) {
        return EndpointRedaction.visible(KINDS.spec(kind), settings);
    }
}
