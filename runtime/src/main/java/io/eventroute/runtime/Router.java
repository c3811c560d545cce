package io.eventroute.runtime;

import io.cloudevents.CloudEvent;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.ConditionValue;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.compiler.Limits;
import io.eventroute.compiler.ModelSet;
import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.event.CloudEventFormat;
import io.eventroute.runtime.event.InvalidEventException;
import io.eventroute.runtime.event.SelectiveEvent;
import io.eventroute.runtime.internal.Counts;
import io.eventroute.runtime.internal.DeadLetterStore;
import io.eventroute.runtime.internal.EndpointWorker;
import io.eventroute.runtime.internal.EventTracker;
import io.eventroute.runtime.internal.Envelope;
import io.eventroute.runtime.internal.LatencyRecorder;
import io.eventroute.runtime.internal.Pending;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Routes CloudEvents to endpoints by event routes, as Azure Digital Twins does: endpoints are registered
 * by name with a kind and settings, routes name an endpoint and a filter, and every event is matched
 * against every route and queued once for each route it matches. Each endpoint has a bounded queue
 * (a full one makes {@code route} wait), sends up to {@code maxConcurrency} batches at once, retries
 * transient failures with backoff, and dead-letters what it cannot deliver. Delivery is at least once,
 * in order per twin (per partition key) at each endpoint; different twins may overtake one another.
 *
 * <p>Thread-safe: any thread may route events, and change routes and endpoints while events flow. A
 * route change applies atomically: an event is matched against the routes either before or after it.
 */
public final class Router implements AutoCloseable {
    private final EndpointKinds kinds;
    private final DeliveryOptions defaults;
    private final DeadLetterStore deadLetters;
    // Every route with its binding, in one snapshot: a match sees each route change whole.
    private final RouteTable<Binding> routes;
    private final TwinModels twins; // null: no twin -> model map
    // Serializes changes of routes and endpoints, so "a route's endpoint exists" holds when both change.
    private final Object changes = new Object();
    private final ConcurrentHashMap<String, Registered> endpoints = new ConcurrentHashMap<>();
    // Endpoints replaced or removed whose queues are still draining: close waits for them too.
    private final Set<EndpointWorker> retiring = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Counts> routeCounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counts> endpointCounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LatencyRecorder> latencies = new ConcurrentHashMap<>();
    private final LongAdder events = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private volatile boolean closed;
    // The endpoints the first close stopped; a later close waits for them too. Guarded by changes.
    private List<EndpointWorker> closedWorkers = List.of();

    private record Binding(EventRoute route, Counts counts) {
    }

    private record Registered(EndpointWorker worker, String kind, DeliveryOptions options) {
    }

    Router(EndpointKinds kinds, DeliveryOptions delivery, Path deadLetterDirectory, Limits limits, TwinModels twins) {
        this.kinds = kinds;
        this.defaults = delivery;
        this.deadLetters = deadLetterDirectory == null ? null : new DeadLetterStore(deadLetterDirectory, Clock.systemUTC());
        this.routes = RouteTable.withPayloads(FilterCompiler.builder().limits(limits).build(),
                CloudEventFormat.ROUTER_ATTRIBUTES, twins == null ? Set.of() : TwinModels.READS);
        this.twins = twins;
    }

    /** A builder with the default endpoint kinds and delivery options, and no dead-letter directory. */
    public static RouterBuilder builder() {
        return new RouterBuilder();
    }

    // ---------------------------------------------------------------- endpoints

    /** Registers (or replaces) endpoint {@code name} with the router's default delivery options. */
    public void putEndpoint(String name, String kind, Map<String, String> settings) {
        putEndpoint(name, kind, settings, defaults);
    }

    /**
     * Registers endpoint {@code name} of kind {@code kind}. Replacing an endpoint sends new events to the
     * new one at once and waits for the old one to drain (up to the old endpoint's own close timeout);
     * what it cannot deliver by then fails with "the endpoint was replaced".
     *
     * @throws IllegalArgumentException for a bad name, an unknown kind or bad settings; nothing changes
     * @throws IllegalStateException when the router is closed
     */
    public void putEndpoint(String name, String kind, Map<String, String> settings, DeliveryOptions options) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(options, "options");
        EndpointNames.problem(name).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        Registered old;
        synchronized (changes) {
            requireOpen();
            EndpointSender sender = kinds.create(kind, name, settings);
            EndpointWorker worker = new EndpointWorker(name, sender, options, countsOf(endpointCounts, name),
                    latencies.computeIfAbsent(name, k -> new LatencyRecorder()), deadLetters);
            worker.start();
            Registered previous = endpoints.put(name, new Registered(worker, kind, options));
            old = previous;
            if (old != null) {
                retiring.add(old.worker);
            }
        }
        if (old != null) {
            retire(old, "the endpoint was replaced");
        }
    }

    /**
     * Removes endpoint {@code name} once what is queued for it is delivered (or the endpoint's own close
     * timeout passes: what is left then fails with "the endpoint was removed").
     *
     * @return false when there is no such endpoint
     * @throws IllegalStateException when routes still send to it; nothing changes
     */
    public boolean removeEndpoint(String name) {
        Registered removed;
        synchronized (changes) {
            List<String> users = new ArrayList<>();
            for (Binding b : routes.snapshot().payloads()) {
                if (b.route.endpointName().equals(name)) {
                    users.add(b.route.id());
                }
            }
            if (!users.isEmpty()) {
                throw new IllegalStateException("endpoint '" + name + "' is used by route(s) " + String.join(", ", users)
                        + "; remove them or point them elsewhere first");
            }
            removed = endpoints.remove(name);
            if (removed != null) {
                retiring.add(removed.worker);
            }
        }
        if (removed == null) {
            return false;
        }
        retire(removed, "the endpoint was removed");
        return true;
    }

    // Drains a replaced or removed endpoint within its own close timeout.
    private void retire(Registered r, String reason) {
        r.worker.shutdown(r.options.closeTimeout(), reason);
        retiring.remove(r.worker);
    }

    /** The endpoint kinds this router creates endpoints of, with their settings specifications. */
    public EndpointKinds endpointKinds() {
        return kinds;
    }

    /** The endpoints' names and kinds, sorted by name (settings are not shown: they may hold secrets). */
    public Map<String, String> endpoints() {
        Map<String, String> out = new TreeMap<>();
        endpoints.forEach((name, r) -> out.put(name, r.kind));
        return out;
    }

    /**
     * Connects to endpoint {@code name} once, without sending an event (see {@link EndpointSender#verify}),
     * so that a wrong host, entity or credential shows before the first event does. Safe while events flow.
     *
     * @throws IllegalArgumentException when there is no such endpoint
     * @throws DeliveryException when the endpoint cannot be reached; its message says why, without secrets
     */
    public void verifyEndpoint(String name, Duration timeout) throws DeliveryException {
        Objects.requireNonNull(timeout, "timeout");
        Registered r = endpoints.get(Objects.requireNonNull(name, "name"));
        if (r == null) {
            throw new IllegalArgumentException("no endpoint '" + name + "' (registered: " + registeredEndpoints() + ")");
        }
        r.worker.sender().verify(timeout);
    }

    /**
     * The sender of endpoint {@code name} if it is a {@code type}, such as a
     * {@link io.eventroute.runtime.endpoint.memory.MemoryEndpoint} to read what was delivered.
     */
    public <T extends EndpointSender> Optional<T> sender(String name, Class<T> type) {
        Registered r = endpoints.get(name);
        EndpointSender s = r == null ? null : r.worker.sender();
        return type.isInstance(s) ? Optional.of(type.cast(s)) : Optional.empty();
    }

    // ---------------------------------------------------------------- routes

    /** Registers (or replaces) a route in the {@code adt} dialect to the endpoint's default entity. */
    public CompileResult putRoute(String id, String endpointName, String filter) {
        return putRoute(EventRoute.of(id, endpointName, filter));
    }

    /**
     * Registers route {@code route.id()}, or replaces it. Events already queued for the old route are
     * still delivered.
     *
     * @return the filter's compile result (its warnings are worth showing to the filter's author)
     * @throws IllegalArgumentException when the endpoint is not registered; nothing changes
     * @throws io.eventroute.compiler.FilterCompilationException with the diagnostics when the filter has
     *     errors; nothing changes
     * @throws IllegalStateException when the router is closed
     */
    public CompileResult putRoute(EventRoute route) {
        Objects.requireNonNull(route, "route");
        synchronized (changes) {
            requireOpen();
            if (!endpoints.containsKey(route.endpointName())) {
                throw new IllegalArgumentException("route '" + route.id() + "' names endpoint '" + route.endpointName()
                        + "', which is not registered (registered: "
                        + registeredEndpoints() + ")");
            }
            CompileResult result = routes.compile(route.dialect(), route.filter());
            CompiledFilter filter = result.orThrow();
            routes.put(route.id(), filter, new Binding(route, countsOf(routeCounts, route.id())));
            return result;
        }
    }

    /**
     * Registers (or replaces) every route of {@code routes} as one change, as one {@link #putRoute} each
     * in list order would (a later route of the same id replaces an earlier one) but with all or nothing:
     * matching sees none of them or all, and when one names an unregistered endpoint or has a filter
     * with errors, nothing changes. The filters are compiled on the common pool's threads, each distinct
     * text once (routes sharing a filter share its compiled form), and filed and published together: a
     * configuration of 100,000 routes loads in a fraction of the time of one {@link #putRoute} each.
     *
     * @return each route's compile result, in the order of {@code routes}
     * @throws IllegalArgumentException when a route names an endpoint that is not registered (the first
     *     such route is named); nothing changes
     * @throws io.eventroute.compiler.FilterCompilationException with the diagnostics of the first route,
     *     in list order, whose filter has errors; nothing changes
     * @throws IllegalStateException when the router is closed
     */
    public List<CompileResult> putRoutes(List<EventRoute> routes) {
        Objects.requireNonNull(routes, "routes");
        routes.forEach(r -> Objects.requireNonNull(r, "route"));
        synchronized (changes) {
            requireOpen();
            requireEndpoints(routes);
            io.eventroute.compiler.CompileCache cache = new io.eventroute.compiler.CompileCache(this.routes::compile);
            List<CompileResult> results = routes.parallelStream().map(r -> cache.compile(r.dialect(), r.filter())).toList();
            // In list order: the first filter with errors is the one reported.
            List<CompiledFilter> filters = new ArrayList<>(results.size());
            for (CompileResult result : results) {
                filters.add(result.orThrow());
            }
            file(routes, filters);
            return results;
        }
    }

    /**
     * As {@link #putRoutes(List)}, with each route's filter compiled already (as checking a configuration
     * compiles them): route {@code i} is filed with {@code filters.get(i)}, compiled from its filter text in
     * its dialect, and is not compiled again.
     *
     * @throws IllegalArgumentException when the lists differ in length, a filter is not the one of its
     *     route, or a route names an endpoint that is not registered; nothing changes
     * @throws IllegalStateException when the router is closed
     */
    public void putRoutes(List<EventRoute> routes, List<CompiledFilter> filters) {
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(filters, "filters");
        if (routes.size() != filters.size()) {
            throw new IllegalArgumentException(routes.size() + " routes but " + filters.size() + " filters");
        }
        for (int i = 0; i < routes.size(); i++) {
            EventRoute r = Objects.requireNonNull(routes.get(i), "route");
            CompiledFilter f = Objects.requireNonNull(filters.get(i), "filter");
            if (!f.source().equals(r.filter()) || f.dialect() != r.dialect()) {
                throw new IllegalArgumentException("route '" + r.id() + "' was given a filter compiled from other text or "
                        + "another dialect");
            }
        }
        synchronized (changes) {
            requireOpen();
            requireEndpoints(routes);
            file(routes, filters);
        }
    }

    // Called with the changes lock held.
    private void requireEndpoints(List<EventRoute> routes) {
        for (EventRoute route : routes) {
            if (!endpoints.containsKey(route.endpointName())) {
                throw new IllegalArgumentException("route '" + route.id() + "' names endpoint '" + route.endpointName()
                        + "', which is not registered (registered: " + registeredEndpoints() + ")");
            }
        }
    }

    // Called with the changes lock held, once nothing can fail. A later route of an id replaces an earlier
    // one in its place, as putRoute each would; counters are made only now, so a refused change leaves none.
    private void file(List<EventRoute> routes, List<CompiledFilter> filters) {
        Map<String, CompiledFilter> byId = new LinkedHashMap<>();
        Map<String, EventRoute> latest = new java.util.HashMap<>();
        for (int i = 0; i < routes.size(); i++) {
            byId.put(routes.get(i).id(), filters.get(i));
            latest.put(routes.get(i).id(), routes.get(i));
        }
        Map<String, Binding> bindings = new java.util.HashMap<>();
        latest.forEach((id, route) -> bindings.put(id, new Binding(route, countsOf(routeCounts, id))));
        this.routes.putAll(byId, bindings);
    }

    /**
     * Removes route {@code id} and its counters; events already queued for it are still delivered. False
     * when there was none.
     */
    public boolean removeRoute(String id) {
        synchronized (changes) {
            if (!routes.remove(id)) {
                return false;
            }
            routeCounts.remove(id);
            return true;
        }
    }

    /**
     * Makes {@code models} the DTDL models whose inheritance {@code IS_OF_MODEL} follows in every route;
     * an event is matched against the routes with the models before or after the change, never a mix.
     */
    public void models(ModelSet models) {
        synchronized (changes) {
            routes.models(models);
        }
    }

    /** The models {@code IS_OF_MODEL} follows (none unless set). */
    public ModelSet models() {
        return routes.models();
    }

    /** The twin -> model map this router learns from and reads (see {@link Builder#twinModels}), if it has one. */
    public Optional<TwinModels> twinModels() {
        return Optional.ofNullable(twins);
    }

    /** The routes, in the order they were first registered. */
    public List<EventRoute> routes() {
        List<EventRoute> out = new ArrayList<>();
        for (Binding b : routes.snapshot().payloads()) {
            out.add(b.route);
        }
        return out;
    }

    // ---------------------------------------------------------------- events

    /**
     * Routes a structured-mode CloudEvent given as JSON bytes, which endpoints receive unchanged. Waits
     * while a matched endpoint's queue is full.
     *
     * @return the number of routes it matched (the deliveries queued)
     * @throws InvalidEventException when the bytes are not a CloudEvent (not JSON, or without
     *     {@code specversion}, {@code id}, {@code source} or {@code type})
     * @throws IllegalStateException when the router is closed
     */
    public int route(byte[] structuredJson) {
        Objects.requireNonNull(structuredJson, "structuredJson");
        requireOpen();
        RouteTable.Snapshot<Binding> table = routes.snapshot();
        SelectiveEvent event = readCloudEvent(table, structuredJson);
        return dispatch(table, event, structuredJson);
    }

    /**
     * Routes an event already decoded into {@code view} (matched as is), whose structured-mode JSON is
     * {@code structuredJson} (delivered as is).
     *
     * @return the number of routes it matched
     * @throws InvalidEventException when the view lacks an attribute every CloudEvent has
     * @throws IllegalStateException when the router is closed
     */
    public int route(EventView view, byte[] structuredJson) {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(structuredJson, "structuredJson");
        requireOpen();
        try {
            CloudEventFormat.requireCloudEvent(view);
        } catch (InvalidEventException e) {
            rejected.increment();
            throw e;
        }
        return dispatch(routes.snapshot(), view, structuredJson);
    }

    /**
     * A dry run: the ids of the routes {@code structuredJson} would match, in registration order, without
     * routing it. Nothing is counted or delivered, and the twin map is read but not taught.
     *
     * @throws InvalidEventException when the bytes are not a CloudEvent
     */
    public List<String> matchingRoutes(byte[] structuredJson) {
        Objects.requireNonNull(structuredJson, "structuredJson");
        RouteTable.Snapshot<Binding> table = routes.snapshot();
        EventView view = dryRunView(table, structuredJson);
        List<String> ids = new ArrayList<>();
        for (Binding b : table.matchPayloads(view)) {
            ids.add(b.route.id());
        }
        return ids;
    }

    /**
     * Why route {@code routeId} matches {@code structuredJson} or not: the value of its filter and of each
     * condition in it (see {@link CompiledFilter#conditions}), without routing the event; empty when there
     * is no such route.
     *
     * @throws InvalidEventException when the bytes are not a CloudEvent
     */
    public Optional<List<ConditionValue>> conditions(String routeId, byte[] structuredJson) {
        Objects.requireNonNull(routeId, "routeId");
        Objects.requireNonNull(structuredJson, "structuredJson");
        RouteTable.Snapshot<Binding> table = routes.snapshot();
        Optional<CompiledFilter> filter = table.filter(routeId);
        return filter.isEmpty() ? Optional.empty() : Optional.of(filter.get().conditions(dryRunView(table, structuredJson)));
    }

    private EventView dryRunView(RouteTable.Snapshot<Binding> table, byte[] structuredJson) {
        SelectiveEvent event = table.read(structuredJson);
        CloudEventFormat.requireCloudEvent(event);
        return twins == null ? event : twins.view(event);
    }

    // Reads an event with the table's plan and checks it is a CloudEvent; a refusal is counted.
    private SelectiveEvent readCloudEvent(RouteTable.Snapshot<Binding> table, byte[] structuredJson) {
        try {
            SelectiveEvent event = table.read(structuredJson);
            CloudEventFormat.requireCloudEvent(event);
            return event;
        } catch (InvalidEventException e) {
            rejected.increment();
            throw e;
        }
    }

    /**
     * Routes a structured-mode CloudEvent given as JSON bytes, as {@link #route(byte[])} does, without
     * waiting for queue space, and tells when every match has ended. For callers that acknowledge an
     * event only once nothing can lose it (serve's HTTP ingress): the future completes when each match
     * was delivered, dead-lettered or lost (see {@link DeliveryOutcome}).
     *
     * @return completes with the outcome once every match has ended (at once when nothing matched)
     * @throws InvalidEventException when the bytes are not a CloudEvent; nothing was queued
     * @throws EndpointBusyException when a matched endpoint's queue has no room for this event; nothing
     *     was queued
     * @throws IllegalStateException when the router is closed
     */
    public CompletableFuture<DeliveryOutcome> routeTracked(byte[] structuredJson) {
        Objects.requireNonNull(structuredJson, "structuredJson");
        return routeTracked(List.of(structuredJson));
    }

    /**
     * Routes structured-mode CloudEvents given as JSON bytes as one unit, as {@link #routeTracked(byte[])}
     * does each, for a request that is acknowledged whole: every event is read and matched before any is
     * queued, so a bad event or a full endpoint refuses them all with nothing queued; then each endpoint
     * gets all its matches of the request at once, in the events' order, with one hand-off to its
     * delivery threads. It never waits for queue space: a request with more matches for an endpoint than
     * that endpoint's whole queue holds could only be taken by waiting, and is refused.
     *
     * @return completes with the outcome of all the events' matches together once every one has ended (at
     *     once when nothing matched)
     * @throws InvalidEventException when an event is not a CloudEvent (its message names the event's index
     *     when there are several); nothing was queued
     * @throws EndpointBusyException when a matched endpoint's queue has no room for the request's matches
     *     now; nothing was queued
     * @throws IllegalArgumentException when the request has more matches for an endpoint than its queue
     *     holds (the message says how many of each); nothing was queued
     * @throws IllegalStateException when the router is closed
     */
    public CompletableFuture<DeliveryOutcome> routeTracked(List<byte[]> structuredJson) {
        Objects.requireNonNull(structuredJson, "structuredJson");
        requireOpen();
        RouteTable.Snapshot<Binding> table = routes.snapshot();
        int n = structuredJson.size();
        // The reader is reused for the next event, so each event's envelope is taken before it is read.
        Envelope[] envelopes = new Envelope[n];
        List<List<Binding>> matchesOf = new ArrayList<>(n);
        // What the events teach the twin map is kept aside until the request is accepted whole.
        TwinModels.Draft draft = twins == null ? null : twins.draft();
        int matched = 0;
        for (int i = 0; i < n; i++) {
            byte[] json = Objects.requireNonNull(structuredJson.get(i), "structuredJson element");
            SelectiveEvent event;
            try {
                event = readCloudEvent(table, json);
            } catch (InvalidEventException e) {
                throw n == 1 ? e : new InvalidEventException("event " + i + ": " + e.getMessage());
            }
            List<Binding> matches;
            if (draft == null) {
                matches = table.matchPayloads(event);
            } else {
                matches = table.matchPayloads(draft.view(event));
                draft.learn(event);
            }
            matchesOf.add(matches);
            if (!matches.isEmpty()) {
                envelopes[i] = Envelope.of(event, json);
                matched += matches.size();
            }
        }
        EventTracker tracker = new EventTracker(matched);
        long now = System.nanoTime();
        // Few endpoints per request: a small map in the order endpoints are first matched.
        Map<String, List<Pending>> byEndpoint = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            for (Binding b : matchesOf.get(i)) {
                byEndpoint.computeIfAbsent(b.route.endpointName(), k -> new ArrayList<>())
                        .add(new Pending(envelopes[i].forRoute(b.route.id()), b.route.topic(), b.counts, now, tracker));
            }
        }
        for (Map.Entry<String, List<Pending>> e : byEndpoint.entrySet()) {
            Registered r = endpoints.get(e.getKey());
            int needed = e.getValue().size();
            if (r != null && needed > r.worker.capacity()) {
                throw new IllegalArgumentException("the events have " + needed + " matches for endpoint '" + e.getKey()
                        + "', whose queue holds " + r.worker.capacity() + "; send fewer events at once");
            }
            if (r != null && r.worker.remainingCapacity() < needed) {
                throw new EndpointBusyException(e.getKey());
            }
        }
        if (draft != null) {
            draft.commit();
        }
        events.add(n);
        for (List<Binding> m : matchesOf) {
            if (m.isEmpty()) {
                unmatched.increment();
            }
        }
        for (Map.Entry<String, List<Pending>> e : byEndpoint.entrySet()) {
            enqueue(e.getKey(), e.getValue());
        }
        return tracker.future();
    }

    /**
     * Sends a structured-mode CloudEvent to endpoint {@code endpoint} as route {@code routeId} matched it,
     * to {@code entity} (null for the endpoint's default), without matching any filter: for sending dead
     * letters again. Counted on that route and endpoint; waits while the endpoint's queue is full; a
     * failure is retried and dead-lettered as for any event.
     *
     * @return completes with the outcome of this one delivery
     * @throws InvalidEventException when the bytes are not a CloudEvent; nothing was queued
     * @throws IllegalArgumentException when no endpoint {@code endpoint} is registered
     * @throws IllegalStateException when the router is closed
     */
    public CompletableFuture<DeliveryOutcome> deliverTo(String endpoint, String routeId, String entity,
            byte[] structuredJson) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(routeId, "routeId");
        Objects.requireNonNull(structuredJson, "structuredJson");
        requireOpen();
        if (!endpoints.containsKey(endpoint)) {
            throw new IllegalArgumentException("no endpoint '" + endpoint + "' is registered (registered: "
                    + registeredEndpoints() + ")");
        }
        SelectiveEvent event = routes.snapshot().read(structuredJson);
        CloudEventFormat.requireCloudEvent(event);
        events.increment();
        EventTracker tracker = new EventTracker(1);
        Pending p = new Pending(Envelope.of(event, structuredJson).forRoute(routeId), entity,
                countsOf(routeCounts, routeId), System.nanoTime(), tracker);
        enqueue(endpoint, p);
        return tracker.future();
    }

    /**
     * Routes a CloudEvents SDK event; endpoints receive it in the JSON event format.
     *
     * @return the number of routes it matched
     * @throws IllegalStateException when the router is closed
     */
    public int route(CloudEvent event) {
        Objects.requireNonNull(event, "event");
        return route(CloudEventFormat.toStructuredJson(event));
    }

    private int dispatch(RouteTable.Snapshot<Binding> table, EventView view, byte[] json) {
        return dispatch(matches(table, view), view, json);
    }

    // The routes an event matches; with a twin -> model map, through its view (an event's model learned
    // from its twin), and the map learns from the event.
    private List<Binding> matches(RouteTable.Snapshot<Binding> table, EventView view) {
        if (twins == null) {
            return table.matchPayloads(view);
        }
        List<Binding> matches = table.matchPayloads(twins.view(view));
        twins.learn(view);
        return matches;
    }

    private int dispatch(List<Binding> matches, EventView view, byte[] json) {
        events.increment();
        if (matches.isEmpty()) {
            unmatched.increment();
            return 0;
        }
        Envelope envelope = Envelope.of(view, json);
        long now = System.nanoTime();
        for (Binding b : matches) {
            Pending p = new Pending(envelope.forRoute(b.route.id()), b.route.topic(), b.counts, now);
            enqueue(b.route.endpointName(), p);
        }
        return matches.size();
    }

    private void enqueue(String endpoint, Pending p) {
        enqueue(endpoint, List.of(p));
    }

    // The room check of routeTracked is a snapshot: when another producer took the room meanwhile, the
    // events wait for it as route's do, since every match once counted must end somewhere.
    private void enqueue(String endpoint, List<Pending> ps) {
        Counts ec = countsOf(endpointCounts, endpoint);
        for (Pending p : ps) {
            p.routeCounts().matched.increment();
        }
        ec.matched.add(ps.size());
        EndpointWorker last = null;
        int queued = 0;
        while (queued < ps.size()) {
            Registered r = endpoints.get(endpoint);
            EndpointWorker w = r == null ? null : r.worker;
            if (w == null || w == last) {
                // Removed, or closing and not replaced by another: only a closing router gets here.
                failAll(endpoint, ps.subList(queued, ps.size()),
                        "the endpoint was removed or the router closed before the event was queued", ec);
                return;
            }
            try {
                queued += w.enqueueAll(ps.subList(queued, ps.size()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (queued < ps.size() && Thread.currentThread().isInterrupted()) {
                failAll(endpoint, ps.subList(queued, ps.size()),
                        "the routing thread was interrupted while waiting for queue space", ec);
                return;
            }
            last = w;
        }
    }

    private void failAll(String endpoint, List<Pending> ps, String reason, Counts ec) {
        for (Pending p : ps) {
            EndpointWorker.failOne(endpoint, p, reason, 0, ec, deadLetters);
        }
    }

    // ---------------------------------------------------------------- counters and lifecycle

    /** Where undeliverable events are stored, when the router keeps them. */
    public Optional<Path> deadLetterDirectory() {
        return deadLetters == null ? Optional.empty() : Optional.of(deadLetters.root());
    }

    /** The counters now: of the routes registered now, and of every endpoint ever registered. */
    public RouterStats stats() {
        Map<String, DeliveryCounts> r = new TreeMap<>();
        routeCounts.forEach((k, v) -> r.put(k, v.snapshot()));
        Map<String, DeliveryCounts> e = new TreeMap<>();
        endpointCounts.forEach((k, v) -> e.put(k, v.snapshot()));
        Map<String, LatencyHistogram> l = new TreeMap<>();
        latencies.forEach((k, v) -> l.put(k, v.snapshot()));
        return new RouterStats(events.sum(), unmatched.sum(), rejected.sum(), r, e, l);
    }

    /**
     * Waits until every event routed so far is delivered or failed (dead-lettered).
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean idle = true;
            for (Counts c : endpointCounts.values()) {
                idle &= c.snapshot().pending() == 0;
            }
            if (idle) {
                return true;
            }
            if (System.nanoTime() - end > 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }

    /** Closes within the default delivery options' close timeout; see {@link #close(Duration)}. */
    @Override
    public void close() {
        close(defaults.closeTimeout());
    }

    /**
     * Stops taking events (routing then throws {@link IllegalStateException}), delivers what is queued
     * (also for endpoints being replaced or removed) for as long as each endpoint keeps delivering,
     * until {@code timeout} has passed without any event delivered to it (no send outlasts that; each
     * event's retries stay bounded by its maxAttempts and maxRetryTime), dead-letters the rest right
     * after, and closes the endpoints, all at once: a connection that takes longer than the timeout to
     * close goes on closing in the background. Idempotent: a later call (a shutdown hook's, say) waits
     * for the same endpoints, shortening their timeout when its own is shorter, and returns true on the
     * same condition.
     *
     * @return true when every matched event was delivered or counted failed (and dead-lettered when it
     *     could be); false when an endpoint had to be stopped by force, when events may have been
     *     counted failed without a dead letter
     */
    public boolean close(Duration timeout) {
        List<EndpointWorker> workers;
        synchronized (changes) {
            if (!closed) {
                closed = true;
                List<EndpointWorker> all = new ArrayList<>();
                for (Registered r : endpoints.values()) {
                    all.add(r.worker);
                }
                all.addAll(retiring);
                closedWorkers = List.copyOf(all);
            }
            workers = closedWorkers;
        }
        for (EndpointWorker w : workers) {
            w.stopAccepting(timeout);
        }
        boolean clean = true;
        for (EndpointWorker w : workers) {
            clean &= w.awaitTermination();
        }
        return clean;
    }

    private String registeredEndpoints() {
        return endpoints.isEmpty() ? "none" : String.join(", ", endpoints().keySet());
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the router is closed");
        }
    }

    private static Counts countsOf(ConcurrentHashMap<String, Counts> map, String key) {
        Counts c = map.get(key);
        return c != null ? c : map.computeIfAbsent(key, k -> new Counts());
    }
}
