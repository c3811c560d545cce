package io.eventroute.server;

import io.eventroute.compiler.Dialect;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.ModelStore;
import io.eventroute.runtime.RouteStore;
import io.eventroute.runtime.RouteStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The embedded {@link RouteStore} and {@link ModelStore} (routes and models in two tables of one
 * database): a SQLite database {@code routes.db} in a directory, in WAL mode with
 * {@code synchronous=FULL}, so each change is durable before the call returns (it survives a crash).
 * One connection, used under this object's lock: SQLite serialises writers anyway, and route changes
 * are rare next to events. Thread-safe.
 */
public final class SqliteRouteStore implements RouteStore, ModelStore {
    private static final String FILE = "routes.db";

    private final Path file;
    private final Connection connection;
    private final PreparedStatement upsert;
    private final PreparedStatement delete;
    private final PreparedStatement insertModel;
    private final PreparedStatement deleteModel;
    private boolean closed;

    private SqliteRouteStore(Path file, Connection connection) throws SQLException {
        this.file = file;
        this.connection = connection;
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
            // seq keeps each id's first-stored place: an upsert changes the row, not its seq.
            s.execute("CREATE TABLE IF NOT EXISTS routes (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "id TEXT NOT NULL UNIQUE, endpoint TEXT NOT NULL, topic TEXT, dialect TEXT NOT NULL, "
                    + "filter TEXT NOT NULL)");
        }
        upsert = connection.prepareStatement("INSERT INTO routes (id, endpoint, topic, dialect, filter) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET endpoint = excluded.endpoint, "
                + "topic = excluded.topic, dialect = excluded.dialect, filter = excluded.filter");
        delete = connection.prepareStatement("DELETE FROM routes WHERE id = ?");
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS models (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "id TEXT NOT NULL UNIQUE, document TEXT NOT NULL, uploaded TEXT NOT NULL)");
        }
        insertModel = connection.prepareStatement("INSERT INTO models (id, document, uploaded) VALUES (?, ?, ?)");
        deleteModel = connection.prepareStatement("DELETE FROM models WHERE id = ?");
    }

    /**
     * Opens (or creates) {@code directory/routes.db}, creating the directory when missing.
     *
     * @throws RouteStoreException when the directory or database cannot be opened
     */
    public static SqliteRouteStore open(Path directory) {
        Objects.requireNonNull(directory, "directory");
        Path file = directory.resolve(FILE);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new RouteStoreException("cannot create the store directory " + directory + " (" + e + ")", e);
        }
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            return new SqliteRouteStore(file, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new RouteStoreException("cannot open the route store " + file + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public synchronized List<EventRoute> load() {
        requireOpen();
        List<EventRoute> routes = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, endpoint, topic, dialect, filter FROM routes ORDER BY seq")) {
            while (rs.next()) {
                routes.add(new EventRoute(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(5),
                        Dialect.fromId(rs.getString(4))));
            }
        } catch (SQLException | IllegalArgumentException e) {
            throw new RouteStoreException("cannot read the route store " + file + " (" + e.getMessage() + ")", e);
        }
        return routes;
    }

    @Override
    public synchronized void put(EventRoute route) {
        requireOpen();
        try {
            bind(route);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new RouteStoreException("cannot store route '" + route.id() + "' in " + file + " (" + e.getMessage() + ")", e);
        }
    }

    /** Stores all of {@code routes} in one transaction: one sync to disk, not one per route. */
    @Override
    public synchronized void putAll(List<EventRoute> routes) {
        requireOpen();
        try {
            connection.setAutoCommit(false);
            try {
                for (EventRoute route : routes) {
                    bind(route);
                    upsert.addBatch();
                }
                upsert.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new RouteStoreException("cannot store " + routes.size() + " routes in " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private void bind(EventRoute route) throws SQLException {
        upsert.setString(1, route.id());
        upsert.setString(2, route.endpointName());
        upsert.setString(3, route.topic());
        upsert.setString(4, route.dialect().id());
        upsert.setString(5, route.filter());
    }

    @Override
    public synchronized boolean remove(String id) {
        return removeRow(delete, id, "route");
    }

    /** Runs a delete by id; false when there was no such row. Called with the lock held. */
    private boolean removeRow(PreparedStatement statement, String id, String what) {
        requireOpen();
        try {
            statement.setString(1, id);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new RouteStoreException("cannot remove " + what + " '" + id + "' from " + file + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public synchronized List<StoredModel> loadModels() {
        requireOpen();
        List<StoredModel> models = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, document, uploaded FROM models ORDER BY seq")) {
            while (rs.next()) {
                models.add(new StoredModel(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3))));
            }
        } catch (SQLException | DateTimeParseException e) {
            throw new RouteStoreException("cannot read the models of " + file + " (" + e.getMessage() + ")", e);
        }
        return models;
    }

    /** Stores all of {@code models} in one transaction: all or none. */
    @Override
    public synchronized void addModels(List<StoredModel> models) {
        requireOpen();
        try {
            connection.setAutoCommit(false);
            try {
                for (StoredModel m : models) {
                    insertModel.setString(1, m.id());
                    insertModel.setString(2, m.document());
                    insertModel.setString(3, m.uploadTime().toString());
                    insertModel.addBatch();
                }
                insertModel.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                insertModel.clearBatch();
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new RouteStoreException("cannot store " + models.size() + " models in " + file + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public synchronized boolean removeModel(String id) {
        return removeRow(deleteModel, id, "model");
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly(connection);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the route store is closed");
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing after a failure or at shutdown: nothing left to save.
            }
        }
    }
}
