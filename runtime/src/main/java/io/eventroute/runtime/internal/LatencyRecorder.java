package io.eventroute.runtime.internal;

import io.eventroute.runtime.LatencyHistogram;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Records latencies into fixed buckets from 100 µs to 60 s. Thread-safe. */
public final class LatencyRecorder {
    private static final long[] BOUNDS_MICROS = {
        100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
        1_000_000, 2_500_000, 5_000_000, 10_000_000, 30_000_000, 60_000_000};

    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS_MICROS.length + 1);
    private final LongAdder totalMicros = new LongAdder();
    private final AtomicLong maxMicros = new AtomicLong();

    public void record(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        int i = 0;
        while (i < BOUNDS_MICROS.length && micros > BOUNDS_MICROS[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        totalMicros.add(micros);
        maxMicros.accumulateAndGet(micros, Math::max);
    }

    public LatencyHistogram snapshot() {
        long[] c = new long[counts.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts.get(i);
        }
        return new LatencyHistogram(BOUNDS_MICROS, c, totalMicros.sum(), maxMicros.get());
    }
}
