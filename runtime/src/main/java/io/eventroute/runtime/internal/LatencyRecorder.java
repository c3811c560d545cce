package io.eventroute.runtime.internal;

import io.eventroute.runtime.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.Recorder;

/**
 * Records latencies in microseconds into an HdrHistogram (3 significant digits: every percentile
 * within 0.1%, from 1 µs to hours, in a few kB). Recording is wait-free (HdrHistogram's
 * {@link Recorder}: many endpoint threads record at once); a snapshot folds what was recorded since the
 * last one into a running total. Thread-safe.
 */
public final class LatencyRecorder {
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(SIGNIFICANT_DIGITS); // guarded by this
    private Histogram interval; // guarded by this: recycled between snapshots
    // Exact, beside the histogram's 3 digits: the mean and the maximum are reported as they are.
    private final LongAdder totalMicros = new LongAdder();
    private final AtomicLong maxMicros = new AtomicLong();

    /** Records one latency of {@code nanos} (negative counts as zero). */
    public void record(long nanos) {
        record(nanos, 1);
    }

    /** Records {@code count} latencies of {@code nanos} each (events accepted together, delivered together). */
    public void record(long nanos, int count) {
        long micros = Math.max(0, nanos / 1000);
        recorder.recordValueWithCount(micros, count);
        totalMicros.add(micros * count);
        if (micros > maxMicros.get()) {
            maxMicros.accumulateAndGet(micros, Math::max);
        }
    }

    /** Everything recorded so far. */
    public synchronized LatencyHistogram snapshot() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        List<long[]> buckets = new ArrayList<>();
        for (HistogramIterationValue v : total.recordedValues()) {
            buckets.add(new long[] {total.highestEquivalentValue(v.getValueIteratedTo()), v.getCountAtValueIteratedTo()});
        }
        long[] values = new long[buckets.size()];
        long[] counts = new long[buckets.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = buckets.get(i)[0];
            counts[i] = buckets.get(i)[1];
        }
        return new LatencyHistogram(values, counts, totalMicros.sum(), maxMicros.get());
    }
}
