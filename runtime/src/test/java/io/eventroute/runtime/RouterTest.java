package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.FilterCompilationException;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.memory.MemoryEndpoint;
import io.eventroute.runtime.event.InvalidEventException;
import io.eventroute.runtime.event.JsonEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Router router = Router.builder().build();

    @AfterEach
    void close() {
        router.close(Duration.ofSeconds(5));
    }

    private MemoryEndpoint memory(String name) {
        router.putEndpoint(name, "memory", Map.of());
        return router.sender(name, MemoryEndpoint.class).orElseThrow();
    }

    @Test
    void deliversMatchingEventsUnchangedAndCountsThem() throws Exception {
        MemoryEndpoint mem = memory("mem");
        router.putRoute("updates", "mem", "type = 'Microsoft.DigitalTwins.Twin.Update'");
        byte[] update = Events.twinUpdate("e1", "room-1", 21.5);
        assertEquals(1, router.route(update));
        assertEquals(0, router.route(Events.telemetry("e2", "t-1", 3)));
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));

        List<OutgoingEvent> got = mem.events();
        assertEquals(1, got.size());
        assertArrayEquals(update, got.get(0).structuredJson());
        assertEquals("updates", got.get(0).routeId());
        assertEquals("e1", got.get(0).eventId());
        assertEquals("room-1", got.get(0).partitionKey());
        assertEquals("application/json", got.get(0).dataContentType());
        assertEquals("{\"modelId\":\"dtmi:example:Room;1\",\"patch\":[{\"value\":21.5,\"path\":\"/temperature\","
                + "\"op\":\"replace\"}]}", Events.text(got.get(0).data()));
        assertFalse(got.get(0).attributes().containsKey("datacontenttype"));
        assertEquals("room-1", got.get(0).attributes().get("subject"));

        RouterStats stats = router.stats();
        assertEquals(2, stats.events());
        assertEquals(1, stats.unmatched());
        assertEquals(new DeliveryCounts(1, 1, 0, 0, 0), stats.route("updates"));
        assertEquals(new DeliveryCounts(1, 1, 0, 0, 0), stats.endpoint("mem"));
        assertEquals(1, stats.latency().get("mem").count());
    }

    @Test
    void twoRoutesToOneEndpointDeliverTwice() throws Exception {
        MemoryEndpoint mem = memory("mem");
        router.putRoute("all", "mem", "true");
        router.putRoute(EventRoute.of("twins", "mem", "STARTS_WITH(type, 'Microsoft.DigitalTwins.Twin.')")
                .withTopic("hub-2"));
        assertEquals(2, router.route(Events.twinUpdate("e1", "room-1", 1)));
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        List<MemoryEndpoint.Delivery> got = mem.deliveries();
        assertEquals(2, got.size());
        assertEquals(List.of("all", "twins"), List.of(got.get(0).event().routeId(), got.get(1).event().routeId()));
        assertNull(got.get(0).entity());
        assertEquals("hub-2", got.get(1).entity());
        assertEquals(2, router.stats().endpoint("mem").delivered());
    }

    @Test
    void refusesARouteToAnUnknownEndpointAndChangesNothing() {
        memory("mem");
        router.putRoute("r1", "mem", "true");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> router.putRoute("r1", "nowhere", "false"));
        assertEquals("route 'r1' names endpoint 'nowhere', which is not registered (registered: mem)", e.getMessage());
        assertEquals(List.of(EventRoute.of("r1", "mem", "true")), router.routes());
        assertEquals(1, router.route(Events.twinUpdate("e1", "room-1", 1)));
    }

    @Test
    void putRoutesIsOnePutRouteEachAllOrNothing() throws Exception {
        MemoryEndpoint mem = memory("mem");
        router.putRoute("old", "mem", "subject = 'room-9'");
        List<EventRoute> batch = List.of(
                EventRoute.of("all", "mem", "true"),
                EventRoute.of("rooms", "mem", "STARTS_WITH(subject, 'room-')").withTopic("t"),
                EventRoute.of("also-all", "mem", "true"), // the same text as "all": one compiled filter for both
                EventRoute.of("old", "mem", "subject = 'room-1'")); // replaces "old", in its place
        List<CompileResult> results = router.putRoutes(batch);
        assertEquals(4, results.size());
        assertSame(results.get(0), results.get(2));
        assertEquals(List.of("old", "all", "rooms", "also-all"), router.routes().stream().map(EventRoute::id).toList());
        assertEquals(4, router.route(Events.twinUpdate("e1", "room-1", 1)));
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        assertEquals(List.of("old", "all", "rooms", "also-all"),
                mem.events().stream().map(OutgoingEvent::routeId).toList());
        assertEquals(1, router.stats().route("rooms").delivered());

        // One bad route refuses the whole change: neither its endpoint's nor its filter's problem leaves a trace.
        List<EventRoute> before = router.routes();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> router.putRoutes(List.of(
                EventRoute.of("new1", "mem", "true"), EventRoute.of("new2", "nowhere", "true"))));
        assertEquals("route 'new2' names endpoint 'nowhere', which is not registered (registered: mem)", unknown.getMessage());
        assertThrows(io.eventroute.compiler.FilterCompilationException.class, () -> router.putRoutes(List.of(
                EventRoute.of("new1", "mem", "true"), EventRoute.of("new3", "mem", "type = "))));
        assertEquals(before, router.routes());
        assertEquals(java.util.Set.of("old", "all", "rooms", "also-all"), router.stats().routes().keySet(),
                "no counters for a route that was not added");
    }

    @Test
    void putRoutesWithFiltersCompiledElsewhereFilesThemAndRefusesAMismatch() throws Exception {
        MemoryEndpoint mem = memory("mem");
        io.eventroute.compiler.FilterCompiler compiler = io.eventroute.compiler.FilterCompiler.builder().build();
        EventRoute rooms = EventRoute.of("rooms", "mem", "STARTS_WITH(subject, 'room-')");
        EventRoute none = EventRoute.of("none", "mem", "false");
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> router.putRoutes(
                List.of(rooms, none), List.of(compiler.compile("true").orThrow(), compiler.compile("false").orThrow())));
        assertTrue(other.getMessage().contains("'rooms'"), other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> router.putRoutes(List.of(rooms), List.of()));
        assertEquals(List.of(), router.routes());

        router.putRoutes(List.of(rooms, none), List.of(compiler.compile(rooms.filter()).orThrow(),
                compiler.compile(none.filter()).orThrow()));
        assertEquals(List.of(rooms, none), router.routes());
        assertEquals(1, router.route(Events.twinUpdate("e1", "room-1", 1)));
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        assertEquals(1, mem.events().size());
    }

    @Test
    void refusesABadFilterWithItsDiagnosticsAndChangesNothing() {
        memory("mem");
        router.putRoute("r1", "mem", "type = 'x'");
        FilterCompilationException e = assertThrows(FilterCompilationException.class,
                () -> router.putRoute("r1", "mem", "type = "));
        assertEquals(DiagnosticCode.SYNTAX, e.errors().get(0).code());
        assertEquals("type = 'x'", router.routes().get(0).filter());
        assertThrows(FilterCompilationException.class, () -> router.putRoute("r2", "mem", "type is 'x'"));
        assertEquals(1, router.routes().size());
    }

    @Test
    void returnsWarningsOfAnAcceptedFilter() {
        memory("mem");
        CompileResult r = router.putRoute("r1", "mem", "type = 'Microsoft.DigitalTwins.Twin.Updat'");
        assertFalse(r.hasErrors());
        assertFalse(r.warnings().isEmpty());
    }

    @Test
    void refusesBadEndpoints() {
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> router.putEndpoint("x", "kafka", Map.of()));
        assertEquals("endpoint 'x': unknown endpoint kind 'kafka' (known: eventgrid, eventhubs, file, memory, "
                + "servicebus, webhook)", kind.getMessage());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> router.putEndpoint("../etc", "memory", Map.of()));
        assertTrue(name.getMessage().startsWith("invalid endpoint name '../etc'"), name.getMessage());
        IllegalArgumentException setting = assertThrows(IllegalArgumentException.class,
                () -> router.putEndpoint("w", "webhook", Map.of("url", "http://127.0.0.1/x", "tiemout", "5s")));
        assertEquals("webhook endpoint 'w': setting 'tiemout' is not a setting of this kind; known: batch, "
                + "connectTimeout, header.<name>, maxBatchBytes, maxBatchCount, url", setting.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> router.putEndpoint("w", "webhook", Map.of()));
        assertEquals("webhook endpoint 'w': setting 'url' is required", missing.getMessage());
        assertTrue(router.endpoints().isEmpty());
    }

    @Test
    void kindsFoundByClassNameFailClearlyWhenAbsent() {
        EndpointKinds kinds = EndpointKinds.builder()
                .addByClassName("absent", "io.eventroute.nowhere.AbsentSender")
                .addByClassName("notasender", "java.lang.String")
                .build();
        try (Router r = Router.builder().endpointKinds(kinds).build()) {
            assertEquals("endpoint 'a': the endpoint kind 'absent' is not available: io.eventroute.nowhere.AbsentSender "
                    + "(or a library it needs) is not on the class path", assertThrows(IllegalArgumentException.class,
                            () -> r.putEndpoint("a", "absent", Map.of())).getMessage());
            assertEquals("endpoint 'b': java.lang.String has no public static create(String, Map) method",
                    assertThrows(IllegalArgumentException.class, () -> r.putEndpoint("b", "notasender", Map.of()))
                            .getMessage());
        }
    }

    @Test
    void secretsInSettingsAppearNowhere() {
        String secret = "sig=SECRET-KEY-123";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> router.putEndpoint("w",
                "webhook", Map.of("url", "ftp://host/x?" + secret, "header.Authorization", "Bearer " + secret)));
        assertFalse(e.getMessage().contains(secret), e.getMessage());
        router.putEndpoint("w", "webhook", Map.of("url", "http://127.0.0.1:9/x?" + secret,
                "header.Authorization", "Bearer " + secret));
        assertFalse(router.endpoints().toString().contains(secret));
        assertFalse(router.stats().toString().contains(secret));
    }

    @Test
    void anEndpointInUseCannotBeRemoved() {
        memory("mem");
        router.putRoute("r1", "mem", "true");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> router.removeEndpoint("mem"));
        assertEquals("endpoint 'mem' is used by route(s) r1; remove them or point them elsewhere first",
                e.getMessage());
        assertTrue(router.removeRoute("r1"));
        assertFalse(router.removeRoute("r1"));
        assertTrue(router.removeEndpoint("mem"));
        assertFalse(router.removeEndpoint("mem"));
        assertTrue(router.endpoints().isEmpty());
    }

    @Test
    void rejectsEventsThatAreNotCloudEvents() {
        memory("mem");
        router.putRoute("r1", "mem", "true");
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> router.route("{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\"}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals("the event has no 'id' attribute, which every CloudEvent needs", e.getMessage());
        assertThrows(InvalidEventException.class, () -> router.route("[1]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, router.stats().rejected());
        assertEquals(0, router.stats().events());
    }

    @Test
    void routesAnEventViewWithItsBytes() throws Exception {
        MemoryEndpoint mem = memory("mem");
        router.putRoute("r1", "mem", "$body.Temperature > 5");
        byte[] json = Events.telemetry("t1", "thermostat-7", 10);
        assertEquals(1, router.route(JsonEvent.parse(json), json));
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        assertEquals("thermostat-7", mem.events().get(0).partitionKey());
        assertEquals("{\"Temperature\":10}", Events.text(mem.events().get(0).data()));
    }

    @Test
    void routesACloudEventsSdkEvent() throws Exception {
        MemoryEndpoint mem = memory("mem");
        router.putRoute("r1", "mem", "type = 'microsoft.iot.telemetry' AND $body.Temperature = 10 AND "
                + "subject = 'component1'");
        CloudEvent ce = CloudEventBuilder.v1()
                .withId("sdk-1")
                .withType("microsoft.iot.telemetry")
                .withSource(URI.create("contoso.api.wus2.digitaltwins.azure.net/digitaltwins/thermostat-7"))
                .withSubject("component1")
                .withTime(OffsetDateTime.parse("2021-12-09T20:28:52.6745538Z"))
                .withExtension("traceparent", "00-2aa957558db348f387ef704b37631a1d-96f834571bf4fe45-01")
                .withData("application/json", "{\"Temperature\": 10}".getBytes(StandardCharsets.UTF_8))
                .build();
        assertEquals(1, router.route(ce));
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        OutgoingEvent got = mem.events().get(0);
        JsonEvent back = JsonEvent.parse(got.structuredJson()).requireCloudEvent();
        assertEquals("1.0", back.attribute("specversion"));
        assertEquals("2021-12-09T20:28:52.6745538Z", back.attribute("time"));
        assertEquals("00-2aa957558db348f387ef704b37631a1d-96f834571bf4fe45-01", back.attribute("traceparent"));
        assertEquals(Map.of("Temperature", 10L), back.data());
        assertEquals("thermostat-7", got.partitionKey());
        assertEquals("{\"Temperature\": 10}", Events.text(got.data()));
    }

    @Test
    void aCloudEventsSdkEventWithBinaryDataTravelsAsBase64() throws Exception {
        MemoryEndpoint mem = memory("mem");
        router.putRoute("r1", "mem", "true");
        CloudEvent ce = CloudEventBuilder.v1().withId("b1").withType("t").withSource(URI.create("s"))
                .withData("application/octet-stream", new byte[] {0, 1, (byte) 0xff}).build();
        router.route(ce);
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        OutgoingEvent got = mem.events().get(0);
        assertTrue(Events.text(got.structuredJson()).contains("\"data_base64\":\"AAH/\""));
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, got.data());
    }

    @Test
    void routesChangeWhileEventsFlowAndEveryMatchIsAccountedFor() throws Exception {
        MemoryEndpoint mem = memory("mem");
        memory("other");
        router.putRoute("stable", "mem", "true");
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> errors = new ArrayList<>();
        Thread changer = new Thread(() -> {
            try {
                for (int i = 0; !stop.get(); i++) {
                    router.putRoute("flip", i % 2 == 0 ? "mem" : "other", "subject = 'room-" + (i % 3) + "'");
                    router.removeRoute("flip");
                }
            } catch (Throwable t) {
                synchronized (errors) {
                    errors.add(t);
                }
            }
        });
        changer.start();
        int matches = 0;
        for (int i = 0; i < 5000; i++) {
            matches += router.route(Events.twinUpdate("e" + i, "room-" + (i % 3), i));
        }
        stop.set(true);
        changer.join();
        assertTrue(errors.isEmpty(), errors.toString());
        assertTrue(router.awaitIdle(Duration.ofSeconds(10)));
        RouterStats stats = router.stats();
        assertEquals(5000, stats.route("stable").delivered());
        assertEquals(matches, stats.endpoint("mem").delivered() + stats.endpoint("other").delivered());
        assertFalse(stats.routes().containsKey("flip"), "a removed route's counters are dropped");
        List<String> stableIds = new ArrayList<>();
        for (OutgoingEvent e : mem.events()) {
            if (e.routeId().equals("stable")) {
                stableIds.add(e.eventId());
            }
        }
        for (int i = 0; i < 5000; i++) {
            assertEquals("e" + i, stableIds.get(i));
        }
    }

    @Test
    void replacingAnEndpointKeepsEveryEvent() throws Exception {
        MemoryEndpoint first = memory("mem");
        router.putRoute("r", "mem", "true");
        for (int i = 0; i < 100; i++) {
            router.route(Events.twinUpdate("a" + i, "room-1", i));
        }
        MemoryEndpoint second = memory("mem");
        for (int i = 0; i < 100; i++) {
            router.route(Events.twinUpdate("b" + i, "room-1", i));
        }
        assertTrue(router.awaitIdle(Duration.ofSeconds(5)));
        assertEquals(100, first.size());
        assertEquals(100, second.size());
        assertEquals(new DeliveryCounts(200, 200, 0, 0, 0), router.stats().endpoint("mem"));
    }

    @Test
    void aClosedRouterRefusesWork() {
        memory("mem");
        assertTrue(router.close(Duration.ofSeconds(1)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> router.route(Events.twinUpdate("e", "t", 1)));
        assertEquals("the router is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> router.putEndpoint("m2", "memory", Map.of()));
    }
}
