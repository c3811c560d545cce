package io.eventroute.kafka;

import io.eventroute.compiler.CompileCache;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.compiler.Limits;
import io.eventroute.kafka.internal.RouteJson;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.RouteTable;
import io.eventroute.runtime.event.CloudEventFormat;
import io.eventroute.runtime.event.InvalidEventException;
import io.eventroute.runtime.event.SelectiveEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route table of a streams router, fed from the routes topic: each record is parsed and its filter
 * compiled into the library's {@link RouteTable}; a tombstone deletes. A record that is not a valid
 * route changes nothing (an earlier version of that route stays) and is queued as a {@link RouteError}.
 *
 * <p>A restart replays the whole routes topic one record at a time: routes added are held back and
 * filed in batches ({@link RouteTable#putAll}: one snapshot, the index built in place, each distinct
 * filter text compiled once per batch) rather than one snapshot per record, and whatever is held back is
 * filed before anything reads the table, so every read and match sees every record applied before it.
 *
 * <p>Thread-safe: one thread applies changes while any number match; the table publishes each change
 * (or batch) as one complete snapshot, so a match sees the table as it was before or after a change,
 * never in between.
 */
public final class LiveRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRoutes.class);

    /** What applying one record of the routes topic did. */
    public enum Outcome {
        /** A new route was added. */
        ADDED,
        /** An existing route was replaced by a new version. */
        REPLACED,
        /** A tombstone deleted a route. */
        DELETED,
        /** A tombstone for a route that did not exist; nothing changed. */
        ABSENT_DELETE,
        /** The record was refused (reported as a route error); nothing changed. */
        REJECTED
    }

    /** Routes held back at most before they are filed. */
    static final int BATCH = 4096;

    private final RouteTable<EventRoute> table;
    // Routes applied but not filed yet, in the order applied (guarded by this); hasPending says, without
    // the lock, whether a read must file them first.
    private final Map<String, CompiledFilter> heldFilters = new LinkedHashMap<>();
    private final Map<String, EventRoute> heldRoutes = new LinkedHashMap<>();
    private volatile boolean hasPending;
    // Compilations of the batch held back, by filter text: routes repeat filters (guarded by this).
    private CompileCache batchCompiles;
    private final ConcurrentLinkedQueue<RouteError> errors = new ConcurrentLinkedQueue<>();
    // The latest error of each record key whose latest version was rejected (keyed by source when it had no key).
    private final Map<String, RouteError> current = new ConcurrentHashMap<>();

    /** An empty table compiling filters with {@code limits}. */
    public LiveRoutes(Limits limits) {
        table = RouteTable.withPayloads(FilterCompiler.builder().limits(limits).build(),
                CloudEventFormat.ROUTER_ATTRIBUTES);
    }

    /**
     * Applies one record of the routes topic: {@code value} null deletes route {@code id}, else it is the
     * route's JSON. Called by one thread at a time.
     *
     * @param source where the record came from ({@code topic-partition@offset}), for reports
     */
    public synchronized Outcome apply(String id, byte[] value, String source) {
        if (value == null) {
            fileHeld();
        }
        RouteTable.Snapshot<EventRoute> s = table.snapshot();
        if (value == null) {
            if (id == null || !s.contains(id)) {
                if (id != null) {
                    current.remove(id);
                }
                return Outcome.ABSENT_DELETE;
            }
            current.remove(id);
            table.remove(id);
            LOG.info("route '{}' deleted ({})", id, source);
            return Outcome.DELETED;
        }
        boolean exists = id != null && (s.contains(id) || heldFilters.containsKey(id));
        EventRoute route;
        CompileResult result;
        try {
            route = RouteJson.parse(id, value);
            if (batchCompiles == null) {
                batchCompiles = new CompileCache(table::compile);
            }
            result = batchCompiles.compile(route.dialect(), route.filter());
        } catch (RouteJson.BadRouteException e) {
            return reject(new RouteError(id, source, e.getMessage(), null, List.of(), exists));
        } catch (RuntimeException e) {
            // A bug, but thrown from here it would stop the global thread, which Kafka Streams cannot replace:
            // every instance reading this record would shut down.
            LOG.error("route '{}' ({}): internal error while reading it", id, source, e);
            return reject(new RouteError(id, source, "internal error while reading the route ("
                    + e.getClass().getName() + "); please report it", null, List.of(), exists));
        }
        if (result.hasErrors()) {
            return reject(new RouteError(id, source, "the filter has errors", route.filter(), result.errors(), exists));
        }
        current.remove(id);
        // A route held back and applied again keeps its place, as a route replaced in the table does.
        heldFilters.put(id, result.orThrow());
        heldRoutes.put(id, route);
        hasPending = true;
        if (heldFilters.size() >= BATCH) {
            fileHeld();
        }
        if (!result.warnings().isEmpty()) {
            LOG.warn("route '{}' ({}) has warnings:\n{}", id, source, result.render());
        }
        return exists ? Outcome.REPLACED : Outcome.ADDED;
    }

    /** Files the routes held back, as one snapshot. */
    private synchronized void fileHeld() {
        if (!heldFilters.isEmpty()) {
            table.putAll(heldFilters, heldRoutes);
            heldFilters.clear();
            heldRoutes.clear();
        }
        batchCompiles = null;
        hasPending = false;
    }

    /** The table with every route applied so far filed. */
    private RouteTable<EventRoute> filed() {
        if (hasPending) {
            fileHeld();
        }
        return table;
    }

    private Outcome reject(RouteError error) {
        LOG.warn("route '{}' ({}) not applied: {}{}{}", error.routeId(), error.source(), error.problem(),
                error.previousKept() ? "; its previous version stays" : "",
                error.diagnostics().isEmpty() ? "" : "\n" + render(error));
        current.put(error.routeId() != null ? error.routeId() : error.source(), error);
        errors.add(error);
        return Outcome.REJECTED;
    }

    private static String render(RouteError error) {
        StringBuilder b = new StringBuilder();
        error.diagnostics().forEach(d -> b.append(d.render()));
        return b.toString();
    }

    /** The next reported error not yet taken, or null. */
    public RouteError pollError() {
        return errors.poll();
    }

    /** Takes every reported error not yet taken (to be re-sent as {@link #currentErrors}). */
    public void clearPendingErrors() {
        errors.clear();
    }

    /** For each route whose latest record was rejected, that record's error (a report to send again). */
    public List<RouteError> currentErrors() {
        return List.copyOf(current.values());
    }

    /** Number of routes in force. */
    public int size() {
        return filed().size();
    }

    /** Route {@code id} as in force now; empty when there is none. */
    public Optional<EventRoute> route(String id) {
        return filed().payload(id);
    }

    /** The routes in force, in the order they were first added (whatever their dialect). */
    public List<EventRoute> routes() {
        return filed().snapshot().payloads();
    }

    /**
     * Matches a structured-mode CloudEvent, reading from the bytes only what some route uses.
     *
     * @throws InvalidEventException when the bytes are not one JSON object without repeated member
     *     names, or lack a required attribute
     */
    public RouteMatch match(byte[] structuredJson) {
        RouteTable.Snapshot<EventRoute> s = filed().snapshot();
        SelectiveEvent view = s.read(structuredJson);
        CloudEventFormat.requireCloudEvent(view);
        return new RouteMatch(s.matchPayloads(view), CloudEventFormat.partitionKey(view));
    }
}
