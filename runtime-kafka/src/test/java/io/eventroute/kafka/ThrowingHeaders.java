package io.eventroute.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A Kafka Streams processor wrapper ({@code processor.wrapper.class}) that gives the records keyed
 * {@link #KEY} a header whose name, the first time it is read, throws: an unexpected exception while the
 * router reads one event, injected where no real input reaches today.
 */
public final class ThrowingHeaders extends RouterProcessorWrapper {
    static final String KEY = "throw-while-routing";

    @Override
    <K, V> Record<K, V> before(Record<K, V> record) {
        boolean marked = record.key() instanceof byte[] key && Arrays.equals(key, KEY.getBytes(StandardCharsets.UTF_8));
        return marked ? record.withHeaders(new RecordHeaders(record.headers().toArray()).add(new ThrowsOnce())) : record;
    }

    /** A header whose name throws the first time it is read (so that setting the record aside works). */
    private static final class ThrowsOnce implements Header {
        private final AtomicBoolean thrown = new AtomicBoolean();

        @Override
        public String key() {
            if (thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("injected");
            }
            return "injected";
        }

        @Override
        public byte[] value() {
            return new byte[0];
        }
    }
}
