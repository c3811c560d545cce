package io.eventroute.kafka;

import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.compiler.Limits;
import io.eventroute.compiler.RouteIndex;
import io.eventroute.kafka.internal.RouteJson;
import io.eventroute.kafka.internal.RouteTargets;
import io.eventroute.kafka.internal.Twins;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.event.InvalidEventException;
import io.eventroute.runtime.event.ReadPlan;
import io.eventroute.runtime.event.SelectiveEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route table of a streams router, fed from the routes topic: each record is parsed and its filter
 * compiled into the library's {@link RouteIndex}; a tombstone deletes. A record that is not a valid
 * route changes nothing (an earlier version of that route stays) and is queued as a {@link RouteError}.
 *
 * <p>Thread-safe: one thread applies changes while any number match; each change publishes one
 * complete snapshot (index, routes and read plan together) with one volatile write, so a match sees
 * the table as it was before or after a change, never in between.
 */
public final class LiveRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRoutes.class);
    // Read for every event even when no route uses them: validity and the twin key need them.
    private static final Set<String> ALWAYS_READ = Set.of("specversion", "id", "source", "type", "subject");
    private static final String[] REQUIRED = {"specversion", "id", "source", "type"};

    /** What applying one record of the routes topic did. */
    public enum Outcome { ADDED, REPLACED, DELETED, ABSENT_DELETE, REJECTED }

    private final Map<Dialect, FilterCompiler> compilers = new EnumMap<>(Dialect.class);
    private final ConcurrentLinkedQueue<RouteError> errors = new ConcurrentLinkedQueue<>();
    // The latest error of each record key whose latest version was rejected (keyed by source when it had no key).
    private final Map<String, RouteError> current = new ConcurrentHashMap<>();
    private final ThreadLocal<SelectiveEvent> views = new ThreadLocal<>();
    private volatile Snapshot snapshot;

    /**
     * {@code index} holds the adt routes; {@code scanned} the cesql ones, evaluated one by one after it,
     * because RouteIndex cannot index a cesql filter (it has no adt tree; RouteIndex.with fails on one).
     */
    private record Snapshot(RouteIndex index, Map<String, CompiledFilter> scanned, RouteTargets targets, ReadPlan plan,
            Set<String> attributes, Set<DataPointer> pointers) {
        boolean contains(String id) {
            return index.contains(id) || scanned.containsKey(id);
        }
    }

    /** An empty table compiling filters with {@code limits}. */
    public LiveRoutes(Limits limits) {
        for (Dialect d : Dialect.values()) {
            compilers.put(d, FilterCompiler.builder().dialect(d).limits(limits).build());
        }
        snapshot = new Snapshot(RouteIndex.empty(), Map.of(), RouteTargets.empty(), ReadPlan.of(ALWAYS_READ, Set.of()),
                ALWAYS_READ, Set.of());
    }

    /**
     * Applies one record of the routes topic: {@code value} null deletes route {@code id}, else it is the
     * route's JSON. Called by one thread at a time.
     *
     * @param source where the record came from ({@code topic-partition@offset}), for reports
     */
    public synchronized Outcome apply(String id, byte[] value, String source) {
        Snapshot s = snapshot;
        if (value == null) {
            if (id == null || !s.contains(id)) {
                if (id != null) {
                    current.remove(id);
                }
                return Outcome.ABSENT_DELETE;
            }
            current.remove(id);
            publish(s.index.without(id), without(s.scanned, id), s.targets.without(id));
            LOG.info("route '{}' deleted ({})", id, source);
            return Outcome.DELETED;
        }
        boolean exists = id != null && s.contains(id);
        EventRoute route;
        CompileResult result;
        try {
            route = RouteJson.parse(id, value);
            result = compilers.get(route.dialect()).compile(route.filter());
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
        CompiledFilter filter = result.orThrow();
        current.remove(id);
        if (route.dialect() == Dialect.ADT) {
            publish(s.index.with(id, filter), without(s.scanned, id), s.targets.with(route));
        } else {
            Map<String, CompiledFilter> scanned = new LinkedHashMap<>(s.scanned);
            scanned.put(id, filter);
            publish(s.index.without(id), Collections.unmodifiableMap(scanned), s.targets.with(route));
        }
        if (!result.warnings().isEmpty()) {
            LOG.warn("route '{}' ({}) has warnings:\n{}", id, source, result.render());
        }
        return exists ? Outcome.REPLACED : Outcome.ADDED;
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

    private static Map<String, CompiledFilter> without(Map<String, CompiledFilter> scanned, String id) {
        if (!scanned.containsKey(id)) {
            return scanned;
        }
        Map<String, CompiledFilter> next = new LinkedHashMap<>(scanned);
        next.remove(id);
        return Collections.unmodifiableMap(next);
    }

    // Called with the lock held. The read plan changes only when the set of fields read changes.
    private void publish(RouteIndex index, Map<String, CompiledFilter> scanned, RouteTargets targets) {
        Snapshot current = snapshot;
        Set<String> attributes = new HashSet<>(index.attributes());
        attributes.addAll(ALWAYS_READ);
        scanned.values().forEach(f -> attributes.addAll(f.attributes()));
        Set<DataPointer> pointers = index.dataPointers();
        ReadPlan plan = attributes.equals(current.attributes) && pointers.equals(current.pointers)
                ? current.plan : ReadPlan.of(attributes, pointers);
        snapshot = new Snapshot(index, scanned, targets, plan, attributes, pointers);
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
        Snapshot s = snapshot;
        return s.index.size() + s.scanned.size();
    }

    /** Route {@code id} as in force now, or null. */
    public EventRoute route(String id) {
        return snapshot.targets.get(id);
    }

    /** The routes in force: adt routes in the order they were first added, then cesql routes likewise. */
    public List<EventRoute> routes() {
        Snapshot s = snapshot;
        List<EventRoute> out = new ArrayList<>();
        for (String id : s.index.ids()) {
            out.add(s.targets.get(id));
        }
        for (String id : s.scanned.keySet()) {
            out.add(s.targets.get(id));
        }
        return out;
    }

    /**
     * Matches a structured-mode CloudEvent, reading from the bytes only what some route uses.
     *
     * @throws InvalidEventException when the bytes are not a JSON object or lack a required attribute
     */
    public RouteMatch match(byte[] structuredJson) {
        Snapshot s = snapshot;
        SelectiveEvent view = views.get();
        if (view == null || view.plan() != s.plan) {
            view = new SelectiveEvent(s.plan);
            views.set(view);
        }
        view.read(structuredJson);
        for (String name : REQUIRED) {
            Object v = view.attribute(name);
            if (!(v instanceof String str) || str.isEmpty()) {
                throw new InvalidEventException("the event's '" + name + "' attribute must be a non-empty string"
                        + (v == null ? ", and it has none" : ""));
            }
        }
        String twin = Twins.of((String) view.attribute("type"), string(view.attribute("subject")),
                (String) view.attribute("source"));
        List<String> ids = s.index.match(view);
        if (ids.isEmpty() && s.scanned.isEmpty()) {
            return new RouteMatch(List.of(), twin);
        }
        List<EventRoute> routes = new ArrayList<>(ids.size());
        for (String id : ids) {
            routes.add(s.targets.get(id));
        }
        for (Map.Entry<String, CompiledFilter> e : s.scanned.entrySet()) {
            if (e.getValue().matches(view)) {
                routes.add(s.targets.get(e.getKey()));
            }
        }
        return new RouteMatch(routes, twin);
    }

    private static String string(Object o) {
        return o instanceof String s ? s : null;
    }
}
