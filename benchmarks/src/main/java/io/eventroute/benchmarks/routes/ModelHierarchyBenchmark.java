package io.eventroute.benchmarks.routes;

import io.eventroute.benchmarks.BenchmarkSettings;
import io.eventroute.compiler.ModelSet;
import io.eventroute.runtime.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issue 18's bar: 10,000 routes of which a third select twins by type over a 200-model DTDL hierarchy,
 * written either with {@code IS_OF_MODEL('m')} and the hierarchy loaded ({@link #IS_OF_MODEL}), or as
 * people write them without inheritance, {@code $model} equal to, or IN, every model that is of
 * {@code m} ({@link #MODEL_EQUALS}); each for one of {@value #SOURCES} ADT instances. Both tables match the same routes for every event (checked by
 * {@code BenchmarkSetupTest}); IS_OF_MODEL should cost no more than 1.2x. The other routes are the
 * seeded ADT workload's. Each operation matches the next of {@link #EVENTS} events, as JSON bytes. One
 * instance per thread (JMH state).
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ModelHierarchyBenchmark extends BenchmarkSettings {
    public static final String IS_OF_MODEL = "is-of-model";
    public static final String MODEL_EQUALS = "model-equals";
    public static final int MODELS = 200;
    public static final int EVENTS = 2_000;
    /** ADT instances (event sources) a model route is for: each route selects one, as a tenant's would. */
    public static final int SOURCES = 200;
    private static final long SEED = 18;

    @Param({"10000"})
    public int routes;

    @Param({IS_OF_MODEL, MODEL_EQUALS})
    public String form;

    private RouteTable<Void> table;
    private byte[][] events;
    private int next;

    @Setup
    public void setUp() {
        RouteWorkload workload = new RouteWorkload(routes);
        table = table(workload, form);
        events = events(workload);
    }

    /**
     * The hierarchy: model i extends one earlier model (a tree of depth about ln 200), and every tenth
     * also a second (several bases).
     */
    public static ModelSet hierarchy() {
        Random random = new Random(SEED);
        ModelSet set = ModelSet.empty();
        for (int i = 0; i < MODELS; i++) {
            List<String> bases = new ArrayList<>();
            if (i > 0) {
                bases.add(id(random.nextInt(i)));
                if (i % 10 == 0) {
                    String second = id(random.nextInt(i));
                    if (!bases.contains(second)) {
                        bases.add(second);
                    }
                }
            }
            set = set.with(Map.of(id(i), bases));
        }
        return set;
    }

    private static String id(int i) {
        return "dtmi:bench:building:M" + i + ";1";
    }

    /** The workload's number of routes: every third selects by model (in {@code form}), the rest are the workload's. */
    public static RouteTable<Void> table(RouteWorkload workload, String form) {
        ModelSet models = hierarchy();
        RouteTable<Void> table = RouteTable.create();
        if (form.equals(IS_OF_MODEL)) {
            table.models(models);
        } else if (!form.equals(MODEL_EQUALS)) {
            throw new IllegalArgumentException("unknown form " + form + "; expected " + IS_OF_MODEL + " or " + MODEL_EQUALS);
        }
        Random random = new Random(SEED + 1);
        List<io.eventroute.cli.workload.Workload.Route> others = workload.routes;
        for (int i = 0; i < others.size(); i++) {
            if (i % 3 != 0) {
                table.put(others.get(i).id(), others.get(i).filter());
                continue;
            }
            String wanted = id(random.nextInt(MODELS));
            String rest = " AND source = 'adt-" + random.nextInt(SOURCES) + "'";
            if (form.equals(IS_OF_MODEL)) {
                table.put("model-" + i, "IS_OF_MODEL('" + wanted.substring(0, wanted.indexOf(';')) + "')" + rest);
            } else {
                Set<String> all = models.satisfying(wanted);
                table.put("model-" + i, (all.size() == 1 ? "$model = '" + wanted + "'"
                        : "$model IN ('" + String.join("', '", all) + "')") + rest);
            }
        }
        return table;
    }

    /** Half the workload's events, half twin updates of random models of the hierarchy from the {@value #SOURCES} sources. */
    public static byte[][] events(RouteWorkload workload) {
        Random random = new Random(SEED + 2);
        byte[][] out = new byte[EVENTS][];
        for (int i = 0; i < EVENTS; i++) {
            String json = i % 2 == 0 ? workload.eventStrings[i / 2]
                    : "{\"specversion\":\"1.0\",\"id\":\"m" + i + "\",\"source\":\"adt-" + random.nextInt(SOURCES) + "\","
                            + "\"type\":\"Microsoft.DigitalTwins.Twin.Update\",\"subject\":\"twin-" + random.nextInt(1000)
                            + "\",\"data\":{\"modelId\":\"" + id(random.nextInt(MODELS)) + "\",\"patch\":[]}}";
            out[i] = json.getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    @Benchmark
    public List<String> match() {
        return table.match(events[next++ % EVENTS]);
    }

}
