package io.eventroute.kafka;

import io.eventroute.compiler.Limits;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running streams router: the {@link RoutingTopology} in a {@link KafkaStreams} instance. A stream
 * thread that fails is replaced (its tasks resume from the last commit: at-least-once replays what was
 * not committed, exactly-once aborts it). Thread-safe.
 */
public final class StreamsRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRouter.class);

    private final RoutingTopology topology;
    private final KafkaStreams streams;

    private StreamsRouter(RoutingTopology topology, Properties config) {
        this.topology = topology;
        this.streams = new KafkaStreams(topology.topology(), config);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("a stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /** A router (not started) for {@code settings}. */
    public static StreamsRouter create(StreamsSettings settings) {
        return create(settings.topics(), settings.limits(), settings.toProperties());
    }

    /**
     * A router (not started) over {@code topics}, compiling filters with {@code limits}, with Kafka
     * Streams configuration {@code config}, which must hold {@code application.id} and
     * {@code bootstrap.servers}.
     */
    public static StreamsRouter create(TopicNames topics, Limits limits, Properties config) {
        Objects.requireNonNull(config, "config");
        return new StreamsRouter(RoutingTopology.create(topics, limits, config), config);
    }

    /** Starts the stream threads; the route table is restored before any event is processed. */
    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Waits until the router is {@code RUNNING} (routes restored, partitions assigned).
     *
     * @return false when {@code timeout} passed first or the router failed
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            KafkaStreams.State s = streams.state();
            if (s == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING
                    || s == KafkaStreams.State.PENDING_SHUTDOWN || s == KafkaStreams.State.PENDING_ERROR) {
                return false;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** The route table in force in this instance. */
    public LiveRoutes routes() {
        return topology.routes();
    }

    public RoutingStats stats() {
        return topology.stats();
    }

    /** The underlying Kafka Streams instance (for its metrics and state listeners). */
    public KafkaStreams streams() {
        return streams;
    }

    /** Stops, committing what was processed; waits up to {@code timeout}. */
    public boolean close(Duration timeout) {
        return streams.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
