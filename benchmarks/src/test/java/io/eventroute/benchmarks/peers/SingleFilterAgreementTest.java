package io.eventroute.benchmarks.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.benchmarks.SampleEvents;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every library answers the typical filter as eventroute does, so their timings compare like with like. */
class SingleFilterAgreementTest {
    @Test
    void everyEngineGivesTheExpectedAnswerOnEachBenchmarkedEvent() {
        for (String event : new String[] {"twinUpdate", "telemetry"}) {
            SingleFilterBenchmark b = new SingleFilterBenchmark();
            b.event = event;
            b.setup();
            Map<String, Boolean> answers = b.answers();
            assertEquals(8, answers.size());
            boolean expected = event.equals("twinUpdate");
            answers.forEach((engine, answer) -> assertEquals(expected, answer, engine + " on " + event));
        }
    }

    @Test
    void theEnginesAgreeOnTheOtherSampleEventsToo() {
        // room-0 fails only the last condition, so it checks that every engine reads all three.
        Map<String, Boolean> expected = Map.of(SampleEvents.TWIN_UPDATE_ROOM_0, false, SampleEvents.TELEMETRY_HOT, false,
                SampleEvents.TWIN_UPDATE, true);
        for (Map.Entry<String, Boolean> e : expected.entrySet()) {
            Map<String, Object> map = SampleEvents.map(e.getKey());
            boolean want = e.getValue();
            assertEquals(want, Peers.eventroute().matches(SampleEvents.view(e.getKey())), "eventroute");
            assertEquals(want, Boolean.TRUE.equals(Peers.spelInterpreted().getValue(map, Boolean.class)), "SpEL");
            assertEquals(want, Boolean.TRUE.equals(Peers.spelCompiled(SampleEvents.map(SampleEvents.TWIN_UPDATE))
                    .getValue(map, Boolean.class)), "SpEL compiled");
            assertEquals(want, Peers.artemis(Peers.artemis(), Peers.artemisMessage(map)), "Artemis");
            assertEquals(want, Peers.cel(Peers.cel(), map), "CEL");
            assertEquals(want, Peers.jexl(Peers.jexl(), map), "JEXL");
            assertEquals(want, Peers.mvel(Peers.mvel(), map), "MVEL");
            assertEquals(want, Peers.lambda().test(map), "lambda");
        }
    }

    @Test
    void theArtemisMessageCarriesAttributesAndFlattenedDataMembers() {
        var message = Peers.artemisMessage(SampleEvents.map(SampleEvents.TWIN_UPDATE));
        assertEquals("room-21", message.getProperty(org.apache.activemq.artemis.api.core.SimpleString.of("subject")));
        assertEquals("dtmi:example:Room;1",
                message.getProperty(org.apache.activemq.artemis.api.core.SimpleString.of("data_modelId")));
    }

    @Test
    void anUnknownEventParameterIsRefusedByName() {
        SingleFilterBenchmark b = new SingleFilterBenchmark();
        b.event = "nope";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::setup);
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
}
