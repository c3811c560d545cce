package io.eventroute.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.DeliveryOptions;
import io.eventroute.runtime.LatencyHistogram;
import java.time.Duration;
import java.util.List;
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
        assertEquals("endpoint 'e': the setting 'd' must be a duration such as 200ms, 5s, 2m, 1h or PT5S, not "
                + "'5 parsecs'", assertThrows(IllegalArgumentException.class, () -> s.duration("d", null)).getMessage());
        assertEquals("endpoint 'e': the setting 'n' must be a positive whole number, not '0'",
                assertThrows(IllegalArgumentException.class, () -> s.positiveInt("n", 1)).getMessage());
        assertEquals("endpoint 'e': the setting 'f' must be true or false, not 'yes'",
                assertThrows(IllegalArgumentException.class, () -> s.flag("f", false)).getMessage());
    }

    /** The one duration parser: the file's and the senders' settings read alike, overflow refused by name. */
    @Test
    void durationsAreReadByOneParserThatRefusesOverflow() {
        assertEquals(Duration.ZERO, DeliveryOptions.parseDuration("0s"));
        assertEquals(Duration.ofHours(2), DeliveryOptions.parseDuration(" 2H "));
        assertEquals(Duration.ofMillis(1500), DeliveryOptions.parseDuration("PT1.5S"));
        assertEquals(DeliveryOptions.MAX_DURATION, DeliveryOptions.parseDuration("876000h"));
        for (String tooLong : List.of("876001h", "9999999999999999h", "99999999999999999999s", "PT9999999999999999H")) {
            assertEquals("must be at most 876000h (100 years), not '" + tooLong + "'",
                    assertThrows(IllegalArgumentException.class, () -> DeliveryOptions.parseDuration(tooLong)).getMessage());
        }
        for (String bad : List.of("", "5", "-5s", "PT-5S", "5 parsecs", "1.5s")) {
            assertEquals("must be a duration such as 200ms, 5s, 2m, 1h or PT5S, not '" + bad + "'",
                    assertThrows(IllegalArgumentException.class, () -> DeliveryOptions.parseDuration(bad)).getMessage());
        }
        Settings s = new Settings("e", Map.of("long", "99999999999999999999ms", "zero", "0s"));
        assertEquals("endpoint 'e': the setting 'long' must be at most 876000h (100 years), not '99999999999999999999ms'",
                assertThrows(IllegalArgumentException.class, () -> s.duration("long", null)).getMessage());
        assertEquals("endpoint 'e': the setting 'zero' must be a positive duration, not '0s'",
                assertThrows(IllegalArgumentException.class, () -> s.duration("zero", null)).getMessage());
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
        assertEquals(Duration.ofMillis(2), h.percentile(50), "exact: no fixed bucket bound");
        assertEquals(Duration.ofMillis(2), h.percentile(99));
        assertEquals(Duration.ofSeconds(90), h.percentile(100));
        assertEquals(Duration.ofSeconds(90), h.max());
        assertEquals(Duration.ofNanos((99 * 2000L + 90_000_000L) * 1000 / 100), h.mean());
    }

    @Test
    void latencyPercentilesAreWithinATenthOfAPercentAcrossTheRange() {
        LatencyRecorder r = new LatencyRecorder();
        java.util.Random random = new java.util.Random(7);
        long[] micros = new long[10_000];
        for (int i = 0; i < micros.length; i++) {
            micros[i] = 1 + (long) Math.exp(random.nextDouble() * Math.log(3_600_000_000.0)); // 1 µs to 1 h
            r.record(micros[i] * 1000);
        }
        java.util.Arrays.sort(micros);
        LatencyHistogram h = r.snapshot();
        for (double p : new double[] {1, 10, 50, 90, 99, 99.9, 100}) {
            long exact = micros[(int) Math.ceil(p / 100 * micros.length) - 1];
            long got = h.percentile(p).toNanos() / 1000;
            assertTrue(Math.abs(got - exact) <= Math.max(1, exact / 1000), "p" + p + ": " + got + " vs " + exact);
        }
        r.record(5_000);
        assertEquals(10_001, r.snapshot().count(), "a snapshot adds what came since the last one");
    }
}
