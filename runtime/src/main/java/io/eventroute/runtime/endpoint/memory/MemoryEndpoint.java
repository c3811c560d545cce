package io.eventroute.runtime.endpoint.memory;

import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.internal.EndpointSettings;
import io.eventroute.runtime.endpoint.internal.KindSpecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code memory} endpoint kind: keeps delivered events in memory for an embedding application or a
 * test to read ({@link #deliveries()}, {@link #drain()}). Settings: {@code maxBatchCount} (default
 * 500) and {@code maxBatchBytes} (default 4 MiB). Thread-safe.
 */
public final class MemoryEndpoint implements EndpointSender {

    /** One delivered event and the entity its route named (null for the default). */
    public record Delivery(String entity, OutgoingEvent event) {
    }

    private final String name;
    private final int maxBatchCount;
    private final long maxBatchBytes;
    private final List<Delivery> deliveries = new ArrayList<>();
    private boolean closed;

    private MemoryEndpoint(String name, int maxBatchCount, long maxBatchBytes) {
        this.name = name;
        this.maxBatchCount = maxBatchCount;
        this.maxBatchBytes = maxBatchBytes;
    }

    /** The factory of the {@code memory} kind. */
    public static MemoryEndpoint create(String endpointName, Map<String, String> settings) {
        EndpointSettings s = EndpointSettings.of(KindSpecs.MEMORY, endpointName, settings);
        return new MemoryEndpoint(endpointName, s.positiveInt("maxBatchCount", 500),
                s.positiveLong("maxBatchBytes", 4L * 1024 * 1024));
    }

    @Override
    public synchronized void send(String entity, List<OutgoingEvent> batch, Duration timeout)
            throws DeliveryException {
        Objects.requireNonNull(batch, "batch");
        if (closed) {
            throw new DeliveryException("memory endpoint '" + name + "' is closed", false);
        }
        for (OutgoingEvent e : batch) {
            deliveries.add(new Delivery(entity, e));
        }
    }

    /** Everything delivered so far, in delivery order. */
    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The delivered events, in delivery order. */
    public synchronized List<OutgoingEvent> events() {
        List<OutgoingEvent> out = new ArrayList<>(deliveries.size());
        for (Delivery d : deliveries) {
            out.add(d.event());
        }
        return out;
    }

    /** Number of events delivered and not drained. */
    public synchronized int size() {
        return deliveries.size();
    }

    /** Removes and returns everything delivered so far. */
    public synchronized List<Delivery> drain() {
        List<Delivery> out = List.copyOf(deliveries);
        deliveries.clear();
        return out;
    }

    @Override
    public int maxBatchCount() {
        return maxBatchCount;
    }

    @Override
    public long maxBatchBytes() {
        return maxBatchBytes;
    }

    /** Stops taking events; what was delivered stays readable. */
    @Override
    public synchronized void close() {
        closed = true;
    }
}
