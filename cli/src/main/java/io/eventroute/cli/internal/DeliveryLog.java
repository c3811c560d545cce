package io.eventroute.cli.internal;

import java.io.PrintWriter;
import java.text.MessageFormat;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The runtime's delivery log (it logs through {@link System.Logger}, which is java.util.logging here)
 * on a command's standard error in the tool's own format, one line per endpoint and kind of problem:
 * 500 events refused by a webhook are one line, not 500 two-line records, since the summary counts
 * them all. At most {@link #MAX_LINES} lines in all. Installed for one run and closed at its end;
 * thread-safe (endpoint threads log concurrently).
 */
public final class DeliveryLog extends Handler implements AutoCloseable {
    /** The most lines shown; then one line says the rest is only counted. */
    public static final int MAX_LINES = 20;

    // java.util.logging holds loggers weakly: a handler set on one that is collected would be lost.
    private static final Logger RUNTIME = Logger.getLogger("io.eventroute.runtime");

    private final PrintWriter err;
    private final Set<String> endpoints;
    private final Set<String> shown = ConcurrentHashMap.newKeySet();
    private final AtomicInteger lines = new AtomicInteger();

    private DeliveryLog(PrintWriter err, Collection<String> endpoints) {
        this.err = err;
        this.endpoints = Set.copyOf(endpoints);
    }

    /** Sends the runtime's log to {@code err} (only there) until {@link #close()}. */
    public static DeliveryLog install(PrintWriter err, Collection<String> endpointNames) {
        DeliveryLog log = new DeliveryLog(err, endpointNames);
        synchronized (RUNTIME) {
            RUNTIME.setUseParentHandlers(false);
            RUNTIME.addHandler(log);
        }
        return log;
    }

    @Override
    public void publish(LogRecord r) {
        if (r == null || r.getLevel().intValue() < Level.WARNING.intValue()) {
            return;
        }
        if (!shown.add(kind(r))) {
            return;
        }
        int n = lines.incrementAndGet();
        if (n > MAX_LINES + 1) {
            return;
        }
        String label = r.getLevel().intValue() >= Level.SEVERE.intValue() ? "error" : "warning";
        String text = n <= MAX_LINES
                ? message(r) + " (later ones of this kind are counted in the summary, not shown)"
                : "further delivery problems are counted in the summary, not shown";
        synchronized (err) {
            err.println("eventroute: " + label + ": " + text);
            err.flush();
        }
    }

    // Same message, same endpoint, same reason once numbers (attempts, milliseconds) are set aside.
    private String kind(LogRecord r) {
        StringBuilder key = new StringBuilder(String.valueOf(r.getMessage()));
        Object[] params = r.getParameters();
        if (params != null) {
            for (Object p : params) {
                String s = String.valueOf(p);
                if (endpoints.contains(s) || s.contains(" ")) {
                    key.append('\u0000').append(s.replaceAll("\\d+", "#"));
                }
            }
        }
        return key.toString();
    }

    private static String message(LogRecord r) {
        String pattern = String.valueOf(r.getMessage());
        Object[] params = r.getParameters();
        String text = params == null || params.length == 0 ? pattern
                : new MessageFormat(pattern, Locale.ROOT).format(params);
        return r.getThrown() == null ? text : text + ": " + r.getThrown();
    }

    @Override
    public void flush() {
        err.flush();
    }

    /** Gives the runtime's log back to java.util.logging's defaults. */
    @Override
    public void close() {
        synchronized (RUNTIME) {
            RUNTIME.removeHandler(this);
            if (RUNTIME.getHandlers().length == 0) {
                RUNTIME.setUseParentHandlers(true);
            }
        }
    }
}
