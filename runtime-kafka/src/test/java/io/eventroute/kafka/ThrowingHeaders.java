package io.eventroute.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;

/**
 * A Kafka Streams processor wrapper ({@code processor.wrapper.class}) that gives the records keyed
 * {@link #KEY} a header whose name, the first time it is read, throws: an unexpected exception while the
 * router reads one event, injected where no real input reaches today.
 */
public final class ThrowingHeaders implements ProcessorWrapper {
    static final String KEY = "throw-while-routing";

    @Override
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(String name,
            ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        if (!name.equals("router")) {
            return ProcessorWrapper.asWrapped(supplier);
        }
        return ProcessorWrapper.asWrapped(() -> new Injecting<>(supplier.get()));
    }

    @Override
    public <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(String name,
            FixedKeyProcessorSupplier<KIn, VIn, VOut> supplier) {
        return ProcessorWrapper.asWrappedFixedKey(supplier);
    }

    private static final class Injecting<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {
        private final Processor<KIn, VIn, KOut, VOut> inner;

        Injecting(Processor<KIn, VIn, KOut, VOut> inner) {
            this.inner = inner;
        }

        @Override
        public void init(ProcessorContext<KOut, VOut> context) {
            inner.init(context);
        }

        @Override
        public void process(Record<KIn, VIn> record) {
            boolean marked = record.key() instanceof byte[] key && Arrays.equals(key, KEY.getBytes(StandardCharsets.UTF_8));
            inner.process(marked ? record.withHeaders(new RecordHeaders(record.headers().toArray())
                    .add(new ThrowsOnce())) : record);
        }

        @Override
        public void close() {
            inner.close();
        }
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
