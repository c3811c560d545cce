package io.eventroute.benchmarks.routes;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventroute.benchmarks.BenchmarkSettings;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JSON floor under {@link RouteMatchBenchmark}: the cost of merely reading the same events with
 * Jackson, so a reader can see how close to it matching gets. {@code tokenize} runs Jackson's streaming
 * parser to the end of each event (no values materialized beyond what the tokenizer does); {@code
 * readMap} decodes each event into a {@code Map}, the first step of the naive loop. The events are the
 * workload's for 100 routes (the event texts differ between route counts only in tenant numbers). One
 * instance per thread (JMH state); not for use by several threads.
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JsonFloorBenchmark extends BenchmarkSettings {
    private static final int WORKLOAD_ROUTES = 100;

    private JsonFactory factory;
    private ObjectMapper mapper;
    private byte[][] events;
    private int next;

    @Setup
    public void setUp() {
        mapper = new ObjectMapper();
        factory = mapper.getFactory();
        events = new RouteWorkload(WORKLOAD_ROUTES).eventBytes;
    }

    /** Every token of the next event; returns the token count so the JIT keeps the loop. */
    @Benchmark
    public int tokenize() throws IOException {
        byte[] event = events[next++ % events.length];
        int tokens = 0;
        try (JsonParser p = factory.createParser(event)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                tokens += t.ordinal() > 0 ? 1 : 0;
            }
        }
        return tokens;
    }

    /** The next event decoded into a {@code Map}, as the naive loop does once per event. */
    @Benchmark
    public Map<?, ?> readMap() throws IOException {
        return mapper.readValue(events[next++ % events.length], Map.class);
    }
}
