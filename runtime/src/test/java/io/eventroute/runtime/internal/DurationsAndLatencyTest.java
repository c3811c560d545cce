package io.eventroute.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventroute.runtime.DeliveryOptions;
import io.eventroute.runtime.LatencyHistogram;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationsAndLatencyTest {
    /** The one duration parser: the file's and the senders' settings read alike (EndpointSettingsTest), overflow refused. */
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
