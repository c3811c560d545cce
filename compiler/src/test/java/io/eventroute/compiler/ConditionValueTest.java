package io.eventroute.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionValueTest {
    private static final EventView EVENT = EventView.of(Map.of("type", "Microsoft.DigitalTwins.Twin.Update",
            "subject", "room-1", "data", Map.of("temperature", 21)));

    @Test
    void everyConditionGetsItsOwnValueWithItsSpan() {
        String source = "type = 'Microsoft.DigitalTwins.Twin.Update' AND (subject = 'room-2' OR $body.missing > 3)";
        CompiledFilter f = FilterCompiler.builder().build().compile(source).orThrow();
        List<ConditionValue> c = f.conditions(EVENT);
        assertEquals(5, c.size(), c.toString());
        assertEquals(new ConditionValue(0, f.normalized(), 0, source.length(), null), c.get(0),
                "TRUE AND (FALSE OR undefined) is undefined");
        assertEquals(1, c.get(1).depth());
        assertEquals(Boolean.TRUE, c.get(1).value());
        assertEquals("type = 'Microsoft.DigitalTwins.Twin.Update'",
                source.substring(c.get(1).offset(), c.get(1).offset() + c.get(1).length()));
        assertEquals(null, c.get(2).value(), "the OR");
        assertEquals(2, c.get(3).depth());
        assertEquals(false, c.get(3).value(), "subject = 'room-2'");
        assertEquals(null, c.get(4).value(), "a missing data path is undefined");
        assertEquals("$body.missing", source.substring(c.get(4).offset(), c.get(4).offset() + 13));
    }

    @Test
    void theWholeFilterAgreesWithEvaluate() {
        for (String source : List.of("NOT (subject = 'room-1')", "$body.temperature > 20", "STARTS_WITH(subject, 'r')",
                "type IN ('a', 'b') OR subject LIKE 'room%'")) {
            CompiledFilter f = FilterCompiler.builder().build().compile(source).orThrow();
            assertEquals(f.evaluate(EVENT), f.conditions(EVENT).get(0).value(), source);
        }
    }

    @Test
    void aCesqlFilterHasNoBreakdown() {
        CompiledFilter f = FilterCompiler.builder().dialect(Dialect.CESQL).build().compile("subject = 'room-1'").orThrow();
        assertTrue(f.conditions(EVENT).isEmpty());
    }
}
