package io.eventroute.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventroute.compiler.Limits;
import io.eventroute.runtime.RouteTable;
import io.eventroute.runtime.event.JsonEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutingTopologyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREATE_FILTER = "type = 'Microsoft.DigitalTwins.Twin.Create'";

    private RoutingTopology topology;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestInputTopic<String, String> routes;

    @BeforeEach
    void start() {
        start(new Properties());
    }

    /** Starts the topology under the test driver, with {@code extra} Kafka Streams settings. */
    private void start(Properties extra) {
        TopicNames names = new TopicNames("events", "routes", "route-errors", "out-", "invalid-events");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "ttd");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.putAll(extra);
        topology = RoutingTopology.create(names, Limits.DEFAULT, p);
        driver = new TopologyTestDriver(topology.topology(), p);
        events = driver.createInputTopic("events", new ByteArraySerializer(), new ByteArraySerializer());
        routes = driver.createInputTopic("routes", new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private List<TestRecord<byte[], byte[]>> out(String endpoint) {
        TestOutputTopic<byte[], byte[]> t = driver.createOutputTopic("out-" + endpoint, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        return t.readRecordsToList();
    }

    private List<String> outIds(String endpoint) {
        List<String> ids = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : out(endpoint)) {
            ids.add(JsonEvent.parse(r.value()).attribute("id").toString());
        }
        return ids;
    }

    private List<JsonNode> routeErrors() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : driver.createOutputTopic("route-errors", new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList()) {
            JsonNode n = JSON.readTree(r.value());
            assertEquals(n.get("route").isNull() ? null : n.get("route").asText(),
                    r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
            out.add(n);
        }
        return out;
    }

    private List<TestRecord<byte[], byte[]>> invalidEvents() {
        return driver.createOutputTopic("invalid-events", new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
    }

    private static String header(Headers h, String name) {
        var v = h.lastHeader(name);
        return v == null ? null : new String(v.value(), StandardCharsets.UTF_8);
    }

    private void send(String id, String type, String twin, int group) {
        events.pipeInput(null, TestEvents.bytes(id, type, twin, group));
    }

    @Test
    void routesEachMatchToItsEndpointTopicKeyedByTwinWithTheEventUnchanged() {
        routes.pipeInput("creates", TestEvents.route("eh", CREATE_FILTER));
        routes.pipeInput("group1", "{\"endpoint\":\"sb\",\"topic\":\"queue.1\",\"filter\":\"$body.group = 1\"}");
        byte[] e1 = TestEvents.bytes("e1", TestEvents.CREATE, "room-1", 1);
        events.pipeInput("input-key".getBytes(StandardCharsets.UTF_8), e1);
        send("e2", TestEvents.UPDATE, "room-2", 1);
        send("e3", TestEvents.UPDATE, "room-3", 2);

        List<TestRecord<byte[], byte[]>> eh = out("eh");
        assertEquals(1, eh.size());
        assertArrayEquals(e1, eh.get(0).value());
        assertEquals("room-1", new String(eh.get(0).key(), StandardCharsets.UTF_8));
        assertEquals("creates", header(eh.get(0).headers(), RoutingTopology.ROUTE_HEADER));
        assertEquals("eh", header(eh.get(0).headers(), RoutingTopology.ENDPOINT_HEADER));
        assertNull(header(eh.get(0).headers(), RoutingTopology.TOPIC_HEADER));
        assertEquals("application/cloudevents+json; charset=UTF-8", header(eh.get(0).headers(), "content-type"));

        List<TestRecord<byte[], byte[]>> sb = out("sb");
        assertEquals(List.of("room-1", "room-2"), sb.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList());
        assertEquals("queue.1", header(sb.get(1).headers(), RoutingTopology.TOPIC_HEADER));
        assertEquals("group1", header(sb.get(1).headers(), RoutingTopology.ROUTE_HEADER));
        assertEquals(3, topology.stats().events());
        assertEquals(3, topology.stats().routed());
        assertEquals(1, topology.stats().unmatched());
    }

    @Test
    void twoRoutesToOneEndpointDeliverTwiceAndCesqlRoutesWork() {
        routes.pipeInput("a", TestEvents.route("eh", CREATE_FILTER));
        routes.pipeInput("b", "{\"endpoint\":\"eh\",\"dialect\":\"cesql\",\"filter\":\"subject LIKE 'room-%'\"}");
        send("e1", TestEvents.CREATE, "room-1", 0);
        send("e2", TestEvents.UPDATE, "hall-2", 0);
        List<TestRecord<byte[], byte[]>> eh = out("eh");
        assertEquals(List.of("a", "b"), eh.stream().map(r -> header(r.headers(), RoutingTopology.ROUTE_HEADER)).toList());
    }

    @Test
    void routesCanBeAddedReplacedAndDeletedWhileEventsFlow() {
        send("e0", TestEvents.CREATE, "t", 0);
        assertTrue(out("eh").isEmpty(), "no route yet");

        routes.pipeInput("r", TestEvents.route("eh", CREATE_FILTER));
        send("e1", TestEvents.CREATE, "t", 0);
        send("e2", TestEvents.UPDATE, "t", 0);
        assertEquals(List.of("e1"), outIds("eh"));

        routes.pipeInput("r", TestEvents.route("eh", "type = 'Microsoft.DigitalTwins.Twin.Update'"));
        send("e3", TestEvents.CREATE, "t", 0);
        send("e4", TestEvents.UPDATE, "t", 0);
        assertEquals(List.of("e4"), outIds("eh"));

        routes.pipeInput("r", TestEvents.route("sb", "type = 'Microsoft.DigitalTwins.Twin.Update'"));
        send("e5", TestEvents.UPDATE, "t", 0);
        assertEquals(List.of(), outIds("eh"));
        assertEquals(List.of("e5"), outIds("sb"));

        routes.pipeInput("r", (String) null);
        send("e6", TestEvents.UPDATE, "t", 0);
        assertEquals(List.of(), outIds("sb"));
        assertEquals(0, topology.routes().size());
        assertNull(driver.getKeyValueStore(RoutingTopology.ROUTES_STORE).get("r"));

        routes.pipeInput("missing", (String) null);
        routes.pipeInput("r2", TestEvents.route("eh", "$body.group = 7"));
        send("e7", TestEvents.UPDATE, "t", 7);
        assertEquals(List.of("e7"), outIds("eh"));
        assertEquals(1, topology.routes().size());
        assertTrue(routeErrorsQuietly().isEmpty(), "a tombstone for an unknown route is not an error");
    }

    private List<JsonNode> routeErrorsQuietly() {
        try {
            return routeErrors();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBadRouteIsSkippedReportedAndThePreviousVersionStays() throws Exception {
        routes.pipeInput("r", TestEvents.route("eh", CREATE_FILTER));
        routes.pipeInput("r", TestEvents.route("eh", "type = "));
        routes.pipeInput("new", TestEvents.route("eh", "$body.group = 'x' AND"));
        routes.pipeInput("typed", TestEvents.route("eh", "type = 5"));
        routes.pipeInput("notjson", "{\"endpoint\": ");
        routes.pipeInput("badname", TestEvents.route("bad/name", CREATE_FILTER));
        routes.pipeInput("extra", "{\"endpoint\":\"eh\",\"filter\":\"true\",\"endpointName\":\"x\"}");
        routes.pipeInput("dialect", "{\"endpoint\":\"eh\",\"filter\":\"true\",\"dialect\":\"sql\"}");
        routes.pipeInput(null, TestEvents.route("eh", CREATE_FILTER));

        // Reported without any event flowing: the router's punctuation writes them out.
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        List<JsonNode> errors = routeErrors();
        assertEquals(8, errors.size(), errors.toString());
        Map<String, JsonNode> byRoute = new HashMap<>();
        errors.forEach(e -> byRoute.put(e.get("route").isNull() ? "(none)" : e.get("route").asText(), e));

        JsonNode r = byRoute.get("r");
        assertTrue(r.get("previousKept").asBoolean());
        assertEquals("the filter has errors", r.get("problem").asText());
        assertEquals("E1001", r.get("diagnostics").get(0).get("code").asText());
        assertEquals("type = ", r.get("filter").asText());
        assertEquals("routes-0@1", r.get("source").asText());
        assertFalse(byRoute.get("new").get("previousKept").asBoolean());
        assertEquals("E3002", byRoute.get("typed").get("diagnostics").get(0).get("code").asText());
        assertEquals("type", byRoute.get("typed").get("diagnostics").get(0).get("kind").asText());
        assertTrue(byRoute.get("notjson").get("problem").asText().startsWith("the value is not JSON"));
        assertTrue(byRoute.get("badname").get("problem").asText().startsWith("invalid endpoint name 'bad/name'"));
        assertTrue(byRoute.get("extra").get("problem").asText().contains("unknown member 'endpointName'"));
        assertTrue(byRoute.get("dialect").get("problem").asText().contains("unknown dialect 'sql'"));
        assertTrue(byRoute.get("(none)").get("problem").asText().contains("no key"));
        assertEquals(8, topology.stats().routeErrors());

        // The previous version of r still routes; nothing else was added.
        assertEquals(1, topology.routes().size());
        send("e1", TestEvents.CREATE, "t", 0);
        assertEquals(List.of("e1"), outIds("eh"));
        assertEquals(TestEvents.route("eh", CREATE_FILTER),
                new String(driver.<String, byte[]>getKeyValueStore(RoutingTopology.ROUTES_STORE).get("r"), StandardCharsets.UTF_8));
    }

    @Test
    void binaryModeEventsAreMatchedOnHeadersAndDataAndKeepTheirMode() {
        routes.pipeInput("r", TestEvents.route("eh", "type = 'Microsoft.DigitalTwins.Twin.Update' AND $body.group = 3 "
                + "AND STARTS_WITH(subject, 'room')"));
        byte[] data = "{\"group\":3}".getBytes(StandardCharsets.UTF_8);
        Headers h = new RecordHeaders();
        h.add("ce_specversion", bytes("1.0"));
        h.add("ce_id", bytes("b1"));
        h.add("ce_source", bytes("https://adt.example.com/"));
        h.add("ce_type", bytes(TestEvents.UPDATE));
        h.add("ce_subject", bytes("room-9"));
        h.add("content-type", bytes("application/json"));
        events.pipeInput(new TestRecord<>(null, data, h));
        Headers other = new RecordHeaders(h.toArray());
        other.remove("ce_subject").add("ce_subject", bytes("hall-1"));
        events.pipeInput(new TestRecord<>(null, data, other));

        List<TestRecord<byte[], byte[]>> eh = out("eh");
        assertEquals(1, eh.size());
        assertArrayEquals(data, eh.get(0).value());
        assertEquals("room-9", new String(eh.get(0).key(), StandardCharsets.UTF_8));
        assertEquals("b1", header(eh.get(0).headers(), "ce_id"));
        assertEquals("application/json", header(eh.get(0).headers(), "content-type"));
        assertEquals("r", header(eh.get(0).headers(), RoutingTopology.ROUTE_HEADER));
    }

    @Test
    void structuredEventsWithTheirContentTypeHeaderKeepIt() {
        routes.pipeInput("r", TestEvents.route("eh", CREATE_FILTER));
        Headers h = new RecordHeaders().add("content-type", bytes("application/cloudevents+json"));
        events.pipeInput(new TestRecord<>(null, TestEvents.bytes("s1", TestEvents.CREATE, "t", 0), h));
        List<TestRecord<byte[], byte[]>> eh = out("eh");
        assertEquals(1, eh.get(0).headers().toArray().length - 2, "content-type plus the route and endpoint headers");
        assertEquals("application/cloudevents+json", header(eh.get(0).headers(), "content-type"));
    }

    @Test
    void eventsThatAreNotCloudEventsAreSkippedCountedAndSetAside() {
        routes.pipeInput("all", TestEvents.route("eh", "true"));
        events.pipeInput(null, bytes("not json"));
        events.pipeInput(null, bytes("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\"}"));
        events.pipeInput(null, (byte[]) null);
        Headers binaryNoId = new RecordHeaders().add("ce_specversion", bytes("1.0")).add("ce_source", bytes("s"))
                .add("ce_type", bytes("t"));
        events.pipeInput(new TestRecord<>(null, bytes("{}"), binaryNoId));
        send("ok", TestEvents.CREATE, "t", 0);

        assertEquals(List.of("ok"), outIds("eh"));
        assertEquals(4, topology.stats().invalid());
        List<TestRecord<byte[], byte[]>> invalid = invalidEvents();
        assertEquals(4, invalid.size());
        assertEquals("not json", new String(invalid.get(0).value(), StandardCharsets.UTF_8));
        assertTrue(header(invalid.get(1).headers(), RoutingTopology.ERROR_HEADER).contains("'type' attribute"),
                header(invalid.get(1).headers(), RoutingTopology.ERROR_HEADER));
        assertTrue(header(invalid.get(3).headers(), RoutingTopology.ERROR_HEADER).contains("'id' attribute"));
    }

    /**
     * Route records past Jackson's limits (nesting, string and number length) and a filter far past the
     * compiler's: each is reported on route-errors, and nothing stops (from the global thread, a throw
     * would shut down every instance, as all of them read the same record).
     */
    @Test
    void hostileRouteRecordsAreReportedAndRoutingGoesOn() throws Exception {
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        routes.pipeInput("deep", "{\"endpoint\":\"eh\",\"filter\":\"true\",\"topic\":" + deep + "}");
        routes.pipeInput("huge", "{\"endpoint\":\"eh\",\"filter\":\"" + "x".repeat(30_000_000) + "\"}");
        routes.pipeInput("digits", "{\"endpoint\":\"eh\",\"filter\":\"true\",\"topic\":1" + "0".repeat(2_000) + "}");
        String longFilter = "type = '" + "t".repeat(50_000) + "'";
        routes.pipeInput("long", TestEvents.route("eh", longFilter));
        routes.pipeInput("good", TestEvents.route("eh", CREATE_FILTER));

        driver.advanceWallClockTime(Duration.ofSeconds(1));
        Map<String, JsonNode> byRoute = new HashMap<>();
        for (JsonNode e : routeErrors()) {
            byRoute.put(e.get("route").asText(), e);
        }
        assertEquals(List.of("deep", "digits", "huge", "long"), byRoute.keySet().stream().sorted().toList());
        assertTrue(byRoute.get("deep").get("problem").asText().startsWith("the value is not JSON: Document nesting depth"),
                byRoute.get("deep").toString());
        assertTrue(byRoute.get("huge").get("problem").asText().startsWith("the value is not JSON: String value length"),
                byRoute.get("huge").toString());
        assertTrue(byRoute.get("digits").get("problem").asText().startsWith("the value is not JSON: Number value length"),
                byRoute.get("digits").toString());
        assertEquals("the filter has errors", byRoute.get("long").get("problem").asText());
        // The report carries the start of the filter, not all of it: it must stay a record a producer sends.
        String reported = byRoute.get("long").get("filter").asText();
        assertTrue(reported.length() < 10_100 && reported.endsWith("(50009 characters in all)"), reported.length() + "");
        assertEquals(4, topology.stats().routeErrors());
        assertEquals(1, topology.routes().size());
        send("e1", TestEvents.CREATE, "t", 0);
        assertEquals(List.of("e1"), outIds("eh"));
    }

    /**
     * Events the scanner refuses, and an unexpected exception while routing one (injected): each goes to
     * invalid-events, and the next event is routed (thrown, it would fail the stream thread, and its
     * replacement would read the same record again, forever).
     */
    @Test
    void hostileEventsAndInternalErrorsSetTheEventAsideAndRoutingGoesOn() {
        driver.close();
        Properties wrapped = new Properties();
        wrapped.put(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, ThrowingHeaders.class.getName());
        start(wrapped);

        routes.pipeInput("all", TestEvents.route("eh", "$body.group = 1 OR type = 'Microsoft.DigitalTwins.Twin.Create'"));
        String head = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"type\":\"t\",\"data\":";
        events.pipeInput(null, bytes(head + "{\"group\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}}"));
        events.pipeInput(null, bytes(head + "{\"group\": \u00e9}}"));
        events.pipeInput(null, new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{'});
        events.pipeInput(bytes(ThrowingHeaders.KEY), TestEvents.bytes("boom", TestEvents.CREATE, "t", 0));
        send("ok", TestEvents.CREATE, "t", 0);

        assertEquals(List.of("ok"), outIds("eh"));
        assertEquals(4, topology.stats().invalid());
        List<TestRecord<byte[], byte[]>> invalid = invalidEvents();
        assertEquals(4, invalid.size());
        assertTrue(header(invalid.get(0).headers(), RoutingTopology.ERROR_HEADER).contains("nested more than"));
        assertEquals("internal error while routing the event (java.lang.IllegalStateException); please report it",
                header(invalid.get(3).headers(), RoutingTopology.ERROR_HEADER));
    }

    /** A few thousand events against fifty routes: the topology agrees with the library's route table. */
    @Test
    void manyEventsAgreeWithTheLibrarysRouteTable() {
        RouteTable<Void> reference = RouteTable.create();
        Map<String, String> endpointOf = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            String filter = i % 5 == 0 ? "$body.group IN (" + i + ", " + (i + 1) + ")"
                    : i % 5 == 1 ? "type = 'Microsoft.DigitalTwins.Twin.Update' AND $body.group > " + (i * 2)
                    : i % 5 == 2 ? "STARTS_WITH(subject, 'room-" + (i % 10) + "')"
                    : i % 5 == 3 ? "$body.$metadata.$model = 'dtmi:example:Room;1' AND $body.group % 7 = " + (i % 7)
                    : "NOT (type = 'Microsoft.DigitalTwins.Twin.Create') AND $body.group < " + i;
            String endpoint = "ep" + (i % 3);
            routes.pipeInput("r" + i, TestEvents.route(endpoint, filter));
            reference.put("r" + i, filter);
            endpointOf.put("r" + i, endpoint);
        }
        Map<String, List<String>> expected = new HashMap<>();
        for (int n = 0; n < 5_000; n++) {
            byte[] e = TestEvents.bytes("e" + n, n % 3 == 0 ? TestEvents.CREATE : TestEvents.UPDATE, "room-" + (n % 97), n % 101);
            events.pipeInput(null, e);
            for (String id : reference.match(e)) {
                expected.computeIfAbsent(endpointOf.get(id), k -> new ArrayList<>()).add("e" + n + "/" + id);
            }
        }
        long total = 0;
        for (int ep = 0; ep < 3; ep++) {
            List<String> got = new ArrayList<>();
            for (TestRecord<byte[], byte[]> r : out("ep" + ep)) {
                got.add(JsonEvent.parse(r.value()).attribute("id") + "/" + header(r.headers(), RoutingTopology.ROUTE_HEADER));
            }
            assertEquals(expected.getOrDefault("ep" + ep, List.of()), got, "endpoint ep" + ep);
            total += got.size();
        }
        assertTrue(total > 5_000, "the workload matches often: " + total);
        assertEquals(total, topology.stats().routed());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
