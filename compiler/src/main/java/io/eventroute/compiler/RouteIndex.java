package io.eventroute.compiler;

import io.eventroute.compiler.internal.index.Index;
import io.eventroute.compiler.internal.index.RouteEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Many routes (id and compiled filter) indexed so that matching an event costs what the event
 * touches, not the number of routes: equality, IN, STARTS_WITH, LIKE 'prefix%' and IS_OF_MODEL terms
 * on attributes, {@code $model} and data paths are looked up in hash maps (a route with
 * {@code IS_OF_MODEL(m)} under every model of {@link #models} that is of {@code m}); only the rest of the filter
 * of the routes found is evaluated. Routes with nothing to look up, and routes of other dialects
 * (cesql), are evaluated for every event.
 *
 * <p>Immutable and persistent: {@link #with} and {@link #without} return a new index sharing all
 * unchanged structure with this one (O(log n) per change), so a router can publish each version to
 * matching threads with one volatile write. Thread-safe.
 */
public final class RouteIndex {
    private static final RouteIndex EMPTY = new RouteIndex(Index.empty());

    private final Index index;

    private RouteIndex(Index index) {
        this.index = index;
    }

    /** The index with no routes. */
    public static RouteIndex empty() {
        return EMPTY;
    }

    /** This index plus route {@code id}; replacing a route keeps its place in the match order. */
    public RouteIndex with(String id, CompiledFilter filter) {
        return new RouteIndex(added(index, id, filter));
    }

    /**
     * This index plus each route of {@code filters} in the map's order, as one {@link #with} each would give;
     * the intermediate indexes are never seen by anyone, so their maps are built in place rather than
     * copied per route (a table's load).
     *
     * @throws NullPointerException when an id or filter is null
     */
    public RouteIndex withAll(java.util.Map<String, CompiledFilter> filters) {
        if (filters.isEmpty()) {
            return this;
        }
        Index next = index.editing();
        for (java.util.Map.Entry<String, CompiledFilter> e : filters.entrySet()) {
            String id = Objects.requireNonNull(e.getKey(), "id");
            next = added(next, id, Objects.requireNonNull(e.getValue(), () -> "filter of route '" + id + "'"));
        }
        return new RouteIndex(next.sealed());
    }

    private static Index added(Index index, String id, CompiledFilter filter) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filter, "filter");
        // A filter the index cannot look into (cesql) is evaluated whole, for every event.
        Index next = filter.evaluator().addTo(index, id, filter);
        int size = next.size();
        if (size >= Index.SPARSE_FROM && (Integer.bitCount(size) == 1 || next.fieldCount() > index.fieldCount())) {
            // Each time the table doubles, and whenever a large table gets a new field: a field holding
            // almost no routes costs every event a lookup (see Index.sparselyFiled).
            next = refile(next);
        }
        return next;
    }

    /**
     * Files again the routes of fields that hold very few routes (see {@link Index#sparselyFiled}), each
     * time the table doubles: amortized, a constant cost per route added.
     */
    private static Index refile(Index index) {
        Index next = index;
        for (String id : index.sparselyFiled()) {
            RouteEntry e = next.get(id);
            CompiledFilter f = (CompiledFilter) e.filter();
            next = f.evaluator().refile(next, id, f);
        }
        return next;
    }

    /**
     * This index with {@code models} as the models whose inheritance {@code IS_OF_MODEL(m)} follows
     * (none at first), whatever models its filters were compiled with: each route whose matches the
     * change can alter is filed again (routes under every model that is of {@code m}), in the new index
     * only, so a reader sees the whole index before or after the change.
     */
    public RouteIndex withModels(ModelSet models) {
        Objects.requireNonNull(models, "models");
        if (models.equals(index.models())) {
            return this;
        }
        List<String> affected = index.affectedBy(models);
        Index next = index.withModels(models);
        for (String id : affected) {
            CompiledFilter f = (CompiledFilter) next.get(id).filter();
            next = f.evaluator().addTo(next, id, f);
        }
        return new RouteIndex(next);
    }

    /** The models {@code IS_OF_MODEL} follows in this index. */
    public ModelSet models() {
        return index.models();
    }

    /** This index without route {@code id} (this one when there is no such route). */
    public RouteIndex without(String id) {
        Index next = index.without(Objects.requireNonNull(id, "id"));
        return next == index ? this : new RouteIndex(next);
    }

    public int size() {
        return index.size();
    }

    public boolean contains(String id) {
        return index.get(id) != null;
    }

    /** The filter of route {@code id}; empty when there is no such route. */
    public Optional<CompiledFilter> filter(String id) {
        RouteEntry e = index.get(id);
        return e == null ? Optional.empty() : Optional.of((CompiledFilter) e.filter());
    }

    /** Route ids in the order they were first added. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (RouteEntry e : index.entries()) {
            ids.add(e.id());
        }
        return ids;
    }

    /** The ids of the routes whose filter is true for {@code event}, in the order they were first added. */
    public List<String> match(EventView event) {
        return index.match(Objects.requireNonNull(event, "event"));
    }

    /**
     * The same answer as {@link #match}, computed by evaluating every route's filter in turn: the
     * reference the index is tested against, and a baseline to measure it by. Slow.
     */
    public List<String> matchEach(EventView event) {
        return index.matchEach(Objects.requireNonNull(event, "event"));
    }

    /** The context attributes some route reads: what an event reader must extract. */
    public Set<String> attributes() {
        return index.attributes();
    }

    /** The data pointers some route reads (for a [*] path, the array it walks). */
    public Set<DataPointer> dataPointers() {
        return index.dataPointers();
    }

    /** How many routes matching {@code event} evaluates, per indexed field: for tuning. */
    public String candidates(EventView event) {
        return index.candidates(event);
    }

    /** A short description of the index: fields, keys, routes evaluated for every event. */
    public String describe() {
        return size() + " routes; indexed fields: " + index.indexedFields() + "; evaluated for every event: " + index.scanned();
    }
}
