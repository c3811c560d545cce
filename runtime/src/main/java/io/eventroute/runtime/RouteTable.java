package io.eventroute.runtime;

import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.compiler.RouteIndex;
import io.eventroute.runtime.event.ReadPlan;
import io.eventroute.runtime.event.SelectiveEvent;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Routes by id, each with a compiled filter, matched against events through a {@link RouteIndex}.
 * Thread-safe: any thread may add, replace and remove routes while others match without locks; every
 * change publishes a complete new snapshot with one volatile write, so a match sees the table as it
 * was before or after each change, never in between. Matching returns the ids of the matching routes
 * in the order they were first added (replacing a route keeps its place). Events given as JSON bytes
 * are read selectively: only the attributes and data paths some route uses are decoded.
 */
public final class RouteTable {
    private final FilterCompiler compiler;
    private final ThreadLocal<SelectiveEvent> views = new ThreadLocal<>();
    private volatile Snapshot snapshot = new Snapshot(RouteIndex.empty(), ReadPlan.of(Set.of(), Set.of()));

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
        put(id, result.orThrow());
        return result;
    }

    /** Adds route {@code id} with a filter compiled elsewhere (any dialect), or replaces it. */
    public void put(String id, CompiledFilter filter) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filter, "filter");
        synchronized (this) {
            publish(snapshot.index.with(id, filter));
        }
    }

    /** Removes route {@code id}; false when there was none. */
    public boolean remove(String id) {
        synchronized (this) {
            RouteIndex next = snapshot.index.without(Objects.requireNonNull(id, "id"));
            if (next == snapshot.index) {
                return false;
            }
            publish(next);
            return true;
        }
    }

    // Called with the lock held. The read plan changes only when the set of fields read changes.
    private void publish(RouteIndex index) {
        Snapshot current = snapshot;
        Set<String> attributes = index.attributes();
        Set<DataPointer> pointers = index.dataPointers();
        ReadPlan plan = attributes.equals(current.attributes) && pointers.equals(current.pointers)
                ? current.plan : ReadPlan.of(attributes, pointers);
        snapshot = new Snapshot(index, plan, attributes, pointers);
    }

    /** Number of routes. */
    public int size() {
        return snapshot.index.size();
    }

    /** The ids of all routes, in the order they were first added. */
    public List<String> ids() {
        return snapshot.index.ids();
    }

    /** The compiled filter of route {@code id}, or null. */
    public CompiledFilter filter(String id) {
        return snapshot.index.filter(id);
    }

    /** The current index: an immutable snapshot of every route. */
    public RouteIndex index() {
        return snapshot.index;
    }

    /**
     * The ids of the routes whose filter is true for this structured-mode CloudEvent, reading from the
     * bytes only what some route uses.
     *
     * @throws io.eventroute.runtime.event.InvalidEventException when the bytes are not a JSON object
     */
    public List<String> match(byte[] structuredJson) {
        Snapshot s = snapshot;
        SelectiveEvent view = views.get();
        if (view == null || view.plan() != s.plan) {
            view = new SelectiveEvent(s.plan);
            views.set(view);
        }
        return s.index.match(view.read(structuredJson));
    }

    /** The ids of the routes whose filter is true for this event. */
    public List<String> match(EventView event) {
        return snapshot.index.match(event);
    }

    private static final class Snapshot {
        final RouteIndex index;
        final ReadPlan plan;
        final Set<String> attributes;
        final Set<DataPointer> pointers;

        Snapshot(RouteIndex index, ReadPlan plan) {
            this(index, plan, Set.of(), Set.of());
        }

        Snapshot(RouteIndex index, ReadPlan plan, Set<String> attributes, Set<DataPointer> pointers) {
            this.index = index;
            this.plan = plan;
            this.attributes = attributes;
            this.pointers = pointers;
        }
    }
}
