package io.eventroute.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.FilterCompilationException;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.RouteStore;
import io.eventroute.runtime.Router;
import io.eventroute.runtime.ValidationJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * The routes of a running server: the router's live table, the durable store and the ordered index
 * that paging reads. Writes are serialised so that the three never disagree; reads take no lock.
 */
public final class RouteService {
    /** Route ids: the endpoint-name rule of the configuration file. */
    static final Pattern ROUTE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final Router router;
    private final RouteStore store;
    private final int maxRoutes;
    /** Every stored route by id; paging walks it in id order, so a listing survives changes. */
    private final ConcurrentSkipListMap<String, EventRoute> routes = new ConcurrentSkipListMap<>();
    /** Stored routes that are not routed, with the reason (an endpoint gone from the file, a filter that no longer compiles). */
    private final Map<String, String> unrouted = new ConcurrentHashMap<>();
    private final Object writes = new Object();

    public RouteService(Router router, RouteStore store, int maxRoutes) {
        this.router = router;
        this.store = store;
        this.maxRoutes = maxRoutes;
    }

    /**
     * Upserts {@code fileRoutes} into the store, then routes every stored route. A stored route that
     * cannot be routed is kept and reported, never fatal.
     *
     * @return one line per stored route that is not routed: its id and the problem
     */
    public List<String> start(List<EventRoute> fileRoutes) {
        synchronized (writes) {
            store.putAll(fileRoutes);
            List<String> problems = new ArrayList<>();
            List<EventRoute> stored = store.load();
            List<EventRoute> routable = new ArrayList<>(stored.size());
            Set<String> endpoints = router.endpoints().keySet();
            for (EventRoute r : stored) {
                routes.put(r.id(), r);
                if (endpoints.contains(r.endpointName())) {
                    routable.add(r);
                } else {
                    String problem = "its endpoint '" + r.endpointName() + "' is not in the configuration";
                    unrouted.put(r.id(), problem);
                    problems.add("stored route '" + r.id() + "' is not routed: " + problem);
                }
            }
            try {
                // All at once (compiled in parallel, filed and published together): a restart's whole table.
                router.putRoutes(routable);
            } catch (FilterCompilationException e) {
                // Some stored filter no longer compiles: route the others one by one, telling which.
                for (EventRoute r : routable) {
                    String problem = install(r);
                    if (problem != null) {
                        unrouted.put(r.id(), problem);
                        problems.add("stored route '" + r.id() + "' is not routed: " + problem);
                    }
                }
            }
            return problems;
        }
    }

    private String install(EventRoute r) {
        if (!router.endpoints().containsKey(r.endpointName())) {
            return "its endpoint '" + r.endpointName() + "' is not in the configuration";
        }
        try {
            router.putRoute(r);
            return null;
        } catch (FilterCompilationException e) {
            Diagnostic first = e.errors().get(0);
            return "its filter does not compile (" + first.code().code() + " at line " + first.line() + ", column "
                    + first.column() + ": " + first.message() + ")";
        }
    }

    /** Creates or replaces a route: live in the router and durable in the store when this returns. */
    void put(EventRoute route) throws ApiError {
        if (!ROUTE_ID.matcher(route.id()).matches()) {
            throw ApiError.badRequest("EventRouteIdInvalid", "The event route id '" + route.id() + "' is invalid: "
                    + "use 1 to 128 letters, digits, '-', '_' or '.', starting with a letter or digit.");
        }
        synchronized (writes) {
            if (!router.endpoints().containsKey(route.endpointName())) {
                throw ApiError.badRequest("EventRouteEndpointInvalid", "The endpoint '" + route.endpointName()
                        + "' does not exist. Endpoints: " + String.join(", ", router.endpoints().keySet()) + ".");
            }
            EventRoute previous = routes.get(route.id());
            if (previous == null && routes.size() >= maxRoutes) {
                throw ApiError.badRequest("LimitExceeded", "The event route limit (" + maxRoutes + ") has been reached.");
            }
            boolean wasRouted = previous != null && !unrouted.containsKey(route.id());
            try {
                router.putRoute(route);
            } catch (FilterCompilationException e) {
                throw filterInvalid(e, route);
            }
            try {
                store.put(route);
            } catch (RuntimeException e) {
                // Not durable, so not live either: put the router back as it was.
                if (wasRouted) {
                    router.putRoute(previous);
                } else {
                    router.removeRoute(route.id());
                }
                throw e;
            }
            routes.put(route.id(), route);
            unrouted.remove(route.id());
        }
    }

    private static ApiError filterInvalid(FilterCompilationException e, EventRoute route) {
        Diagnostic first = e.errors().get(0);
        ArrayNode details = JsonNodeFactory.instance.arrayNode();
        for (Diagnostic d : e.errors()) {
            ObjectNode item = ValidationJson.diagnostic(d, route.dialect());
            item.put("target", "filter");
            details.add(item);
        }
        // ADT's own wording, so clients that parse it keep working; our diagnostics go in details.
        String message = "The provided filter is invalid. Parsing error, Line=" + first.line() + ", Position="
                + first.column() + ", Message=" + first.message() + ".";
        return new ApiError(400, "EventRouteFilterInvalid", message, details, Map.of());
    }

    /** Deletes a route from the router and the store. False when there was none. */
    boolean delete(String id) {
        synchronized (writes) {
            if (!routes.containsKey(id)) {
                return false;
            }
            store.remove(id);
            router.removeRoute(id);
            routes.remove(id);
            unrouted.remove(id);
            return true;
        }
    }

    Optional<EventRoute> get(String id) {
        return Optional.ofNullable(routes.get(id));
    }

    /** Up to {@code size} routes with ids after {@code after} (null for the first page), in id order. */
    List<EventRoute> page(String after, int size) {
        NavigableMap<String, EventRoute> rest = after == null ? routes : routes.tailMap(after, false);
        List<EventRoute> page = new ArrayList<>(Math.min(size, 1024));
        for (EventRoute r : rest.values()) {
            if (page.size() == size) {
                break;
            }
            page.add(r);
        }
        return page;
    }

    /** True when a route exists with an id after {@code id}. */
    boolean hasAfter(String id) {
        return routes.higherKey(id) != null;
    }

    /** The number of stored routes. */
    public int size() {
        return routes.size();
    }

    /** The number of stored routes that are not routed. */
    int unroutedCount() {
        return unrouted.size();
    }
}
