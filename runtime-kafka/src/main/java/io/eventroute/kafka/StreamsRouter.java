package io.eventroute.kafka;

import io.eventroute.compiler.Limits;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    private final CountDownLatch running = new CountDownLatch(1);
    private volatile KafkaStreams.StateListener listener = (now, before) -> { };

    private StreamsRouter(RoutingTopology topology, Properties config) {
        this.topology = topology;
        this.streams = new KafkaStreams(topology.topology(), config);
        // One listener, set before start, so that a brief first RUNNING (before a rebalance) is not missed.
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            listener.onChange(now, before);
        });
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

    /** The Kafka Streams application's state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Calls {@code listener} on every state change (in place of any listener set before). */
    public void onStateChange(KafkaStreams.StateListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Waits until the router has been {@code RUNNING} (routes restored, partitions assigned) at least once.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The route table in force in this instance. */
    public LiveRoutes routes() {
        return topology.routes();
    }

    /** The live counters. */
    public RoutingStats stats() {
        return topology.stats();
    }

    /** The underlying Kafka Streams instance (for its metrics; state changes go through {@link #onStateChange}). */
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
