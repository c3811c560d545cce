package io.eventroute.runtime;

import java.time.Duration;
import java.util.Arrays;

/**
 * Delivery latency of one endpoint (from an event being accepted to the endpoint acknowledging it), as
 * the distinct recorded values (to 3 significant digits, so any percentile is within 0.1%) and how many
 * latencies each stands for. Immutable; thread-safe.
 */
public final class LatencyHistogram {
    private final long[] valuesMicros;
    private final long[] counts;
    private final long count;
    private final long totalMicros;
    private final long maxMicros;

    /**
     * @param valuesMicros recorded values in microseconds, ascending and distinct (each the highest value
     *     its bucket holds)
     * @param counts how many latencies each value stands for
     * @param totalMicros the sum of all latencies
     * @param maxMicros the largest latency
     */
    public LatencyHistogram(long[] valuesMicros, long[] counts, long totalMicros, long maxMicros) {
        if (counts.length != valuesMicros.length) {
            throw new IllegalArgumentException("need one count per value");
        }
        for (int i = 1; i < valuesMicros.length; i++) {
            if (valuesMicros[i] <= valuesMicros[i - 1]) {
                throw new IllegalArgumentException("values must be ascending and distinct");
            }
        }
        this.valuesMicros = valuesMicros.clone();
        this.counts = counts.clone();
        this.count = Arrays.stream(counts).sum();
        this.totalMicros = totalMicros;
        this.maxMicros = maxMicros;
    }

    /** The recorded values in microseconds, ascending. */
    public long[] valuesMicros() {
        return valuesMicros.clone();
    }

    /** How many latencies each of {@link #valuesMicros()} stands for. */
    public long[] counts() {
        return counts.clone();
    }

    /** Number of latencies recorded. */
    public long count() {
        return count;
    }

    /** The mean latency, or zero when none was recorded. */
    public Duration mean() {
        return count == 0 ? Duration.ZERO : Duration.ofNanos(totalMicros * 1000 / count);
    }

    /** The largest latency recorded. */
    public Duration max() {
        return Duration.ofNanos(maxMicros * 1000);
    }

    /**
     * The {@code p}-th percentile ({@code 0 < p <= 100}), within 0.1% (never above the maximum); zero
     * when nothing was recorded.
     */
    public Duration percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("a percentile must be in (0, 100], not " + p);
        }
        if (count == 0) {
            return Duration.ZERO;
        }
        long rank = (long) Math.ceil(p / 100 * count);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Duration.ofNanos(Math.min(valuesMicros[i], maxMicros) * 1000);
            }
        }
        return max();
    }

    @Override
    public String toString() {
        return "LatencyHistogram[count=" + count + ", mean=" + mean() + ", p99=" + percentile(99) + ", max=" + max()
                + "]";
    }
}
