package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.EventView;
import io.eventroute.compiler.ModelSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The twin -> model map: what it learns, what it forgets, and $model / IS_OF_MODEL on events that carry no model. */
class TwinModelsTest {
    @TempDir
    Path dir;

    private static byte[] event(String type, String subject, String data) {
        return ("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"adt\",\"type\":\"Microsoft.DigitalTwins." + type
                + "\",\"subject\":\"" + subject + "\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    }

    // As ADT sends it: the twin at the end of source, the component (which names no twin) as subject.
    private static byte[] telemetry(String twin) {
        return ("{\"specversion\":\"1.0\",\"id\":\"t\",\"source\":\"adt.example/digitaltwins/" + twin + "\","
                + "\"type\":\"microsoft.iot.telemetry\",\"subject\":\"thermostat1\",\"data\":{\"temperature\":21}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theLeastRecentlyUsedTwinLeavesFirst() {
        TwinModels twins = new TwinModels(2);
        twins.put("a", "m:A;1");
        twins.put("b", "m:B;1");
        assertEquals("m:A;1", twins.modelOf("a"));
        twins.put("c", "m:C;1");
        assertNull(twins.modelOf("b"), "b was used least recently");
        assertEquals("m:A;1", twins.modelOf("a"));
        assertEquals(2, twins.size());
        assertThrows(IllegalArgumentException.class, () -> new TwinModels(0));
    }

    @Test
    void relationshipsAndTelemetryGetTheirTwinsModel() {
        TwinModels twins = new TwinModels(100);
        try (Router router = Router.builder().twinModels(twins).build()) {
            router.putEndpoint("out", "memory", Map.of());
            router.models(ModelSet.empty().with(Map.of("dtmi:x:Space;1", List.of()))
                    .with(Map.of("dtmi:x:Room;1", List.of("dtmi:x:Space;1"))));
            // Learned while no route reads $model: the map reads what it needs from every event.
            router.route(event("Twin.Create", "lab-1", "{\"$dtId\":\"lab-1\",\"$metadata\":{\"$model\":\"dtmi:x:Lab;1\"}}"));
            assertEquals("dtmi:x:Lab;1", twins.modelOf("lab-1"));
            router.putRoute("spaces", "out", "IS_OF_MODEL('dtmi:x:Space') AND type != 'Microsoft.DigitalTwins.Twin.Create'");
            router.putRoute("rooms", "out", "$model = 'dtmi:x:Room;1' AND type = 'microsoft.iot.telemetry'");
            byte[] relationship = event("Relationship.Create", "room-1/relationships/r1",
                    "{\"$relationshipId\":\"r1\",\"$sourceId\":\"room-1\",\"$targetId\":\"floor-1\"}");
            assertEquals(0, router.route(relationship), "an unknown twin: $model is absent");
            assertEquals(0, router.route(telemetry("room-1")));

            router.route(event("Twin.Create", "room-1", "{\"$dtId\":\"room-1\",\"$metadata\":{\"$model\":\"dtmi:x:Room;1\"}}"));
            assertEquals("dtmi:x:Room;1", twins.modelOf("room-1"));
            assertEquals(1, router.route(relationship), "the source twin's model, and Room extends Space");
            assertEquals(2, router.route(telemetry("room-1")));
            byte[] withSchema = ("{\"specversion\":\"1.0\",\"id\":\"t\",\"source\":\"adt\",\"type\":\"microsoft.iot.telemetry\","
                    + "\"subject\":\"room-1\",\"dataschema\":\"dtmi:x:Other;1\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
            assertEquals(0, router.route(withSchema), "an event's own model comes first");

            router.route(event("Twin.Update", "room-1", "{\"modelId\":\"dtmi:x:Space;1\",\"patch\":[]}"));
            assertEquals("dtmi:x:Space;1", twins.modelOf("room-1"));
            assertEquals(1, router.route(telemetry("room-1")), "a Space, not a Room any more");

            router.route(event("Twin.Delete", "room-1", "{\"$dtId\":\"room-1\",\"$metadata\":{\"$model\":\"dtmi:x:Space;1\"}}"));
            assertNull(twins.modelOf("room-1"));
            assertEquals(0, router.route(relationship));
        }
    }

    @Test
    void withoutAMapNothingChanges() {
        try (Router router = Router.builder().build()) {
            router.putEndpoint("out", "memory", Map.of());
            router.putRoute("any", "out", "$model IS NOT NULL");
            router.route(event("Twin.Create", "room-1", "{\"$dtId\":\"room-1\",\"$metadata\":{\"$model\":\"dtmi:x:Room;1\"}}"));
            assertEquals(0, router.route(telemetry("room-1")));
        }
    }

    @Test
    void aSeedFileIsAJsonObjectOfTwinIdToModelId() throws IOException {
        Path seed = Files.writeString(dir.resolve("twins.json"), "{\"room-1\": \"dtmi:x:Room;1\", \"floor-1\": \"dtmi:x:Floor;1\"}");
        TwinModels twins = TwinModels.seeded(10, seed);
        assertEquals("dtmi:x:Floor;1", twins.modelOf("floor-1"));
        EventView rel = io.eventroute.runtime.event.JsonEvent.parse(new String(event("Relationship.Delete",
                "floor-1/relationships/r9", "{}"), StandardCharsets.UTF_8));
        assertEquals("dtmi:x:Floor;1", twins.view(rel).modelOfTwin(), "the twin from subject when there is no $sourceId");

        Path notJson = Files.writeString(dir.resolve("bad.json"), "{\"room-1\": ");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TwinModels.seeded(10, notJson)).getMessage()
                .contains("is not JSON"));
        Path array = Files.writeString(dir.resolve("array.json"), "[]");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TwinModels.seeded(10, array)).getMessage()
                .contains("must be a JSON object"));
        Path number = Files.writeString(dir.resolve("number.json"), "{\"room-1\": 5}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TwinModels.seeded(10, number)).getMessage()
                .contains("twin 'room-1' has no model id"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TwinModels.seeded(10, dir.resolve("none.json")))
                .getMessage().contains("cannot read"));
    }

    @Test
    void aRequestsLaterEventsSeeWhatItsEarlierOnesTaughtAndARefusedRequestTeachesNothing() throws Exception {
        TwinModels twins = new TwinModels(100);
        try (Router router = Router.builder().twinModels(twins).build()) {
            router.putEndpoint("out", "memory", Map.of());
            router.putRoute("rooms", "out", "$model = 'dtmi:x:Room;1' AND type = 'microsoft.iot.telemetry'");
            byte[] created = event("Twin.Create", "room-1", "{\"$dtId\":\"room-1\",\"$metadata\":{\"$model\":\"dtmi:x:Room;1\"}}");
            DeliveryOutcome outcome = router.routeTracked(List.of(created, telemetry("room-1")))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(1, outcome.matched(), "the telemetry after the twin's creation in the same request has its model");
            assertEquals("dtmi:x:Room;1", twins.modelOf("room-1"));

            byte[] other = event("Twin.Create", "room-2", "{\"$dtId\":\"room-2\",\"$metadata\":{\"$model\":\"dtmi:x:Room;1\"}}");
            byte[] deleted = event("Twin.Delete", "room-1", "{\"$dtId\":\"room-1\"}");
            byte[] bad = "{\"specversion\":\"1.0\",\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
            assertThrows(io.eventroute.runtime.event.InvalidEventException.class,
                    () -> router.routeTracked(List.of(other, deleted, bad)));
            assertNull(twins.modelOf("room-2"), "a refused request taught nothing");
            assertEquals("dtmi:x:Room;1", twins.modelOf("room-1"), "nor made the map forget");
        }
    }
}
