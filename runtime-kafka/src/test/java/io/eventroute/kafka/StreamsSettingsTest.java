package io.eventroute.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventroute.compiler.Limits;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {
    private static final Map<String, String> ENV = Map.of("EH", "Endpoint=sb://ns1.servicebus.windows.net/;"
            + "SharedAccessKeyName=send;SharedAccessKey=k\"ey", "PW", "s3cret");

    private static StreamsSettings parse(String text) {
        return StreamsSettings.parse("c.yaml", text, ENV::get);
    }

    private static String error(String text) {
        return assertThrows(StreamsSettings.InvalidSettingsException.class, () -> parse(text)).getMessage();
    }

    @Test
    void defaultsNeedOnlyTheBootstrapServers() {
        StreamsSettings s = parse("bootstrapServers: localhost:9092");
        Properties p = s.toProperties();
        assertEquals("eventroute", p.get("application.id"));
        assertEquals("localhost:9092", p.get("bootstrap.servers"));
        assertEquals("at_least_once", p.get("processing.guarantee"));
        assertEquals("1", p.get("num.stream.threads"));
        assertNull(p.get("security.protocol"));
        assertNull(p.get("sasl.jaas.config"));
        assertEquals(TopicNames.defaults(), s.topics());
        assertEquals(Limits.DEFAULT, s.limits());
    }

    @Test
    void everySettingIsRead() {
        StreamsSettings s = parse(String.join("\n",
                "applicationId: r",
                "bootstrapServers: b1:9092,b2:9092",
                "processingGuarantee: EXACTLY_ONCE_V2",
                "threads: 4",
                "topics: {events: ev, routes: rt, routeErrors: re, outputPrefix: 'o.', invalidEvents: bad}",
                "security: {protocol: sasl_plaintext, mechanism: SCRAM-SHA-512, username: u, password: '${PW}'}",
                "limits: {maxLength: 100, maxDepth: 5, maxInItems: 7}",
                "properties: {commit.interval.ms: 250, consumer.session.timeout.ms: 10000}"));
        Properties p = s.toProperties();
        assertEquals("exactly_once_v2", p.get("processing.guarantee"));
        assertEquals("4", p.get("num.stream.threads"));
        assertEquals(new TopicNames("ev", "rt", "re", "o.", "bad"), s.topics());
        assertEquals(new Limits(100, 5, 7), s.limits());
        assertEquals("SASL_PLAINTEXT", p.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", p.get("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"s3cret\";",
                p.get("sasl.jaas.config"));
        assertEquals("250", p.get("commit.interval.ms"));
        assertEquals("10000", p.get("consumer.session.timeout.ms"));
    }

    @Test
    void anEventHubsConnectionStringGivesTheKafkaEndpointAndTheConnectionStringLogin() {
        Properties p = parse("security: {eventHubsConnectionString: '${EH}'}").toProperties();
        assertEquals("ns1.servicebus.windows.net:9093", p.get("bootstrap.servers"));
        assertEquals("SASL_SSL", p.get("security.protocol"));
        assertEquals("PLAIN", p.get("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"$ConnectionString\" "
                + "password=\"Endpoint=sb://ns1.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=k\\\"ey\";",
                p.get("sasl.jaas.config"));
    }

    @Test
    void mistakesNameTheSetting() {
        assertEquals("c.yaml: bootstrapServers is missing (host:port[,host:port...])", error("threads: 2"));
        assertEquals("c.yaml: unknown setting 'topics.event' (known: events, invalidEvents, outputPrefix, routeErrors, routes)",
                error("bootstrapServers: b:1\ntopics: {event: e}"));
        assertEquals("c.yaml: threads must be an integer", error("bootstrapServers: b:1\nthreads: two"));
        assertEquals("c.yaml: security.password names environment variable NOPE, which is not set",
                error("bootstrapServers: b:1\nsecurity: {username: u, password: '${NOPE}'}"));
        assertEquals("c.yaml: security.username and security.password go together",
                error("bootstrapServers: b:1\nsecurity: {username: u}"));
        assertEquals("c.yaml: give security.eventHubsConnectionString or security.username/password, not both",
                error("security: {eventHubsConnectionString: '${EH}', username: u, password: p}"));
        assertEquals("c.yaml: security.eventHubsConnectionString has no 'Endpoint=sb://<namespace>.servicebus.windows.net/' "
                + "part; give bootstrapServers", error("security: {eventHubsConnectionString: 'SharedAccessKey=x'}"));
        assertEquals("c.yaml: limits must be positive: 0, 100, 1000", error("bootstrapServers: b:1\nlimits: {maxLength: 0}"));
        assertEquals("c.yaml: the configuration must be a mapping (an object)", error("- a\n- b"));
        assertEquals("c.yaml: security.protocol must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL, not 'TLS'",
                error("bootstrapServers: b:1\nsecurity: {protocol: TLS}"));
    }
}
