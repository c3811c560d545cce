package io.eventroute.server;

import io.eventroute.runtime.EventRoute;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@link EventRouteServer} keeps its routes so that they survive a restart and a crash: each
 * change is durable when its method returns. Implementations are thread-safe.
 */
public interface RouteStore extends AutoCloseable {
    /** Every stored route, in the order each id was first stored. */
    List<EventRoute> load();

    /** Stores {@code route}, replacing the route of the same id in its place; durable on return. */
    void put(EventRoute route);

    /** Removes route {@code id}; durable on return. False when there was none. */
    boolean remove(String id);

    /** Releases the store; changes already returned stay stored. */
    @Override
    void close();

    /**
     * The embedded store: a SQLite database {@code routes.db} in {@code directory} (created when
     * missing), in WAL mode with full synchronisation, so a change survives a crash once returned.
     *
     * @throws RouteStoreException when the directory or database cannot be opened
     */
    static RouteStore sqlite(Path directory) {
        return io.eventroute.server.internal.SqliteRouteStore.open(directory);
    }
}
