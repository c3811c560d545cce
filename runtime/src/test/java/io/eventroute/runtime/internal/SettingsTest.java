package io.eventroute.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventroute.runtime.LatencyHistogram;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void readsDurationsNumbersAndFlags() {
        Settings s = new Settings("e", Map.of("a", "500ms", "b", "PT2S", "c", "3m", "n", "12", "f", "TRUE"));
        assertEquals(Duration.ofMillis(500), s.duration("a", null));
        assertEquals(Duration.ofSeconds(2), s.duration("b", null));
        assertEquals(Duration.ofMinutes(3), s.duration("c", null));
        assertEquals(Duration.ofSeconds(9), s.duration("missing", Duration.ofSeconds(9)));
        assertEquals(12, s.positiveInt("n", 1));
        assertEquals(true, s.flag("f", false));
    }

    @Test
    void refusesBadValuesNamingEndpointAndSetting() {
        Settings s = new Settings("e", Map.of("d", "5 parsecs", "n", "0", "f", "yes"));
        assertEquals("endpoint 'e': the setting 'd' must be a positive duration such as 500ms, 5s or PT5S, not "
                + "'5 parsecs'", assertThrows(IllegalArgumentException.class, () -> s.duration("d", null)).getMessage());
        assertEquals("endpoint 'e': the setting 'n' must be a positive whole number, not '0'",
                assertThrows(IllegalArgumentException.class, () -> s.positiveInt("n", 1)).getMessage());
        assertEquals("endpoint 'e': the setting 'f' must be true or false, not 'yes'",
                assertThrows(IllegalArgumentException.class, () -> s.flag("f", false)).getMessage());
    }

    @Test
    void latencyHistogramPercentiles() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 0; i < 99; i++) {
            r.record(Duration.ofMillis(2).toNanos());
        }
        r.record(Duration.ofSeconds(90).toNanos());
        LatencyHistogram h = r.snapshot();
        assertEquals(100, h.count());
        assertEquals(Duration.ofNanos(2_500_000), h.percentile(50));
        assertEquals(Duration.ofNanos(2_500_000), h.percentile(99));
        assertEquals(Duration.ofSeconds(90), h.percentile(100));
        assertEquals(Duration.ofSeconds(90), h.max());
        assertEquals(Duration.ofNanos((99 * 2000L + 90_000_000L) * 1000 / 100), h.mean());
    }
}
