package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.FilterCompilationException;
import io.eventroute.compiler.ModelSet;
import io.eventroute.runtime.event.InvalidEventException;
import io.eventroute.runtime.event.JsonEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static final String UPDATE = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"s\","
            + "\"type\":\"Microsoft.DigitalTwins.Twin.Update\",\"subject\":\"room-21\","
            + "\"data\":{\"modelId\":\"dtmi:example:Room;1\",\"patch\":[{\"value\":22.5,\"path\":\"/temperature\",\"op\":\"replace\"}],"
            + "\"big\":{\"unused\":[1,2,{\"deep\":true}]}}}";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void matchesJsonBytesReadingOnlyWhatRoutesUse() {
        RouteTable<Void> table = RouteTable.create();
        table.put("updates", "type = 'Microsoft.DigitalTwins.Twin.Update'");
        table.put("rooms", "IS_OF_MODEL('dtmi:example:Room') AND subject = 'room-21'");
        table.put("hot", "ANY($body.patch, @.path = '/temperature' AND @.value > 22)");
        table.put("cold", "$body.patch[0].value < 0");
        table.put("everything", "true");
        assertEquals(List.of("updates", "rooms", "hot", "everything"), table.match(bytes(UPDATE)));
        assertEquals(table.index().matchEach(JsonEvent.parse(UPDATE)), table.match(bytes(UPDATE)));
    }

    @Test
    void cesqlRoutesMatchFromBytesToo() {
        RouteTable<Void> table = RouteTable.create();
        table.put("adt", "subject = 'room-21'");
        table.put("sql", io.eventroute.compiler.FilterCompiler.builder().dialect(io.eventroute.compiler.Dialect.CESQL)
                .build().compile("SUBJECT LIKE 'room-%' AND type = 'Microsoft.DigitalTwins.Twin.Update'").orThrow());
        assertEquals(List.of("adt", "sql"), table.match(bytes(UPDATE)));
    }

    @Test
    void payloadsComeBackInTheOrderRoutesWereAddedWhateverTheirDialect() {
        RouteTable<String> table = RouteTable.withPayloads(io.eventroute.compiler.FilterCompiler.builder().build(), java.util.Set.of());
        table.put("a", table.compile(io.eventroute.compiler.Dialect.ADT, "subject = 'room-21'").orThrow(), "A");
        table.put("b", table.compile(io.eventroute.compiler.Dialect.CESQL, "subject LIKE 'room-%'").orThrow(), "B");
        table.put("c", table.compile(io.eventroute.compiler.Dialect.ADT, "type = 'Microsoft.DigitalTwins.Twin.Update'")
                .orThrow(), "C");
        RouteTable.Snapshot<String> s = table.snapshot();
        assertEquals(List.of("A", "B", "C"), s.matchPayloads(s.read(bytes(UPDATE))));
        // Replacing keeps the place, also when the dialect changes; the snapshot taken before stays as it was.
        table.put("a", table.compile(io.eventroute.compiler.Dialect.CESQL, "subject = 'room-21'").orThrow(), "A2");
        RouteTable.Snapshot<String> t = table.snapshot();
        assertEquals(List.of("A2", "B", "C"), t.matchPayloads(t.read(bytes(UPDATE))));
        assertEquals(List.of("A", "B", "C"), s.payloads());
        assertTrue(table.remove("b"));
        assertEquals(List.of("A2", "C"), table.snapshot().payloads());
        assertEquals("C", table.payload("c").orElseThrow());
        assertTrue(table.payload("b").isEmpty() && table.filter("b").isEmpty(), "a removed route is absent, not null");
    }

    @Test
    void aBadFilterIsRefusedWithItsDiagnosticsAndChangesNothing() {
        RouteTable<Void> table = RouteTable.create();
        table.put("a", "subject = 'room-21'");
        FilterCompilationException e = assertThrows(FilterCompilationException.class, () -> table.put("a", "subject = "));
        assertEquals(DiagnosticCode.SYNTAX, e.errors().get(0).code());
        assertEquals(1, table.size());
        assertEquals(List.of("a"), table.match(bytes(UPDATE)));
    }

    @Test
    void replacingKeepsTheOrderAndRemovingForgets() {
        RouteTable<Void> table = RouteTable.create();
        table.put("first", "true");
        table.put("second", "true");
        table.put("first", "subject = 'room-21'");
        assertEquals(List.of("first", "second"), table.match(bytes(UPDATE)));
        assertTrue(table.remove("first"));
        assertFalse(table.remove("first"));
        assertEquals(List.of("second"), table.match(bytes(UPDATE)));
    }

    @Test
    void putAllFilesLikeOnePutEachAndPublishesOnce() {
        // Past Index.SPARSE_FROM routes, so that the refiling a growing table does happens within one putAll.
        String[] types = {"Microsoft.DigitalTwins.Twin.Update", "Microsoft.DigitalTwins.Twin.Create", "microsoft.iot.telemetry"};
        Random random = new Random(17);
        java.util.Map<String, io.eventroute.compiler.CompiledFilter> routes = new java.util.LinkedHashMap<>();
        RouteTable<String> oneByOne = RouteTable.withPayloads(io.eventroute.compiler.FilterCompiler.builder().build(), java.util.Set.of());
        oneByOne.put("kept", "subject = 'room-21'");
        oneByOne.put("replaced", oneByOne.compile(io.eventroute.compiler.Dialect.ADT, "subject = 'room-22'").orThrow(), "payload");
        for (int i = 0; i < 5000; i++) {
            String filter = switch (random.nextInt(4)) {
                case 0 -> "type = '" + types[random.nextInt(3)] + "' AND subject = 'room-" + random.nextInt(300) + "'";
                case 1 -> "subject = 'room-" + random.nextInt(300) + "' AND $body.patch[0].value > " + random.nextInt(40);
                case 2 -> "STARTS_WITH(subject, 'room-" + random.nextInt(30) + "') OR type = '" + types[random.nextInt(3)] + "'";
                default -> "$body.modelId = 'dtmi:example:Room;" + random.nextInt(5) + "'";
            };
            routes.put("r" + i, oneByOne.compile(io.eventroute.compiler.Dialect.ADT, filter).orThrow());
        }
        routes.put("replaced", oneByOne.compile(io.eventroute.compiler.Dialect.ADT, "subject = 'room-21'").orThrow());
        RouteTable<String> bulk = RouteTable.withPayloads(io.eventroute.compiler.FilterCompiler.builder().build(), java.util.Set.of());
        bulk.put("kept", "subject = 'room-21'");
        bulk.put("replaced", bulk.compile(io.eventroute.compiler.Dialect.ADT, "subject = 'room-22'").orThrow(), "payload");
        RouteTable.Snapshot<String> before = bulk.snapshot();
        routes.forEach(oneByOne::put);
        bulk.putAll(routes);

        assertEquals(oneByOne.ids(), bulk.ids());
        assertEquals("replaced", bulk.ids().get(1)); // replacing keeps the place
        assertEquals(java.util.Optional.empty(), bulk.payload("replaced")); // and, as put does, drops the payload
        assertEquals(oneByOne.index().describe(), bulk.index().describe());
        assertEquals(2, before.size()); // the snapshot taken before is untouched
        for (int i = 0; i < 50; i++) {
            String event = UPDATE.replace("room-21", "room-" + random.nextInt(300)).replace("22.5", String.valueOf(random.nextInt(40)))
                    .replace("Room;1", "Room;" + random.nextInt(5));
            List<String> expected = oneByOne.match(bytes(event));
            assertEquals(expected, bulk.match(bytes(event)), event);
            assertEquals(bulk.index().matchEach(JsonEvent.parse(event)), expected, event);
        }
    }

    @Test
    void putAllWithANullFilterChangesNothing() {
        RouteTable<Void> table = RouteTable.create();
        table.put("a", "subject = 'room-21'");
        java.util.Map<String, io.eventroute.compiler.CompiledFilter> routes = new java.util.LinkedHashMap<>();
        routes.put("b", table.compile(io.eventroute.compiler.Dialect.ADT, "subject = 'room-22'").orThrow());
        routes.put("c", null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> table.putAll(routes));
        assertEquals("filter of route 'c'", e.getMessage());
        assertEquals(List.of("a"), table.ids());
    }

    @Test
    void badJsonIsReportedWithItsPosition() {
        RouteTable<Void> table = RouteTable.create();
        table.put("a", "type = 'x'");
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> table.match(bytes("{\"type\": tru}")));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertThrows(InvalidEventException.class, () -> table.match(bytes("[1, 2]")));
    }

    /**
     * Readers match while a writer keeps replacing a route whose filter is filed under different fields
     * in each version and churns other routes: the route matches the event in every version, so a
     * reader that ever misses it saw a half-built table.
     */
    @Test
    void matchingThreadsNeverSeeAHalfBuiltTable() throws Exception {
        long seed = Seeds.announce("RouteTableTest.matchingThreadsNeverSeeAHalfBuiltTable");
        Random random = new Random(seed);
        RouteTable<Void> table = RouteTable.create();
        String[] versions = {
            "subject = 'room-21' OR source = 'nowhere'",
            "type = 'Microsoft.DigitalTwins.Twin.Update' AND STARTS_WITH(subject, 'room')",
            "IS_OF_MODEL('dtmi:example:Room;1') OR $body.modelId = 'x'",
            "ANY($body.patch, @.op = 'replace')",
        };
        table.put("steady", versions[0]);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong matches = new AtomicLong();
        byte[] event = bytes(UPDATE);
        List<Thread> readers = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(3);
        for (int t = 0; t < 3; t++) {
            Thread reader = new Thread(() -> {
                started.countDown();
                while (!stop.get()) {
                    List<String> ids = table.match(event);
                    if (!ids.contains("steady")) {
                        failure.compareAndSet(null, "missed the steady route: " + ids);
                    }
                    matches.incrementAndGet();
                }
            });
            reader.start();
            readers.add(reader);
        }
        started.await();
        for (int i = 0; i < 20_000 && failure.get() == null; i++) {
            table.put("steady", versions[random.nextInt(versions.length)]);
            String other = "r" + random.nextInt(200);
            if (random.nextBoolean()) {
                table.put(other, random.nextBoolean() ? "subject = 'room-" + random.nextInt(50) + "'" : "type = 'x" + random.nextInt(9) + "'");
            } else {
                table.remove(other);
            }
        }
        stop.set(true);
        for (Thread r : readers) {
            r.join();
        }
        assertEquals(null, failure.get(), "seed " + seed);
        assertTrue(matches.get() > 0);
    }

    /**
     * Model changes are published like route changes: 50 routes follow inheritance and 50 read $model,
     * and a writer adds and deletes the model that makes the event's model a Space. Each match sees
     * either none or all of the inheriting routes, never some.
     */
    @Test
    void aModelChangeIsSeenWholeByEveryMatch() throws Exception {
        RouteTable<Void> table = RouteTable.create();
        ModelSet without = ModelSet.empty().with(java.util.Map.of("dtmi:h:Space;1", List.of()));
        ModelSet with = without.with(java.util.Map.of("dtmi:h:Room;1", List.of("dtmi:h:Space;1")));
        for (int i = 0; i < 50; i++) {
            table.put("space-" + i, "IS_OF_MODEL('dtmi:h:Space') AND source = 's'");
            table.put("room-" + i, "$model = 'dtmi:h:Room;1'");
        }
        byte[] event = bytes("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\","
                + "\"type\":\"Microsoft.DigitalTwins.Twin.Update\",\"data\":{\"modelId\":\"dtmi:h:Room;1\"}}");
        assertEquals(50, table.match(event).size());
        table.models(with);
        assertEquals(100, table.match(event).size());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(2);
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread reader = new Thread(() -> {
                started.countDown();
                while (!stop.get()) {
                    int n = table.match(event).size();
                    if (n != 50 && n != 100) {
                        failure.compareAndSet(null, n + " matches: a half-applied model change");
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        started.await();
        for (int i = 0; i < 500 && failure.get() == null; i++) {
            table.models(i % 2 == 0 ? without : with);
        }
        stop.set(true);
        for (Thread r : readers) {
            r.join();
        }
        assertEquals(null, failure.get());
        assertEquals(with, table.models());
        assertEquals(100, table.match(event).size());
    }
}
