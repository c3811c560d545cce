package io.eventroute.runtime;

import java.time.Duration;
import java.util.Arrays;

/**
 * Delivery latency of one endpoint (from an event being accepted to the endpoint acknowledging it),
 * as counts in buckets with fixed upper bounds. Immutable; thread-safe.
 */
public final class LatencyHistogram {
    private final long[] upperBoundsMicros;
    private final long[] counts;
    private final long totalMicros;
    private final long maxMicros;

    /**
     * @param upperBoundsMicros the buckets' inclusive upper bounds, ascending; one more count than bounds
     *     holds the latencies above the last bound
     */
    public LatencyHistogram(long[] upperBoundsMicros, long[] counts, long totalMicros, long maxMicros) {
        if (counts.length != upperBoundsMicros.length + 1) {
            throw new IllegalArgumentException("need one count per bound plus one for the overflow bucket");
        }
        this.upperBoundsMicros = upperBoundsMicros.clone();
        this.counts = counts.clone();
        this.totalMicros = totalMicros;
        this.maxMicros = maxMicros;
    }

    /** The buckets' inclusive upper bounds in microseconds. */
    public long[] upperBoundsMicros() {
        return upperBoundsMicros.clone();
    }

    /** The count of each bucket; the last is for latencies above the last bound. */
    public long[] counts() {
        return counts.clone();
    }

    /** Number of latencies recorded. */
    public long count() {
        return Arrays.stream(counts).sum();
    }

    /** The mean latency, or zero when none was recorded. */
    public Duration mean() {
        long n = count();
        return n == 0 ? Duration.ZERO : Duration.ofNanos(totalMicros * 1000 / n);
    }

    /** The largest latency recorded. */
    public Duration max() {
        return Duration.ofNanos(maxMicros * 1000);
    }

    /**
     * An upper bound of the {@code p}-th percentile ({@code 0 < p <= 100}): the upper bound of the bucket
     * that holds it, or the maximum for the overflow bucket; zero when nothing was recorded.
     */
    public Duration percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("a percentile must be in (0, 100], not " + p);
        }
        long n = count();
        if (n == 0) {
            return Duration.ZERO;
        }
        long rank = (long) Math.ceil(p / 100 * n);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                long micros = i < upperBoundsMicros.length ? Math.min(upperBoundsMicros[i], maxMicros) : maxMicros;
                return Duration.ofNanos(micros * 1000);
            }
        }
        return max();
    }

    @Override
    public String toString() {
        return "LatencyHistogram[count=" + count() + ", mean=" + mean() + ", p99<=" + percentile(99) + ", max="
                + max() + "]";
    }
}
