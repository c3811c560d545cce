package io.eventroute.runtime;

import java.util.List;

/**
 * Where a long-running router ({@code eventroute serve}) keeps its routes so that they survive a restart
 * and a crash: each change is durable when its method returns. Implementations: the server module's
 * SQLite store, runtime-kafka's compacted-topic store. Implementations are thread-safe.
 */
public interface RouteStore extends AutoCloseable {
    /** Every stored route, in the order each id was first stored. */
    List<EventRoute> load();

    /**
     * Stores {@code route}, replacing the route of the same id in its place; durable on return.
     *
     * @throws RouteStoreException when it could not be stored
     */
    void put(EventRoute route);

    /** Stores every route of {@code routes}, as {@link #put} does one, at once where the store can; durable on return. */
    default void putAll(List<EventRoute> routes) {
        for (EventRoute r : routes) {
            put(r);
        }
    }

    /** Removes route {@code id}; durable on return. False when there was none. */
    boolean remove(String id);

    /** Releases the store; changes already returned stay stored. */
    @Override
    void close();
}
