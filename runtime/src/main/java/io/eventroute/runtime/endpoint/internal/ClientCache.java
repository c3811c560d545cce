package io.eventroute.runtime.endpoint.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One client per entity, built on first use. A client that failed with a transient error is
 * discarded and closed in the background, so the next send starts from a fresh connection: a client
 * whose connection broke may never recover by itself, and closing one whose peer is gone can block
 * for a long time. Thread-safe.
 *
 * @param <C> the client type
 */
public final class ClientCache<C extends AutoCloseable> {
    private final Function<String, C> factory;
    private final String threadName;
    private final Map<String, C> clients = new ConcurrentHashMap<>();
    private final List<Thread> closing = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param factory builds the client of an entity (without connecting)
     * @param threadName the name of the threads that close clients in the background
     */
    public ClientCache(Function<String, C> factory, String threadName) {
        this.factory = factory;
        this.threadName = threadName;
    }

    /**
     * The client of {@code entity}, built if there is none.
     *
     * @throws IllegalStateException after {@link #close}
     */
    public C get(String entity) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        C client = clients.computeIfAbsent(entity, factory);
        if (closed) {
            // close() may have listed the clients before this one was added: it would never be closed.
            discard(entity, client);
            throw new IllegalStateException("closed");
        }
        return client;
    }

    /** Forgets {@code client} (if it is still the one of {@code entity}) and closes it in the background. */
    public void discard(String entity, C client) {
        if (clients.remove(entity, client)) {
            closeInBackground(client);
        }
    }

    /** Closes every client, waiting at most {@code wait} in all; idempotent. */
    public void close(Duration wait) {
        closed = true;
        for (String entity : List.copyOf(clients.keySet())) {
            C client = clients.remove(entity);
            if (client != null) {
                closeInBackground(client);
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        List<Thread> threads;
        synchronized (closing) {
            threads = List.copyOf(closing);
        }
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private void closeInBackground(C client) {
        Thread thread = new Thread(() -> {
            try {
                client.close();
            } catch (Exception e) {
                // Nothing to do: the client is being thrown away, and its failure was already reported.
            } finally {
                synchronized (closing) {
                    closing.remove(Thread.currentThread());
                }
            }
        }, threadName);
        thread.setDaemon(true);
        synchronized (closing) {
            closing.add(thread);
        }
        thread.start();
    }
}
