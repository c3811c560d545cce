package io.eventroute.runtime;

import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.compiler.ModelSet;
import io.eventroute.compiler.RouteIndex;
import io.eventroute.runtime.event.ReadPlan;
import io.eventroute.runtime.event.SelectiveEvent;
import io.eventroute.runtime.internal.Payloads;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Routes by id, each with a compiled filter of any dialect and an optional payload (what a match
 * yields to its owner, such as the router's endpoint binding), matched against events through one
 * {@link RouteIndex}: the one route table of the library, which the {@link Router} and the Kafka
 * streams router wrap.
 *
 * <p>Thread-safe: any thread may add, replace and remove routes while others match without locks;
 * every change publishes one complete immutable {@link Snapshot} (index, payloads and read plan
 * together) with one volatile write, so a match sees the table as it was before or after each change,
 * never in between. Matches come in the order the routes were first added, whatever their dialect
 * (replacing a route keeps its place). Events given as JSON bytes are read by a {@link SelectiveEvent}:
 * only the attributes and data paths some route uses are decoded, plus those the table's owner asked
 * for when creating it (a router: the required attributes and those of the partition key).
 *
 * @param <P> the payload type ({@link Void} for a table of filters only)
 */
public final class RouteTable<P> {
    private final FilterCompiler compiler;
    private final Set<String> alwaysRead; // attributes decoded from every event, whether a route uses them or not
    private final Set<DataPointer> alwaysReadData; // likewise, data pointers
    private final Map<Dialect, FilterCompiler> compilers = new EnumMap<>(Dialect.class);
    private final ThreadLocal<SelectiveEvent> views = new ThreadLocal<>();
    private volatile Snapshot<P> snapshot;

    private RouteTable(FilterCompiler compiler, Set<String> alwaysRead, Set<DataPointer> alwaysReadData) {
        this.alwaysReadData = Set.copyOf(alwaysReadData);
        this.compiler = compiler;
        this.alwaysRead = Set.copyOf(alwaysRead);
        for (Dialect d : Dialect.values()) {
            compilers.put(d, d == compiler.dialect() ? compiler
                    : FilterCompiler.builder().dialect(d).limits(compiler.limits()).build());
        }
        snapshot = new Snapshot<>(this, RouteIndex.empty(), Payloads.empty(), ReadPlan.of(this.alwaysRead,
                this.alwaysReadData), this.alwaysRead, this.alwaysReadData);
    }

    /** An empty table of filters compiled in the {@code adt} dialect with the default limits. */
    public static RouteTable<Void> create() {
        return create(FilterCompiler.builder().build());
    }

    /** An empty table of filters compiled with {@code compiler}. */
    public static RouteTable<Void> create(FilterCompiler compiler) {
        return withPayloads(compiler, Set.of());
    }

    /**
     * An empty table whose routes carry payloads of type {@code P}; filter text is compiled with
     * {@code compiler}, or in another dialect with the same limits. Events read through it also
     * decode {@code alwaysRead}, the attributes its owner needs whatever the routes use.
     */
    public static <P> RouteTable<P> withPayloads(FilterCompiler compiler, Set<String> alwaysRead) {
        return withPayloads(compiler, alwaysRead, Set.of());
    }

    /** As {@link #withPayloads(FilterCompiler, Set)}, also decoding the data pointers {@code alwaysReadData}. */
    public static <P> RouteTable<P> withPayloads(FilterCompiler compiler, Set<String> alwaysRead, Set<DataPointer> alwaysReadData) {
        return new RouteTable<>(Objects.requireNonNull(compiler, "compiler"), Objects.requireNonNull(alwaysRead, "alwaysRead"),
                Objects.requireNonNull(alwaysReadData, "alwaysReadData"));
    }

    /** Compiles {@code filter} in {@code dialect} with this table's limits; changes nothing. */
    public CompileResult compile(Dialect dialect, String filter) {
        return compilers.get(Objects.requireNonNull(dialect, "dialect")).withModels(models())
                .compile(Objects.requireNonNull(filter, "filter"));
    }

    /**
     * Makes {@code models} the models whose inheritance {@code IS_OF_MODEL} follows in every route
     * (see {@link RouteIndex#withModels}); the routes they affect are filed again, and the change is
     * published as one snapshot, like a route change.
     */
    public void models(ModelSet models) {
        Objects.requireNonNull(models, "models");
        synchronized (this) {
            Snapshot<P> s = snapshot;
            publish(s.index.withModels(models), s.payloads);
        }
    }

    /** The models {@code IS_OF_MODEL} follows (none until {@link #models(ModelSet)}). */
    public ModelSet models() {
        return snapshot.index.models();
    }

    /**
     * Adds route {@code id} without a payload, or replaces its filter, compiling {@code filter} with the
     * table's compiler.
     *
     * @return the compile result (its warnings are worth showing to whoever wrote the filter)
     * @throws io.eventroute.compiler.FilterCompilationException with the diagnostics when the filter has
     *     errors; the table is then unchanged
     */
    public CompileResult put(String id, String filter) {
        Objects.requireNonNull(id, "id");
        CompileResult result = compiler.withModels(models()).compile(Objects.requireNonNull(filter, "filter"));
        put(id, result.orThrow(), null);
        return result;
    }

    /** Adds route {@code id} with a filter compiled elsewhere (any dialect) and no payload, or replaces it. */
    public void put(String id, CompiledFilter filter) {
        put(id, filter, null);
    }

    /** Adds route {@code id} with a filter compiled elsewhere (any dialect) and a payload, or replaces both. */
    public void put(String id, CompiledFilter filter, P payload) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filter, "filter");
        synchronized (this) {
            Snapshot<P> s = snapshot;
            publish(s.index.with(id, filter), s.payloads.with(id, payload));
        }
    }

    /**
     * Adds the routes of {@code filters} without payloads, or replaces their filters, in the map's
     * iteration order (give a {@link java.util.LinkedHashMap} for the file's order), and publishes them
     * as one snapshot: a match sees none of them or all. The table is the same as after one
     * {@link #put(String, CompiledFilter)} each, but loading a large table this way skips computing and
     * publishing a snapshot per route.
     *
     * @throws NullPointerException when an id or filter is null; the table is then unchanged
     */
    public void putAll(Map<String, CompiledFilter> filters) {
        putAll(filters, Map.of());
    }

    /**
     * As {@link #putAll(Map)}, each route with its payload in {@code payloads} (null when it has none
     * there): one snapshot for all, the same table as one {@link #put(String, CompiledFilter, Object)} each.
     *
     * @throws NullPointerException when an id or filter is null; the table is then unchanged
     */
    public void putAll(Map<String, CompiledFilter> filters, Map<String, ? extends P> payloads) {
        Objects.requireNonNull(filters, "filters");
        Objects.requireNonNull(payloads, "payloads");
        synchronized (this) {
            Snapshot<P> s = snapshot;
            RouteIndex index = s.index.withAll(filters);
            if (index != s.index) {
                publish(index, s.payloads.withAll(filters.keySet(), payloads::get));
            }
        }
    }

    /** Removes route {@code id}; false when there was none. */
    public boolean remove(String id) {
        Objects.requireNonNull(id, "id");
        synchronized (this) {
            Snapshot<P> s = snapshot;
            RouteIndex next = s.index.without(id);
            if (next == s.index) {
                return false;
            }
            publish(next, s.payloads.without(id));
            return true;
        }
    }

    // Called with the lock held. The read plan changes only when the set of fields read changes.
    private void publish(RouteIndex index, Payloads<P> payloads) {
        Snapshot<P> current = snapshot;
        Set<String> attributes = index.attributes();
        if (!attributes.containsAll(alwaysRead)) {
            attributes = new HashSet<>(attributes);
            attributes.addAll(alwaysRead);
        }
        Set<DataPointer> pointers = index.dataPointers();
        if (!pointers.containsAll(alwaysReadData)) {
            pointers = new HashSet<>(pointers);
            pointers.addAll(alwaysReadData);
        }
        ReadPlan plan = attributes.equals(current.attributes) && pointers.equals(current.pointers)
                ? current.plan : ReadPlan.of(attributes, pointers);
        snapshot = new Snapshot<>(this, index, payloads, plan, attributes, pointers);
    }

    /** The table as it is now: every route, its payload and the read plan, immutable. */
    public Snapshot<P> snapshot() {
        return snapshot;
    }

    /** Number of routes. */
    public int size() {
        return snapshot.size();
    }

    /** The ids of all routes, in the order they were first added. */
    public List<String> ids() {
        return snapshot.ids();
    }

    /** The compiled filter of route {@code id}; empty when there is no such route. */
    public Optional<CompiledFilter> filter(String id) {
        return snapshot.filter(id);
    }

    /** The payload of route {@code id}; empty when there is no such route or it has no payload. */
    public Optional<P> payload(String id) {
        return snapshot.payload(id);
    }

    /** The current index: an immutable snapshot of every route's filter. */
    public RouteIndex index() {
        return snapshot.index;
    }

    /**
     * The ids of the routes whose filter is true for this structured-mode CloudEvent, reading from the
     * bytes only what some route uses.
     *
     * @throws io.eventroute.runtime.event.InvalidEventException when the bytes are not one JSON object
     *     without repeated member names
     */
    public List<String> match(byte[] structuredJson) {
        Snapshot<P> s = snapshot;
        return s.match(s.read(structuredJson));
    }

    /** The ids of the routes whose filter is true for this event. */
    public List<String> match(EventView event) {
        return snapshot.match(event);
    }

    /**
     * One version of a {@link RouteTable}: the index of every route's filter, their payloads and the
     * read plan of the fields they use. Immutable; thread-safe (its {@link #read} gives each thread its
     * own reader).
     *
     * @param <P> the payload type
     */
    public static final class Snapshot<P> {
        private final RouteTable<P> table;
        private final RouteIndex index;
        private final Payloads<P> payloads;
        private final ReadPlan plan;
        private final Set<String> attributes;
        private final Set<DataPointer> pointers;

        private Snapshot(RouteTable<P> table, RouteIndex index, Payloads<P> payloads, ReadPlan plan,
                Set<String> attributes, Set<DataPointer> pointers) {
            this.table = table;
            this.index = index;
            this.payloads = payloads;
            this.plan = plan;
            this.attributes = attributes;
            this.pointers = pointers;
        }

        /**
         * Reads a structured-mode CloudEvent with this thread's reader, which extracts what this
         * snapshot's routes use. The reader is reused by the thread's next read, from any table.
         *
         * @throws io.eventroute.runtime.event.InvalidEventException when the bytes are not one JSON object
         *     without repeated member names
         */
        public SelectiveEvent read(byte[] structuredJson) {
            Objects.requireNonNull(structuredJson, "structuredJson");
            SelectiveEvent view = table.views.get();
            if (view == null || view.plan() != plan) {
                view = new SelectiveEvent(plan);
                table.views.set(view);
            }
            return view.read(structuredJson);
        }

        /** The ids of the routes whose filter is true for {@code event}, in the order they were first added. */
        public List<String> match(EventView event) {
            return index.match(event);
        }

        /**
         * The payloads of the routes whose filter is true for {@code event}, in the order the routes were
         * first added (routes without a payload are left out).
         */
        public List<P> matchPayloads(EventView event) {
            List<String> ids = index.match(event);
            List<P> out = new ArrayList<>(ids.size());
            for (String id : ids) {
                P p = payloads.get(id);
                if (p != null) {
                    out.add(p);
                }
            }
            return out;
        }

        /** Number of routes. */
        public int size() {
            return index.size();
        }

        /** Whether there is a route {@code id}. */
        public boolean contains(String id) {
            return index.contains(id);
        }

        /** The ids of all routes, in the order they were first added. */
        public List<String> ids() {
            return index.ids();
        }

        /** The payloads of all routes, in the order they were first added (routes without one left out). */
        public List<P> payloads() {
            List<P> out = new ArrayList<>(payloads.size());
            for (String id : index.ids()) {
                P p = payloads.get(id);
                if (p != null) {
                    out.add(p);
                }
            }
            return out;
        }

        /** The compiled filter of route {@code id}; empty when there is no such route. */
        public Optional<CompiledFilter> filter(String id) {
            return index.filter(id);
        }

        /** The payload of route {@code id}; empty when there is no such route or it has no payload. */
        public Optional<P> payload(String id) {
            return Optional.ofNullable(payloads.get(id));
        }

        /** The index of every route's filter. */
        public RouteIndex index() {
            return index;
        }
    }
}
