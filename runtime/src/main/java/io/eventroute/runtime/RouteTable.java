package io.eventroute.runtime;

import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.runtime.event.JsonEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Routes by id, each with a compiled filter, matched against events. Thread-safe: any thread may add,
 * replace and remove routes while others match; a match sees the table as it was before or after each
 * change, never in between. Matching returns the ids of the matching routes in the order they were
 * first added (replacing a route keeps its place).
 */
public final class RouteTable {
    private final FilterCompiler compiler;
    private volatile Snapshot snapshot = new Snapshot(Map.of());

    private RouteTable(FilterCompiler compiler) {
        this.compiler = compiler;
    }

    /** An empty table compiling filters in the {@code adt} dialect with the default limits. */
    public static RouteTable create() {
        return create(FilterCompiler.builder().build());
    }

    /** An empty table compiling filters with {@code compiler}. */
    public static RouteTable create(FilterCompiler compiler) {
        return new RouteTable(Objects.requireNonNull(compiler, "compiler"));
    }

    /**
     * Adds route {@code id}, or replaces its filter.
     *
     * @return the compile result (its warnings are worth showing to whoever wrote the filter)
     * @throws io.eventroute.compiler.FilterCompilationException with the diagnostics when the filter has
     *     errors; the table is then unchanged
     */
    public CompileResult put(String id, String filter) {
        Objects.requireNonNull(id, "id");
        CompileResult result = compiler.compile(Objects.requireNonNull(filter, "filter"));
        CompiledFilter compiled = result.orThrow();
        synchronized (this) {
            Map<String, CompiledFilter> next = new LinkedHashMap<>(snapshot.routes);
            next.put(id, compiled);
            snapshot = new Snapshot(next);
        }
        return result;
    }

    /** Removes route {@code id}; false when there was none. */
    public boolean remove(String id) {
        synchronized (this) {
            if (!snapshot.routes.containsKey(id)) {
                return false;
            }
            Map<String, CompiledFilter> next = new LinkedHashMap<>(snapshot.routes);
            next.remove(id);
            snapshot = new Snapshot(next);
            return true;
        }
    }

    /** Number of routes. */
    public int size() {
        return snapshot.routes.size();
    }

    /** The ids of all routes, in the order they were first added. */
    public Set<String> ids() {
        return snapshot.routes.keySet();
    }

    /** The compiled filter of route {@code id}, or null. */
    public CompiledFilter filter(String id) {
        return snapshot.routes.get(id);
    }

    /**
     * The ids of the routes whose filter is true for this structured-mode CloudEvent.
     *
     * @throws io.eventroute.runtime.event.InvalidEventException when the bytes are not a JSON object
     */
    public List<String> match(byte[] structuredJson) {
        return match(JsonEvent.parse(structuredJson));
    }

    /** The ids of the routes whose filter is true for this event. */
    public List<String> match(EventView event) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, CompiledFilter> e : snapshot.routes.entrySet()) {
            if (e.getValue().matches(event)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private static final class Snapshot {
        final Map<String, CompiledFilter> routes;

        Snapshot(Map<String, CompiledFilter> routes) {
            this.routes = java.util.Collections.unmodifiableMap(routes);
        }
    }
}
