package io.eventroute.kafka;

import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;

/**
 * A Kafka Streams processor wrapper ({@code processor.wrapper.class}) that lets a test see, change or
 * refuse each record before the topology's router processor gets it; other processors are left alone.
 */
abstract class RouterProcessorWrapper implements ProcessorWrapper {

    /** The record the router processor gets in place of {@code record}; may throw, as a fault injected there. */
    abstract <K, V> Record<K, V> before(Record<K, V> record);

    @Override
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(String name,
            ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        if (!name.equals("router")) {
            return ProcessorWrapper.asWrapped(supplier);
        }
        return ProcessorWrapper.asWrapped(() -> new Wrapped<>(supplier.get()));
    }

    @Override
    public <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(String name,
            FixedKeyProcessorSupplier<KIn, VIn, VOut> supplier) {
        return ProcessorWrapper.asWrappedFixedKey(supplier);
    }

    private final class Wrapped<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {
        private final Processor<KIn, VIn, KOut, VOut> inner;

        Wrapped(Processor<KIn, VIn, KOut, VOut> inner) {
            this.inner = inner;
        }

        @Override
        public void init(ProcessorContext<KOut, VOut> context) {
            inner.init(context);
        }

        @Override
        public void process(Record<KIn, VIn> record) {
            inner.process(before(record));
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
