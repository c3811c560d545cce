package io.eventroute.benchmarks.peers;

import dev.cel.runtime.CelRuntime;
import io.eventroute.benchmarks.BenchmarkSettings;
import io.eventroute.benchmarks.SampleEvents;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.EventView;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.activemq.artemis.selector.filter.BooleanExpression;
import org.apache.activemq.artemis.selector.filter.Filterable;
import org.apache.commons.jexl3.JexlExpression;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.expression.spel.standard.SpelExpression;

/**
 * One filter, one decoded event: the typical route filter evaluated by eventroute and by each library a
 * user could embed instead ({@link Peers}), with a hand-written lambda as the floor. The event is decoded
 * once in setup, so only evaluation is timed. {@code twinUpdate} matches (every condition is evaluated);
 * {@code telemetry} is rejected by the first condition, the common case for most routes. Setup refuses
 * to run unless every engine gives the expected answer. One instance per benchmark run (JMH state); not
 * for use by several threads.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SingleFilterBenchmark extends BenchmarkSettings {
    @Param({"twinUpdate", "telemetry"})
    public String event;

    // Not final and set in setup, so the JIT cannot fold the filters or the event into constants.
    private Map<String, Object> map;
    private EventView view;
    private Filterable message;
    private CompiledFilter ours;
    private SpelExpression spelInterpreted;
    private SpelExpression spelCompiled;
    private BooleanExpression artemis;
    private CelRuntime.Program cel;
    private JexlExpression jexl;
    private Serializable mvel;
    private Predicate<Map<String, Object>> lambda;

    @Setup
    public void setup() {
        boolean expected;
        switch (event) {
            case "twinUpdate":
                map = SampleEvents.map(SampleEvents.TWIN_UPDATE);
                expected = true;
                break;
            case "telemetry":
                map = SampleEvents.map(SampleEvents.TELEMETRY);
                expected = false;
                break;
            default:
                throw new IllegalArgumentException("unknown event " + event + "; expected twinUpdate or telemetry");
        }
        view = EventView.of(map);
        message = Peers.artemisMessage(map);
        ours = Peers.eventroute();
        spelInterpreted = Peers.spelInterpreted();
        spelCompiled = Peers.spelCompiled(SampleEvents.map(SampleEvents.TWIN_UPDATE));
        artemis = Peers.artemis();
        cel = Peers.cel();
        jexl = Peers.jexl();
        mvel = Peers.mvel();
        lambda = Peers.lambda();
        // A fast wrong answer is no result: every engine must answer as the filter means.
        for (Map.Entry<String, Boolean> answer : answers().entrySet()) {
            if (answer.getValue() != expected) {
                throw new IllegalStateException(answer.getKey() + " answers " + answer.getValue() + " on " + event
                        + ", expected " + expected);
            }
        }
    }

    /** Each engine's answer on the current event, by benchmark method name. */
    public Map<String, Boolean> answers() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        out.put("eventroute", eventroute());
        out.put("spelInterpreted", spelInterpreted());
        out.put("spelCompiled", spelCompiled());
        out.put("artemis", artemis());
        out.put("cel", cel());
        out.put("jexl", jexl());
        out.put("mvel", mvel());
        out.put("lambda", lambda());
        return out;
    }

    @Benchmark
    public boolean eventroute() {
        return ours.matches(view);
    }

    @Benchmark
    public boolean spelInterpreted() {
        return Boolean.TRUE.equals(spelInterpreted.getValue(map, Boolean.class));
    }

    @Benchmark
    public boolean spelCompiled() {
        return Boolean.TRUE.equals(spelCompiled.getValue(map, Boolean.class));
    }

    @Benchmark
    public boolean artemis() {
        return Peers.artemis(artemis, message);
    }

    @Benchmark
    public boolean cel() {
        return Peers.cel(cel, map);
    }

    @Benchmark
    public boolean jexl() {
        return Peers.jexl(jexl, map);
    }

    @Benchmark
    public boolean mvel() {
        return Peers.mvel(mvel, map);
    }

    @Benchmark
    public boolean lambda() {
        return lambda.test(map);
    }
}
