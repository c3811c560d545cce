package io.eventroute.runtime.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which delivery failures are logged: the first of each kind (an endpoint and a reason with its
 * numbers set aside) at once, then at most one per interval, saying how many like it were not logged.
 * A failing endpoint can fail thousands of events a second, and one log line per event would bury the
 * application's own log; the router's counters and dead letters still account for every event.
 * Thread-safe.
 */
public final class FailureLog {
    // Kinds are few in practice (endpoints x reasons); a bound keeps a stream of odd reasons from growing it.
    private static final int MAX_KINDS = 4096;

    private final long intervalNanos;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Logs each kind at most once per {@code interval}. */
    public FailureLog(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    private static final class Window {
        long loggedAt;
        long suppressed;
    }

    /** The kind of a failure: its endpoint and its reason with every number as {@code #}. */
    public static String kind(String endpoint, String reason) {
        return endpoint + '\u0000' + reason.replaceAll("\\d+", "#");
    }

    /**
     * Whether an occurrence of {@code kind} at {@code nowNanos} ({@link System#nanoTime()}) is to be
     * logged: -1 when not (it is counted), else how many of its kind were not logged since the last one
     * that was.
     */
    public long admit(String kind, long nowNanos) {
        if (windows.size() >= MAX_KINDS && !windows.containsKey(kind)) {
            windows.clear();
        }
        boolean[] fresh = {false};
        Window w = windows.computeIfAbsent(kind, k -> {
            fresh[0] = true;
            Window n = new Window();
            n.loggedAt = nowNanos;
            return n;
        });
        if (fresh[0]) {
            return 0;
        }
        synchronized (w) {
            if (nowNanos - w.loggedAt < intervalNanos) {
                w.suppressed++;
                return -1;
            }
            long suppressed = w.suppressed;
            w.suppressed = 0;
            w.loggedAt = nowNanos;
            return suppressed;
        }
    }

    /** {@code ""}, or {@code " (and N more like it not logged)"} for what {@link #admit} returned. */
    public static String more(long suppressed) {
        return suppressed <= 0 ? "" : " (and " + suppressed + " more like it not logged)";
    }
}
