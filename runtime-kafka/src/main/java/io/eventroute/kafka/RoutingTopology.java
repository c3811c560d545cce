package io.eventroute.kafka;

import io.eventroute.compiler.Limits;
import io.eventroute.kafka.internal.KafkaBinding;
import io.eventroute.kafka.internal.RouteErrorJson;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.event.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing as a Kafka Streams topology. The routes topic feeds a global store, which Kafka Streams
 * restores to the end of the topic before any event is processed, and whose processor keeps a
 * {@link LiveRoutes} table current. Each event of the events topic is matched against that table and
 * written once per matching route to {@code <outputPrefix><endpoint>}, unchanged (the same content
 * mode, a structured event gaining its {@code content-type} header when it had none), keyed by the twin
 * so that one twin's events stay in order, with headers {@code eventroute-route},
 * {@code eventroute-endpoint} and, when the route names one, {@code eventroute-topic}. Rejected routes
 * are written to the route-errors topic (by the task of events partition 0, again after it restarts); events that are not CloudEvents are skipped (and copied to the
 * invalid-events topic when there is one). No internal topics are created.
 *
 * <p>Thread-safe: the topology may be run by any number of stream threads; they share one table.
 */
public final class RoutingTopology {
    /** The name of the global store holding the routes topic. */
    public static final String ROUTES_STORE = "eventroute-routes";
    /** The header naming the route an output record matched. */
    public static final String ROUTE_HEADER = "eventroute-route";
    /** The header naming the endpoint of that route. */
    public static final String ENDPOINT_HEADER = "eventroute-endpoint";
    /** The header naming the route's topic (entity), when it has one. */
    public static final String TOPIC_HEADER = "eventroute-topic";
    /** The header saying why a record went to the invalid-events topic. */
    public static final String ERROR_HEADER = "eventroute-error";

    private static final Logger LOG = LoggerFactory.getLogger(RoutingTopology.class);
    private static final String MATCHES = "matches";
    private static final String ROUTE_ERRORS = "route-errors";
    private static final String INVALID_EVENTS = "invalid-events";
    private static final Duration ERROR_DRAIN_INTERVAL = Duration.ofMillis(500);

    private final TopicNames topics;
    private final LiveRoutes routes;
    private final RoutingStats stats = new RoutingStats();
    private final Topology topology;

    private RoutingTopology(TopicNames topics, Limits limits, Properties streamsConfig) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.routes = new LiveRoutes(limits);
        // Built from the application's configuration so that its topology settings (such as a processor wrapper) apply.
        Topology t = new Topology(new TopologyConfig(new StreamsConfig(streamsConfig)));
        t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ROUTES_STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                "routes-source", new StringDeserializer(), new ByteArrayDeserializer(), topics.routes(),
                "routes-loader", RouteLoader::new);
        t.addSource("events-source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.events());
        t.addProcessor("router", EventRouter::new, "events-source");
        t.addSink(MATCHES, (key, value, context) -> topics.output(header(context.headers(), ENDPOINT_HEADER)),
                new ByteArraySerializer(), new ByteArraySerializer(), "router");
        t.addSink(ROUTE_ERRORS, topics.routeErrors(), new ByteArraySerializer(), new ByteArraySerializer(), "router");
        if (topics.invalidEvents() != null) {
            t.addSink(INVALID_EVENTS, topics.invalidEvents(), new ByteArraySerializer(), new ByteArraySerializer(),
                    "router");
        }
        this.topology = t;
    }

    /**
     * The topology over {@code topics}, compiling filters with {@code limits}.
     *
     * @param streamsConfig the application's Kafka Streams configuration (needs at least
     *     {@code application.id} and {@code bootstrap.servers})
     */
    public static RoutingTopology create(TopicNames topics, Limits limits, Properties streamsConfig) {
        return new RoutingTopology(topics, Objects.requireNonNull(limits, "limits"),
                Objects.requireNonNull(streamsConfig, "streamsConfig"));
    }

    /** The Kafka Streams topology to run. */
    public Topology topology() {
        return topology;
    }

    /** The route table the topology keeps current (for status and tests). */
    public LiveRoutes routes() {
        return routes;
    }

    /** The topology's live counters. */
    public RoutingStats stats() {
        return stats;
    }

    /** The topics it reads and writes. */
    public TopicNames topics() {
        return topics;
    }

    private static String header(Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String source(RecordMetadata m) {
        return m == null ? "(unknown)" : m.topic() + "-" + m.partition() + "@" + m.offset();
    }

    /** Applies the routes topic to the table; keeps the store holding the route JSON in force. */
    private final class RouteLoader implements Processor<String, byte[], Void, Void> {
        private ProcessorContext<Void, Void> context;
        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            this.store = context.getStateStore(ROUTES_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            String where = source(context.recordMetadata().orElse(null));
            LiveRoutes.Outcome outcome = routes.apply(record.key(), record.value(), where);
            switch (outcome) {
                case ADDED, REPLACED -> store.put(record.key(), record.value());
                case DELETED -> store.delete(record.key());
                case REJECTED -> stats.routeErrors.increment();
                case ABSENT_DELETE -> { }
                default -> throw new IllegalStateException("unexpected outcome " + outcome);
            }
        }
    }

    /** Matches each event and forwards it once per matching route; reports route errors. */
    private final class EventRouter implements Processor<byte[], byte[], byte[], byte[]> {
        private ProcessorContext<byte[], byte[]> context;

        private boolean reporter;
        // Kafka Streams does not let init() forward: the errors in force go out with the first record or punctuation.
        private boolean resend;

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
            // Route errors come from the global thread, which cannot write. One task in the application reports
            // them: the one of events partition 0. It sends every error still in force whenever it starts, since
            // what it sent before a crash may have been aborted (exactly-once) along with that transaction.
            reporter = context.taskId().partition() == 0;
            resend = reporter;
            if (reporter) {
                context.schedule(ERROR_DRAIN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> drainErrors(now));
            }
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            drainErrors(record.timestamp());
            stats.events.increment();
            Headers headers = record.headers();
            boolean binary;
            RouteMatch match;
            try {
                binary = KafkaBinding.isBinary(headers);
                if (!binary && record.value() == null) {
                    throw new InvalidEventException("the record has no value and no ce_specversion header");
                }
                match = routes.match(binary ? KafkaBinding.toStructuredJson(headers, record.value()) : record.value());
            } catch (InvalidEventException e) {
                invalid(record, e.getMessage());
                return;
            } catch (RuntimeException e) {
                // A bug, but thrown from here it would fail the stream thread, whose replacement would read this
                // record again, and fail again, forever. Only reading and matching are guarded: what Kafka
                // throws from forward (a task migrated, a producer fenced) must still reach Kafka Streams.
                LOG.error("event {}: internal error while routing it", source(context.recordMetadata().orElse(null)), e);
                invalid(record, "internal error while routing the event (" + e.getClass().getName()
                        + "); please report it");
                return;
            }
            if (match.routes().isEmpty()) {
                stats.unmatched.increment();
                return;
            }
            byte[] key = match.twin() != null ? match.twin().getBytes(StandardCharsets.UTF_8) : record.key();
            boolean addContentType = !binary && KafkaBinding.contentType(headers) == null;
            for (EventRoute route : match.routes()) {
                Headers out = new RecordHeaders(headers.toArray());
                out.remove(ROUTE_HEADER).remove(ENDPOINT_HEADER).remove(TOPIC_HEADER);
                if (addContentType) {
                    out.add(KafkaBinding.CONTENT_TYPE, KafkaBinding.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                }
                out.add(ROUTE_HEADER, route.id().getBytes(StandardCharsets.UTF_8));
                out.add(ENDPOINT_HEADER, route.endpointName().getBytes(StandardCharsets.UTF_8));
                if (route.topic() != null) {
                    out.add(TOPIC_HEADER, route.topic().getBytes(StandardCharsets.UTF_8));
                }
                context.forward(new Record<>(key, record.value(), record.timestamp(), out), MATCHES);
                stats.routed.increment();
            }
        }

        private void invalid(Record<byte[], byte[]> record, String problem) {
            stats.invalid.increment();
            String where = source(context.recordMetadata().orElse(null));
            long n = stats.invalid.sum();
            // The first ones say what is wrong; after that a line per thousand keeps a bad producer from flooding the log.
            if (n <= 10 || n % 1000 == 0) {
                LOG.warn("event {} skipped ({} so far): {}", where, n, problem);
            }
            if (topics.invalidEvents() != null) {
                Headers out = new RecordHeaders(record.headers().toArray());
                out.remove(ERROR_HEADER).add(ERROR_HEADER, problem.getBytes(StandardCharsets.UTF_8));
                context.forward(new Record<>(record.key(), record.value(), record.timestamp(), out), INVALID_EVENTS);
            }
        }

        private void drainErrors(long timestamp) {
            if (!reporter) {
                return;
            }
            if (resend) {
                resend = false;
                routes.clearPendingErrors();
                for (RouteError e : routes.currentErrors()) {
                    forwardError(e, timestamp);
                }
            }
            for (RouteError e = routes.pollError(); e != null; e = routes.pollError()) {
                forwardError(e, timestamp);
            }
        }

        private void forwardError(RouteError e, long timestamp) {
            byte[] key = e.routeId() == null ? null : e.routeId().getBytes(StandardCharsets.UTF_8);
            context.forward(new Record<>(key, RouteErrorJson.write(e), timestamp), ROUTE_ERRORS);
        }
    }
}
