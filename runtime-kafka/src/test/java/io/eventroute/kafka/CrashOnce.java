package io.eventroute.kafka;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;

/**
 * A Kafka Streams processor wrapper ({@code processor.wrapper.class}) that makes the router's processor
 * throw once, after a set number of events: the injected crash of a stream thread. Its state is static
 * because Kafka Streams instantiates it from configuration; tests run one armed router at a time.
 */
public final class CrashOnce implements ProcessorWrapper {
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
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(String name,
            ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        if (!name.equals("router")) {
            return ProcessorWrapper.asWrapped(supplier);
        }
        return ProcessorWrapper.asWrapped(() -> new Crashing<>(supplier.get()));
    }

    @Override
    public <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(String name,
            FixedKeyProcessorSupplier<KIn, VIn, VOut> supplier) {
        return ProcessorWrapper.asWrappedFixedKey(supplier);
    }

    private static final class Crashing<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {
        private final Processor<KIn, VIn, KOut, VOut> inner;

        Crashing(Processor<KIn, VIn, KOut, VOut> inner) {
            this.inner = inner;
        }

        @Override
        public void init(ProcessorContext<KOut, VOut> context) {
            inner.init(context);
        }

        @Override
        public void process(Record<KIn, VIn> record) {
            if (REMAINING.decrementAndGet() == 0 && CRASHED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected crash");
            }
            inner.process(record);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
