package io.eventroute.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.ConditionValue;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.runtime.DeadLetters;
import io.eventroute.runtime.DeliveryCounts;
import io.eventroute.runtime.DeliveryOutcome;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.Router;
import io.eventroute.runtime.RouterStats;
import io.eventroute.runtime.ValidationJson;
import io.eventroute.runtime.event.InvalidEventException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operations the web console needs beyond the ADT API: explain a filter, match an event against the
 * routes (and say why for one route), the live counters, and an endpoint's dead letters with their
 * replay. Each reuses the compiler's and the router's public API; nothing here routes differently from
 * {@code POST /events} or replays differently from {@code eventroute replay}. Thread-safe.
 */
final class ConsoleService {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    /** At most this many dead letters are listed; the count says how many there are. */
    static final int MAX_LISTED = 200;

    private final Router router;
    private final Map<Dialect, FilterCompiler> compilers;
    private final Duration replayTimeout;
    private final java.util.concurrent.locks.ReentrantLock replaying = new java.util.concurrent.locks.ReentrantLock();

    // The bad events of batches serve refused whole: the router never saw them.
    private final java.util.function.LongSupplier refusedInBatches;

    ConsoleService(Router router, Map<Dialect, FilterCompiler> compilers, Duration replayTimeout,
            java.util.function.LongSupplier refusedInBatches) {
        this.refusedInBatches = refusedInBatches;
        this.router = router;
        this.compilers = compilers;
        this.replayTimeout = replayTimeout;
    }

    /** {@code POST /filters:explain}: the validation of {@code /filters:validate} plus normalized form and plan. */
    ObjectNode explain(JsonNode body) throws ApiError {
        if (!body.isObject()) {
            throw ApiError.badRequest("InvalidArgument", "The body must be a JSON object with filter (and dialect).");
        }
        String filter = ApiHandler.text(body, "filter", true);
        Dialect dialect = ApiHandler.dialect(ApiHandler.text(body, "dialect", false));
        CompileResult result = compilers.get(dialect).withModels(router.models()).compile(filter);
        return ValidationJson.explain(result, dialect);
    }

    /**
     * {@code POST /events:match}: {@code {"event": {...}, "route": id}} gives the ids of the routes the
     * event matches and, when {@code route} is given, the value of each of that route's conditions.
     */
    ObjectNode match(JsonNode body) throws ApiError {
        if (!body.isObject()) {
            throw ApiError.badRequest("InvalidArgument", "The body must be a JSON object with event (and route).");
        }
        JsonNode event = body.get("event");
        if (event == null || !event.isObject()) {
            throw ApiError.badRequest("InvalidArgument", "'event' must be a CloudEvent as a JSON object, not "
                    + (event == null ? "missing" : event.getNodeType().name().toLowerCase(java.util.Locale.ROOT)) + ".");
        }
        String routeId = ApiHandler.text(body, "route", false);
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree is always writable", e);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        try {
            List<String> matches = router.matchingRoutes(json);
            matches.forEach(out.putArray("matches")::add);
            if (routeId != null) {
                EventRoute route = router.routes().stream().filter(r -> r.id().equals(routeId)).findFirst()
                        .orElseThrow(() -> new ApiError(404, "EventRouteNotFound", "There is no routed event route "
                                + "with id '" + routeId + "'."));
                Optional<List<ConditionValue>> conditions = router.conditions(routeId, json);
                if (conditions.isEmpty()) {
                    throw new ApiError(404, "EventRouteNotFound", "The event route '" + routeId + "' was just removed.");
                }
                ObjectNode why = out.putObject("route");
                why.put("id", route.id());
                why.put("endpointName", route.endpointName());
                why.put("filter", route.filter());
                why.put("dialect", route.dialect().id());
                why.put("matches", matches.contains(routeId));
                ArrayNode list = why.putArray("conditions");
                for (ConditionValue c : conditions.get()) {
                    ObjectNode item = list.addObject();
                    item.put("depth", c.depth());
                    item.put("text", c.text());
                    item.put("offset", c.offset());
                    item.put("length", c.length());
                    item.put("value", c.value() == null ? "undefined" : c.value().toString());
                }
            }
        } catch (InvalidEventException e) {
            throw ApiError.badRequest("InvalidArgument", "The event is not a valid CloudEvent: " + e.getMessage());
        }
        return out;
    }

    /** {@code GET /stats}: the router's counters, per route and per endpoint, with each one's pending events. */
    ObjectNode stats() {
        RouterStats stats = router.stats();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("events", stats.events());
        out.put("unmatched", stats.unmatched());
        out.put("rejected", stats.rejected() + refusedInBatches.getAsLong());
        // The stats hold every route registered now (zeros until it matches) and every endpoint ever registered.
        ObjectNode routes = out.putObject("routes");
        stats.routes().forEach((id, c) -> counts(routes.putObject(id), c));
        ObjectNode endpoints = out.putObject("endpoints");
        stats.endpoints().forEach((name, c) -> counts(endpoints.putObject(name), c));
        return out;
    }

    private static void counts(ObjectNode node, DeliveryCounts c) {
        node.put("matched", c.matched());
        node.put("delivered", c.delivered());
        node.put("retried", c.retried());
        node.put("deadLettered", c.deadLettered());
        node.put("failed", c.failed());
        node.put("pending", c.pending());
    }

    /** {@code GET /endpoints/{name}/deadLetters}: the dead letters of endpoint {@code name}, oldest first. */
    ObjectNode deadLetters(String endpoint) throws ApiError {
        Path dir = deadLetterDirectory(endpoint);
        DeadLetters.Scan scan = scan(dir, endpoint);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("endpoint", endpoint);
        out.put("count", scan.letters().size());
        ArrayNode value = out.putArray("value");
        for (DeadLetters.Letter l : scan.letters().subList(0, Math.min(MAX_LISTED, scan.letters().size()))) {
            ObjectNode item = value.addObject();
            item.put("file", dir.relativize(l.file()).toString().replace('\\', '/'));
            item.put("route", l.route());
            item.put("entity", l.entity());
            item.put("reason", l.reason());
            item.put("deadLetteredAt", l.deadLetteredAt());
            try {
                item.set("event", MAPPER.readTree(l.event()));
            } catch (IOException e) {
                throw new IllegalStateException("DeadLetters.scan returns JSON objects only", e);
            }
        }
        unusable(out, dir, scan);
        return out;
    }

    /**
     * {@code POST /endpoints/{name}/deadLetters:replay}: sends every usable dead letter of the endpoint again
     * as {@code eventroute replay --endpoint name} does, and answers once each was delivered (its files
     * removed) or dead-lettered anew.
     */
    ObjectNode replay(String endpoint) throws ApiError {
        Path dir = deadLetterDirectory(endpoint);
        // Two replays at once would both read the same files and send each event twice.
        if (!replaying.tryLock()) {
            throw new ApiError(409, "ReplayInProgress", "A replay of dead letters is already running on this server; "
                    + "try again when it has answered.");
        }
        try {
            return replay(endpoint, dir);
        } finally {
            replaying.unlock();
        }
    }

    private ObjectNode replay(String endpoint, Path dir) throws ApiError {
        DeadLetters.Scan scan = scan(dir, endpoint);
        List<CompletableFuture<DeliveryOutcome>> outcomes = new ArrayList<>();
        List<DeadLetters.Letter> sent = new ArrayList<>();
        ArrayNode refused = JsonNodeFactory.instance.arrayNode();
        for (DeadLetters.Letter l : scan.letters()) {
            try {
                outcomes.add(router.deliverTo(l.endpoint(), l.route(), l.entity(), l.event()));
                sent.add(l);
            } catch (InvalidEventException e) {
                refused.addObject().put("file", dir.relativize(l.file()).toString())
                        .put("problem", "not a CloudEvent (" + e.getMessage() + ")");
            } catch (IllegalArgumentException e) {
                throw new ApiError(409, "Conflict", "The endpoint '" + endpoint + "' was removed during the replay.");
            } catch (IllegalStateException e) {
                throw new ApiError(503, "ServiceUnavailable", "The router is stopping; nothing more was replayed.");
            }
        }
        int delivered = 0;
        int deadLettered = 0;
        int notRemoved = 0;
        try {
            CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                    .get(replayTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiError(504, "GatewayTimeout", "The " + sent.size() + " dead letters were sent again but not "
                    + "all were confirmed within " + replayTimeout.toSeconds() + " s; their files are kept, so a later "
                    + "replay may send some twice.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "ServiceUnavailable", "The server is stopping.");
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            throw new IllegalStateException("a delivery outcome failed", e.getCause());
        }
        for (int i = 0; i < sent.size(); i++) {
            DeliveryOutcome o = outcomes.get(i).join();
            delivered += o.delivered();
            deadLettered += o.deadLettered();
            // Delivered, or written anew under a new name with its new reason: the old pair goes either way.
            if (o.delivered() + o.deadLettered() == 1) {
                try {
                    DeadLetters.remove(sent.get(i));
                } catch (IOException e) {
                    notRemoved++;
                }
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("endpoint", endpoint);
        out.put("sent", sent.size());
        out.put("delivered", delivered);
        out.put("deadLettered", deadLettered);
        out.put("notRemoved", notRemoved);
        unusable(out, dir, scan).addAll(refused);
        return out;
    }

    private Path deadLetterDirectory(String endpoint) throws ApiError {
        if (!router.endpoints().containsKey(endpoint)) {
            throw new ApiError(404, "EndpointNotFound", "There is no endpoint '" + endpoint + "' (there are: "
                    + String.join(", ", router.endpoints().keySet()) + ").");
        }
        return router.deadLetterDirectory().orElseThrow(() -> new ApiError(409, "NoDeadLetterDirectory",
                "The server keeps no dead letters: set deadLetter.path in the configuration."));
    }

    private DeadLetters.Scan scan(Path dir, String endpoint) {
        if (!Files.isDirectory(dir)) {
            // Nothing was dead-lettered yet: the router creates the directory with its first dead letter.
            return new DeadLetters.Scan(List.of(), List.of());
        }
        try {
            return DeadLetters.scan(dir, endpoint, null, router.endpoints().keySet());
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("the dead-letter directory cannot be read", e);
        }
    }

    private static ArrayNode unusable(ObjectNode out, Path dir, DeadLetters.Scan scan) {
        ArrayNode unusable = out.putArray("unusable");
        for (DeadLetters.Unusable u : scan.unusable()) {
            unusable.addObject().put("file", dir.relativize(u.file()).toString().replace('\\', '/'))
                    .put("problem", u.problem());
        }
        return unusable;
    }
}
