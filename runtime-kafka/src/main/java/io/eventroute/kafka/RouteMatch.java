package io.eventroute.kafka;

import io.eventroute.runtime.EventRoute;
import java.util.List;

/**
 * What {@link LiveRoutes#match} found for one event: the routes whose filter is true and the twin the
 * event is about. Immutable; thread-safe.
 *
 * @param routes the matching routes (empty when none matched): adt routes in the order they were first
 *     added, then cesql routes likewise
 * @param twin the twin the event is about (its per-twin order key), or null when it names none
 */
public record RouteMatch(List<EventRoute> routes, String twin) {
    /** Keeps a copy of the routes. */
    public RouteMatch {
        routes = List.copyOf(routes);
    }
}
