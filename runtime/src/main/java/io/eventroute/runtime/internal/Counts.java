package io.eventroute.runtime.internal;

import io.eventroute.runtime.DeliveryCounts;
import java.util.concurrent.atomic.LongAdder;

/** Live delivery counters of one route or endpoint. Thread-safe. */
public final class Counts {
    public final LongAdder matched = new LongAdder();
    public final LongAdder delivered = new LongAdder();
    public final LongAdder retried = new LongAdder();
    public final LongAdder deadLettered = new LongAdder();
    public final LongAdder failed = new LongAdder();
    private FailureLog failureLog; // guarded by this; made on an endpoint's first failure (routes never need one)

    /** Which of an endpoint's failures are logged: each kind at most once a minute. */
    public synchronized FailureLog failureLog() {
        if (failureLog == null) {
            failureLog = new FailureLog(java.time.Duration.ofMinutes(1));
        }
        return failureLog;
    }

    /** The counters now; read failed and delivered before matched so pending is never negative. */
    public DeliveryCounts snapshot() {
        long f = failed.sum();
        long dl = deadLettered.sum();
        long d = delivered.sum();
        long r = retried.sum();
        long m = matched.sum();
        return new DeliveryCounts(m, d, r, dl, f);
    }
}
