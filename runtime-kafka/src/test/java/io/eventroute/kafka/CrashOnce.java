package io.eventroute.kafka;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A Kafka Streams processor wrapper ({@code processor.wrapper.class}) that makes the router's processor
 * throw once, after a set number of events: the injected crash of a stream thread. Its state is static
 * because Kafka Streams instantiates it from configuration; tests run one armed router at a time.
 */
public final class CrashOnce extends RouterProcessorWrapper {
    private static final AtomicLong REMAINING = new AtomicLong(Long.MAX_VALUE);
    private static final AtomicBoolean CRASHED = new AtomicBoolean();

    static void arm(long afterEvents) {
        CRASHED.set(false);
        REMAINING.set(afterEvents);
    }

    static void disarm() {
        REMAINING.set(Long.MAX_VALUE);
    }

    static boolean crashed() {
        return CRASHED.get();
    }

    @Override
    <K, V> Record<K, V> before(Record<K, V> record) {
        if (REMAINING.decrementAndGet() == 0 && CRASHED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected crash");
        }
        return record;
    }
}
