package io.eventroute.cli.config;

import io.eventroute.runtime.DeliveryOptions;
import io.eventroute.runtime.EventRoute;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A checked configuration of {@code eventroute route}: endpoints, routes, where dead letters go and
 * the default delivery options. Only {@link ConfigLoader} makes one, and only from a file without
 * errors. Immutable; thread-safe.
 *
 * @param endpoints the endpoints in file order
 * @param routes the routes in file order, each with its line
 * @param deadLetter the dead-letter directory, or null when the file names none (failed events are
 *     then counted and logged, not kept)
 * @param delivery the default delivery options (each endpoint carries its own, overrides applied)
 * @param models the DTDL models of {@code models:} ({@link ModelsConfig#NONE} when there are none)
 */
public record RouteConfig(List<EndpointConfig> endpoints, List<RouteEntry> routes, Path deadLetter,
        DeliveryOptions delivery, ModelsConfig models) {
    public RouteConfig {
        endpoints = List.copyOf(endpoints);
        routes = List.copyOf(routes);
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(models, "models");
    }

    /** A configuration without models. */
    public RouteConfig(List<EndpointConfig> endpoints, List<RouteEntry> routes, Path deadLetter, DeliveryOptions delivery) {
        this(endpoints, routes, deadLetter, delivery, ModelsConfig.NONE);
    }

    /**
     * A route, the line of the file where it starts, and its filter as checking the file compiled it
     * (so that the router files it without compiling it again).
     */
    public record RouteEntry(EventRoute route, int line, io.eventroute.compiler.CompiledFilter filter) {
        public RouteEntry {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(filter, "filter");
        }
    }
}
