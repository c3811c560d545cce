package io.eventroute.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.compiler.Limits;
import io.eventroute.runtime.DeliveryOutcome;
import io.eventroute.runtime.EndpointBusyException;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.Router;
import io.eventroute.runtime.ValidationJson;
import io.eventroute.runtime.event.InvalidEventException;
import io.eventroute.server.AccessToken;
import io.eventroute.server.Role;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The REST API: ADT's event-route and model operations with its status codes, error bodies, headers
 * and paging, plus {@code /filters:validate}, {@code /endpoints}, {@code /healthz} and {@code /metrics},
 * and the web console: its files at {@code /} and {@code /console/} ({@link ConsoleFiles}) and the calls
 * it needs ({@link ConsoleService}).
 */
public final class ApiHandler extends Handler.Abstract {
    /** The data-plane api-versions whose event-route contract this server implements. */
    static final Set<String> API_VERSIONS = Set.of("2022-05-31", "2023-10-31");
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;
    private static final String JSON = "application/json; charset=utf-8";
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Router router;
    private final RouteService routes;
    private final ModelService models;
    private final ServerMetrics metrics;
    private final ConsoleService console;
    private final ConsoleFiles consoleFiles = new ConsoleFiles();
    private final Map<String, Map<String, String>> endpointSettings;
    private final RequestBodies bodies;
    private final List<byte[]> tokenDigests;
    private final List<Set<Role>> tokenRoles;
    private final Map<Dialect, FilterCompiler> compilers = new EnumMap<>(Dialect.class);
    /** How long a request that sent events waits for their delivery before it answers 504. */
    private final Duration ackTimeout;
    // Events of refused batches that were not valid: they never reach the router, which counts the rest.
    private final java.util.concurrent.atomic.LongAdder refusedInBatches = new java.util.concurrent.atomic.LongAdder();
    /** Status code meaning "the response is written later, when the events' outcome is known". */
    private static final int PENDING = -1;

    public ApiHandler(Router router, RouteService routes, ModelService models,
            Map<String, Map<String, String>> endpointSettings, List<AccessToken> tokens, long maxRequestBytes,
            Limits limits, Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
        this.router = router;
        this.routes = routes;
        this.models = models;
        this.metrics = new ServerMetrics(router, routes, refusedInBatches::sum);
        this.endpointSettings = Map.copyOf(endpointSettings);
        this.bodies = new RequestBodies(maxRequestBytes);
        this.tokenDigests = tokens.stream().map(t -> sha256(t.token())).toList();
        this.tokenRoles = tokens.stream().map(AccessToken::roles).toList();
        for (Dialect d : Dialect.values()) {
            compilers.put(d, FilterCompiler.builder().dialect(d).limits(limits).build());
        }
        this.console = new ConsoleService(router, compilers, ackTimeout, refusedInBatches::sum);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        int status;
        try {
            status = dispatch(request, response, callback, method);
        } catch (ApiError e) {
            status = e.status;
            RequestBodies.closeUnlessRead(request, response);
            e.headers.forEach((k, v) -> response.getHeaders().put(k, v));
            response.getHeaders().put("x-ms-error-code", e.code);
            send(response, callback, e.status, e.body());
        } catch (RuntimeException e) {
            status = 500;
            ApiError internal = new ApiError(500, "InternalServerError", "The request failed inside the server ("
                    + e.getClass().getSimpleName() + "); it is logged.");
            System.getLogger(ApiHandler.class.getName()).log(System.Logger.Level.ERROR, "request failed: " + method
                    + " " + request.getHttpURI().getPath(), e);
            RequestBodies.closeUnlessRead(request, response);
            response.getHeaders().put("x-ms-error-code", internal.code);
            send(response, callback, 500, internal.body());
        }
        if (status != PENDING) {
            metrics.request(method, status);
        }
        return true;
    }

    private int dispatch(Request request, Response response, Callback callback, String method) throws ApiError {
        String path = request.getHttpURI().getDecodedPath();
        if (ConsoleFiles.isConsolePath(path)) {
            return consoleFile(request, response, callback, method, path);
        }
        if (path.equals("/filters:explain")) {
            allow(method, "POST");
            authorize(request, Role.ROUTES_READ, Role.ROUTES_WRITE);
            return send(response, callback, 200, console.explain(body(request)));
        }
        if (path.equals("/events:match")) {
            allow(method, "POST");
            authorize(request, Role.ROUTES_READ);
            return send(response, callback, 200, console.match(body(request)));
        }
        if (path.equals("/stats")) {
            allow(method, "GET");
            authorize(request, Role.ROUTES_READ);
            return send(response, callback, 200, console.stats());
        }
        if (path.startsWith("/endpoints/") && path.endsWith("/deadLetters")) {
            String name = path.substring("/endpoints/".length(), path.length() - "/deadLetters".length());
            allow(method, "GET");
            authorize(request, Role.ROUTES_READ);
            return send(response, callback, 200, console.deadLetters(name));
        }
        if (path.startsWith("/endpoints/") && path.endsWith("/deadLetters:replay")) {
            String name = path.substring("/endpoints/".length(), path.length() - "/deadLetters:replay".length());
            allow(method, "POST");
            authorize(request, Role.ROUTES_WRITE);
            return send(response, callback, 200, console.replay(name));
        }
        if (path.equals("/healthz")) {
            allow(method, "GET");
            return sendText(response, callback, 200, "ok\n", "text/plain; charset=utf-8");
        }
        if (path.equals("/metrics")) {
            allow(method, "GET");
            authorize(request, Role.ROUTES_READ);
            return sendText(response, callback, 200, metrics.scrape(), "text/plain; version=0.0.4; charset=utf-8");
        }
        if (path.equals("/endpoints")) {
            allow(method, "GET");
            authorize(request, Role.ROUTES_READ);
            return send(response, callback, 200, endpoints());
        }
        if (path.equals("/filters:validate")) {
            allow(method, "POST");
            authorize(request, Role.ROUTES_READ, Role.ROUTES_WRITE);
            return send(response, callback, 200, validate(body(request)));
        }
        if (path.equals("/events")) {
            allow(method, "POST");
            authorize(request, Role.EVENTS_SEND);
            return route(request, response, callback, countingRefusals(() -> cloudEvents(request)), Ack.SUMMARY);
        }
        if (path.equals("/api/events")) {
            allow(method, "POST");
            authorizeEventGrid(request);
            if (Request.extractQueryParameters(request).getValue("api-version") == null) {
                throw ApiError.badRequest("MissingApiVersionParameter", "The api-version query parameter is required.");
            }
            String type = contentType(request);
            byte[] body = bodies.read(request, false);
            List<byte[]> events = countingRefusals(() -> type.startsWith("application/cloudevents")
                    ? Ingress.eventGridCloudEvents(body)
                    : Ingress.eventGridSchema(body, request.getHttpURI().getScheme() + "://"
                            + request.getHttpURI().getAuthority() + "/api/events"));
            return route(request, response, callback, events, Ack.EMPTY_200);
        }
        if (path.startsWith("/digitaltwins/") && path.endsWith("/telemetry")) {
            String[] parts = path.substring("/digitaltwins/".length(), path.length() - "/telemetry".length()).split("/", -1);
            String component = null;
            if (parts.length == 3 && parts[1].equals("components") && !parts[2].isEmpty()) {
                component = parts[2];
            } else if (parts.length != 1) {
                throw new ApiError(404, "NotFound", "No resource at " + path + ".");
            }
            if (parts[0].isEmpty()) {
                throw new ApiError(404, "NotFound", "No resource at " + path + ".");
            }
            allow(method, "POST");
            authorize(request, Role.EVENTS_SEND);
            apiVersion(Request.extractQueryParameters(request));
            String messageId = request.getHeaders().get("Message-Id");
            if (messageId == null || messageId.isBlank()) {
                throw ApiError.badRequest("InvalidArgument", "The Message-Id header is required: it becomes the event's id.");
            }
            String twin = parts[0];
            // As ADT does, the event names the twin's model; this server knows it from its twin -> model
            // map (the twins file, and the Twin.Create and Twin.Update events it has routed), if it has one.
            String model = router.twinModels().map(twins -> twins.modelOf(twin)).orElse(null);
            byte[] event = Ingress.telemetry(request.getHttpURI().getHost(), twin, component, model, messageId.trim(),
                    request.getHeaders().get("Telemetry-Source-Time"), bodies.read(request, true));
            return route(request, response, callback, List.of(event), Ack.EMPTY_204);
        }
        if (path.equals("/eventroutes")) {
            allow(method, "GET");
            authorize(request, Role.ROUTES_READ);
            Fields query = Request.extractQueryParameters(request);
            String apiVersion = apiVersion(query);
            return send(response, callback, 200, list(request, query, apiVersion));
        }
        if (path.startsWith("/eventroutes/") && path.length() > "/eventroutes/".length()) {
            String id = path.substring("/eventroutes/".length());
            allow(method, "GET", "PUT", "DELETE");
            authorize(request, method.equals("GET") ? Role.ROUTES_READ : Role.ROUTES_WRITE);
            apiVersion(Request.extractQueryParameters(request));
            switch (method) {
                case "GET": {
                    EventRoute r = routes.get(id).orElseThrow(() -> notFound(id));
                    return send(response, callback, 200, json(r));
                }
                case "PUT":
                    routes.put(route(id, body(request)));
                    return sendEmpty(response, callback, 204);
                default:
                    if (!routes.delete(id)) {
                        throw notFound(id);
                    }
                    return sendEmpty(response, callback, 204);
            }
        }
        if (path.equals("/models") || path.startsWith("/models/") && path.length() > "/models/".length()) {
            return models(request, response, callback, method, path);
        }
        throw new ApiError(404, "NotFound", "No resource at " + path + ".");
    }

    // ---------------------------------------------------------------- operations

    private ObjectNode list(Request request, Fields query, String apiVersion) throws ApiError {
        int size = pageSize(request);
        List<EventRoute> page = routes.page(after(query), size);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode value = body.putArray("value");
        page.forEach(r -> value.add(json(r)));
        String last = page.isEmpty() ? null : page.get(page.size() - 1).id();
        nextLink(body, request, "/eventroutes", apiVersion, last != null && page.size() == size && routes.hasAfter(last) ? last : null);
        return body;
    }

    private int models(Request request, Response response, Callback callback, String method, String path) throws ApiError {
        Fields query = Request.extractQueryParameters(request);
        if (path.equals("/models")) {
            allow(method, "GET", "POST");
            authorize(request, method.equals("GET") ? Role.ROUTES_READ : Role.ROUTES_WRITE);
            String apiVersion = apiVersion(query);
            if (method.equals("POST")) {
                return send(response, callback, 201, models.add(body(request)));
            }
            int size = pageSize(request);
            boolean definition = includeDefinition(query);
            java.util.Set<String> only = models.dependencies(dependenciesFor(query));
            List<ObjectNode> page = models.page(after(query), size, only, definition);
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ArrayNode value = body.putArray("value");
            page.forEach(value::add);
            String last = page.isEmpty() ? null : page.get(page.size() - 1).get("id").textValue();
            nextLink(body, request, "/models", apiVersion, last != null && page.size() == size && models.hasAfter(last, only)
                    ? last : null, (definition ? "&includeModelDefinition=true" : "") + dependencyQuery(query));
            return send(response, callback, 200, body);
        }
        // Model ids end with ";version", which the decoded path drops as a path parameter: read the raw path.
        String raw = request.getHttpURI().getPath();
        String id = java.net.URLDecoder.decode(raw.substring(raw.indexOf("/models/") + "/models/".length()).replace("+", "%2B"),
                StandardCharsets.UTF_8);
        allow(method, "GET", "DELETE");
        authorize(request, method.equals("GET") ? Role.ROUTES_READ : Role.ROUTES_WRITE);
        apiVersion(query);
        if (method.equals("GET")) {
            return send(response, callback, 200, models.get(id, includeDefinition(query)));
        }
        models.delete(id);
        return sendEmpty(response, callback, 204);
    }

    private static boolean includeDefinition(Fields query) throws ApiError {
        String v = query.getValue("includeModelDefinition");
        if (v == null || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiError.badRequest("InvalidArgument", "includeModelDefinition must be true or false, not '" + v + "'.");
    }

    /** The ids of {@code dependenciesFor}, repeated ({@code ?dependenciesFor=a&dependenciesFor=b}); empty when absent. */
    private static List<String> dependenciesFor(Fields query) {
        List<String> ids = query.getValues("dependenciesFor");
        return ids == null ? List.of() : ids;
    }

    private static String dependencyQuery(Fields query) {
        StringBuilder out = new StringBuilder();
        for (String id : dependenciesFor(query)) {
            out.append("&dependenciesFor=").append(URLEncoder.encode(id, StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** The page size a list asks for in its {@code max-items-per-page} header, at most {@value #MAX_PAGE}. */
    private static int pageSize(Request request) throws ApiError {
        int size = DEFAULT_PAGE;
        String header = request.getHeaders().get("max-items-per-page");
        if (header != null) {
            try {
                size = Integer.parseInt(header.trim());
            } catch (NumberFormatException e) {
                size = 0;
            }
            if (size < 1) {
                throw ApiError.badRequest("InvalidArgument", "The max-items-per-page header must be a positive "
                        + "integer, not '" + header + "'.");
            }
            size = Math.min(size, MAX_PAGE);
        }
        return size;
    }

    /** The id a list continues after (its continuationToken), or null for the first page. */
    private static String after(Fields query) throws ApiError {
        String token = query.getValue("continuationToken");
        if (token == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("InvalidArgument", "The continuationToken is not one this server issued.");
        }
    }

    private static void nextLink(ObjectNode body, Request request, String path, String apiVersion, String last) {
        nextLink(body, request, path, apiVersion, last, "");
    }

    /** Sets {@code nextLink}: the list continuing after id {@code last}, or null when {@code last} is null. */
    private static void nextLink(ObjectNode body, Request request, String path, String apiVersion, String last, String more) {
        if (last == null) {
            body.putNull("nextLink");
            return;
        }
        // The token is the last id listed: the next page starts after it in id order, whatever changed meanwhile.
        String next = Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8));
        String base = request.getHttpURI().getScheme() + "://" + request.getHttpURI().getAuthority();
        body.put("nextLink", base + path + "?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8)
                + "&continuationToken=" + next + more);
    }

    private static EventRoute route(String id, JsonNode body) throws ApiError {
        if (!body.isObject()) {
            throw ApiError.badRequest("InvalidArgument", "The body must be a JSON object with endpointName and filter.");
        }
        String endpoint = text(body, "endpointName", true);
        String filter = text(body, "filter", true);
        String topic = text(body, "topic", false);
        String dialectName = text(body, "dialect", false);
        Dialect dialect = Dialect.ADT;
        if (dialectName != null) {
            try {
                dialect = Dialect.fromId(dialectName);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("InvalidArgument", "Unknown dialect '" + dialectName + "': adt or cesql.");
            }
        }
        return new EventRoute(id, endpoint, topic, filter, dialect);
    }

    private ObjectNode validate(JsonNode body) throws ApiError {
        if (!body.isObject()) {
            throw ApiError.badRequest("InvalidArgument", "The body must be a JSON object with filter (and dialect).");
        }
        String filter = text(body, "filter", true);
        Dialect dialect = dialect(text(body, "dialect", false));
        CompileResult result = compilers.get(dialect).withModels(router.models()).compile(filter);
        return ValidationJson.of(result, dialect);
    }

    private ObjectNode endpoints() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode value = body.putArray("value");
        for (Map.Entry<String, String> e : router.endpoints().entrySet()) {
            ObjectNode item = value.addObject();
            item.put("name", e.getKey());
            item.put("kind", e.getValue());
            ObjectNode settings = item.putObject("settings");
            EndpointRedaction.visible(router.endpointKinds().spec(e.getValue()),
                    endpointSettings.getOrDefault(e.getKey(), Map.of())).forEach(settings::put);
        }
        return body;
    }

    private static ObjectNode json(EventRoute r) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", r.id());
        node.put("endpointName", r.endpointName());
        node.put("filter", r.filter());
        if (r.topic() != null) {
            node.put("topic", r.topic());
        }
        if (r.dialect() != Dialect.ADT) {
            node.put("dialect", r.dialect().id());
        }
        return node;
    }

    /** The console's page and files: no token needed (the page asks for one and keeps it in memory). */
    private int consoleFile(Request request, Response response, Callback callback, String method, String path)
            throws ApiError {
        ConsoleFiles.securityHeaders().forEach((k, v) -> response.getHeaders().put(k, v));
        allow(method, "GET", "HEAD");
        ConsoleFiles.File file = consoleFiles.get(path.equals("/index.html") ? "/" : path)
                .orElseThrow(() -> new ApiError(404, "NotFound", "No console file at " + path + "."));
        // Revalidated on every load (cheap: a 304 without a body), so a new version is seen at once.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.ETAG, file.etag());
        String match = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (match != null && (match.trim().equals("*") || List.of(match.split(",")).stream().map(String::trim)
                .anyMatch(file.etag()::equals))) {
            return sendEmpty(response, callback, 304);
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, file.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, file.bytes().length);
        response.write(true, method.equals("HEAD") ? null : ByteBuffer.wrap(file.bytes()), callback);
        return 200;
    }

    // ---------------------------------------------------------------- ingress

    /** How each way in answers a success: as its own service does, because its clients check. */
    private enum Ack { SUMMARY, EMPTY_200, EMPTY_204 }

    private interface EventsRead {
        List<byte[]> read() throws ApiError;
    }

    /**
     * The events {@code read} gives; when it refuses a batch for its bad events, they are counted as
     * rejected, as the router counts a bad event sent alone (the batch's good events were never offered).
     */
    private List<byte[]> countingRefusals(EventsRead read) throws ApiError {
        try {
            return read.read();
        } catch (ApiError e) {
            if (e.details != null) {
                refusedInBatches.add(e.details.size());
            }
            throw e;
        }
    }

    /** The events of a {@code POST /events}: structured, batch or binary mode (the CloudEvents HTTP binding). */
    private List<byte[]> cloudEvents(Request request) throws ApiError {
        String type = contentType(request);
        Map<String, String> ce = new LinkedHashMap<>();
        for (HttpField f : request.getHeaders()) {
            String name = f.getName().toLowerCase(Locale.ROOT);
            if (name.startsWith("ce-") && name.length() > 3) {
                ce.put(Ingress.attributeOf(name), f.getValue());
            }
        }
        if (type.startsWith("application/cloudevents-batch+json")) {
            return Ingress.batch(bodies.read(request, false));
        }
        if (type.startsWith("application/cloudevents+json")) {
            return Ingress.structured(bodies.read(request, false));
        }
        if (!ce.isEmpty()) {
            String raw = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            return Ingress.binary(ce, raw, bodies.read(request, false));
        }
        throw new ApiError(415, "UnsupportedMediaType", "Send application/cloudevents+json (one event), "
                + "application/cloudevents-batch+json (a JSON array) or binary mode (ce-id, ce-source, ce-type and "
                + "ce-specversion headers), not " + (type.isEmpty() ? "an untyped body" : "'" + type + "'") + ".");
    }

    /**
     * Routes {@code events} (the router checks each before it queues any) and answers once every match of every event has been
     * delivered or dead-lettered: a 2xx means a crash afterwards loses nothing.
     */
    private int route(Request request, Response response, Callback callback, List<byte[]> events, Ack ack)
            throws ApiError {
        CompletableFuture<DeliveryOutcome> outcome;
        try {
            outcome = router.routeTracked(events);
        } catch (EndpointBusyException e) {
            throw new ApiError(429, "TooManyRequests", "Endpoint '" + e.endpoint() + "' is full; nothing was queued. "
                    + "Retry after 1 second.", null, Map.of("Retry-After", "1"));
        } catch (IllegalArgumentException e) {
            // More matches for one endpoint than its queue holds: no retry would fit, so not a 429.
            throw new ApiError(413, "RequestTooLarge", capitalized(e.getMessage()) + "; nothing was queued.");
        } catch (InvalidEventException e) {
            // Checked here, by the router's own read of every event before it queues any. It stops at the
            // first bad one of a batch: the 400 names them all.
            if (events.size() == 1) {
                throw Ingress.invalid(e, -1);
            }
            Ingress.refuseInvalid(events);
            throw ApiError.badRequest("InvalidArgument", "An event is not a valid CloudEvent (" + e.getMessage()
                    + "); nothing was routed.");
        } catch (IllegalStateException e) {
            throw new ApiError(503, "ServiceUnavailable", "The router is stopping; send the events to another instance.",
                    null, Map.of("Retry-After", "5"));
        }
        String method = request.getMethod();
        outcome.orTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((o, failure) -> {
                    int status;
                    if (failure != null) {
                        ApiError late = new ApiError(504, "GatewayTimeout", "The events were accepted but their "
                                + "delivery was not confirmed within " + ackTimeout.toSeconds() + " s; they are still "
                                + "being delivered or dead-lettered, so sending them again may repeat them.");
                        status = error(response, callback, late);
                    } else if (o.lost() > 0) {
                        status = error(response, callback, new ApiError(502, "DeliveryFailed", o.lost() + " of the "
                                + o.matched() + " matches could not be delivered and there is no dead-letter directory "
                                + "to keep them; they are lost."));
                    } else if (ack == Ack.SUMMARY) {
                        // Four numbers: written directly, as every request of the hot path answers so.
                        String summary = "{\"events\":" + events.size() + ",\"matched\":" + o.matched()
                                + ",\"delivered\":" + o.delivered() + ",\"deadLettered\":" + o.deadLettered() + "}";
                        status = sendText(response, callback, 200, summary, JSON);
                    } else {
                        status = sendEmpty(response, callback, ack == Ack.EMPTY_204 ? 204 : 200);
                    }
                    metrics.request(method, status);
                });
        return PENDING;
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static int error(Response response, Callback callback, ApiError e) {
        e.headers.forEach((k, v) -> response.getHeaders().put(k, v));
        response.getHeaders().put("x-ms-error-code", e.code);
        return send(response, callback, e.status, e.body());
    }

    /** Event Grid's publish API: its {@code aeg-sas-key} header (a token with events:send) or a bearer token. */
    private void authorizeEventGrid(Request request) throws ApiError {
        String key = request.getHeaders().get("aeg-sas-key");
        if (key == null) {
            authorize(request, Role.EVENTS_SEND);
            return;
        }
        Set<Role> granted = granted(key.trim());
        if (granted == null) {
            throw new ApiError(401, "Unauthorized", "The aeg-sas-key is not valid.");
        }
        if (!granted.contains(Role.EVENTS_SEND)) {
            throw new ApiError(403, "Forbidden", "The key does not have the role events:send.");
        }
    }

    // ---------------------------------------------------------------- request checks

    private static void allow(String method, String... allowed) throws ApiError {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new ApiError(405, "MethodNotAllowed", "The method " + method + " is not allowed here.", null,
                Map.of("Allow", String.join(", ", allowed)));
    }

    private void authorize(Request request, Role... anyOf) throws ApiError {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() == 7) {
            throw new ApiError(401, "Unauthorized", "Send a bearer token: Authorization: Bearer <token>.", null,
                    Map.of("WWW-Authenticate", "Bearer"));
        }
        Set<Role> granted = granted(header.substring(7).trim());
        if (granted == null) {
            throw new ApiError(401, "Unauthorized", "The bearer token is not valid.", null,
                    Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
        }
        for (Role r : anyOf) {
            if (granted.contains(r)) {
                return;
            }
        }
        Set<Role> needed = EnumSet.of(anyOf[0], anyOf);
        throw new ApiError(403, "Forbidden", "The token does not have the role "
                + String.join(" or ", needed.stream().map(Role::id).toList()) + ".");
    }

    /** The roles of {@code token}, or null when it is none of the configured ones. */
    private Set<Role> granted(String token) {
        byte[] digest = sha256(token);
        Set<Role> granted = null;
        // Every token is compared, each in constant time, so the time taken says nothing about any of them.
        for (int i = 0; i < tokenDigests.size(); i++) {
            if (MessageDigest.isEqual(digest, tokenDigests.get(i)) && granted == null) {
                granted = tokenRoles.get(i);
            }
        }
        return granted;
    }

    private static String apiVersion(Fields query) throws ApiError {
        String v = query.getValue("api-version");
        if (v == null || v.isBlank()) {
            throw ApiError.badRequest("MissingApiVersionParameter", "The api-version query parameter is required "
                    + "(supported: 2022-05-31, 2023-10-31).");
        }
        if (!API_VERSIONS.contains(v)) {
            throw ApiError.badRequest("UnsupportedApiVersion", "The api-version '" + v + "' is not supported "
                    + "(supported: 2022-05-31, 2023-10-31).");
        }
        return v;
    }

    private JsonNode body(Request request) throws ApiError {
        return Ingress.parse(bodies.read(request, true));
    }

    private static String contentType(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
    }

    static String text(JsonNode body, String name, boolean required) throws ApiError {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiError.badRequest("InvalidArgument", "The body has no '" + name + "'.");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw ApiError.badRequest("InvalidArgument", "'" + name + "' must be a string, not " + v.getNodeType()
                    .name().toLowerCase(Locale.ROOT) + ".");
        }
        return v.textValue();
    }

    /** The dialect named {@code name}; adt when null. */
    static Dialect dialect(String name) throws ApiError {
        try {
            return name == null ? Dialect.ADT : Dialect.fromId(name);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("InvalidArgument", "Unknown dialect '" + name + "': adt or cesql.");
        }
    }

    private static ApiError notFound(String id) {
        return new ApiError(404, "EventRouteNotFound", "There is no event route with id '" + id + "'.");
    }

    // ---------------------------------------------------------------- responses

    private static int send(Response response, Callback callback, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return status;
    }

    private static int sendText(Response response, Callback callback, int status, String text, String type) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
        return status;
    }

    private static int sendEmpty(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.write(true, null, callback);
        return status;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
