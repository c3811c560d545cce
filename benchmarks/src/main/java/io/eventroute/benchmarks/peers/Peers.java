package io.eventroute.benchmarks.peers;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.eventroute.benchmarks.SampleFilters;
import io.eventroute.compiler.CompiledFilter;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.selector.filter.BooleanExpression;
import org.apache.activemq.artemis.selector.filter.FilterException;
import org.apache.activemq.artemis.selector.filter.Filterable;
import org.apache.activemq.artemis.selector.impl.SelectorParser;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.MapContext;
import org.mvel2.MVEL;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * The typical route filter ({@link SampleFilters#TYPICAL}: an event type, a model-id prefix and one
 * excluded subject) written in the language of each library a user could embed instead, and each
 * compiled the way that library is meant to be used. Every engine gets its natural input built from the
 * same decoded event: the Jackson {@code Map} for SpEL, JEXL, MVEL, CEL (its activation) and the lambda,
 * message properties for the Artemis selector. Stateless; thread-safe.
 */
public final class Peers {
    /** SpEL over the event map (the root object is the map; indexing reads its entries). */
    public static final String SPEL = "['type'] == 'Microsoft.DigitalTwins.Twin.Update'"
            + " and ['data']['modelId'].startsWith('dtmi:example:') and ['subject'] != 'room-0'";
    /** CEL with the event's attributes and {@code data} as declared variables. */
    public static final String CEL = "type == 'Microsoft.DigitalTwins.Twin.Update'"
            + " && data.modelId.startsWith('dtmi:example:') && subject != 'room-0'";
    /** JEXL 3 over a map context; {@code =^} is JEXL's starts-with operator. */
    public static final String JEXL = "type == 'Microsoft.DigitalTwins.Twin.Update'"
            + " && data.modelId =^ 'dtmi:example:' && subject != 'room-0'";
    /** MVEL 2 with the event map as its variables. */
    public static final String MVEL_TEXT = "type == 'Microsoft.DigitalTwins.Twin.Update'"
            + " && data.modelId.startsWith('dtmi:example:') && subject != 'room-0'";
    /**
     * A JMS selector over message properties. Selector identifiers cannot contain dots, so the data
     * member is the property {@code data_modelId}, as a producer would have to set it.
     */
    public static final String ARTEMIS = "type = 'Microsoft.DigitalTwins.Twin.Update'"
            + " AND data_modelId LIKE 'dtmi:example:%' AND subject <> 'room-0'";

    private Peers() {
    }

    /** SpEL, interpreted ({@code SpelCompilerMode.OFF}). */
    public static SpelExpression spelInterpreted() {
        return (SpelExpression) new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.OFF, null))
                .parseRaw(SPEL);
    }

    /**
     * SpEL compiled to bytecode: evaluated once interpreted on {@code event} (so SpEL learns the operand
     * types it needs to compile), then compiled.
     *
     * @throws IllegalStateException when SpEL cannot compile it
     */
    public static SpelExpression spelCompiled(Map<String, Object> event) {
        SpelExpression e = (SpelExpression) new SpelExpressionParser(
                new SpelParserConfiguration(SpelCompilerMode.IMMEDIATE, Peers.class.getClassLoader())).parseRaw(SPEL);
        e.getValue(event, Boolean.class);
        if (!e.compileExpression()) {
            throw new IllegalStateException("SpEL did not compile " + SPEL);
        }
        return e;
    }

    /** CEL: parsed and type-checked once, planned into a program once. */
    public static CelRuntime.Program cel() {
        CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .addVar("type", SimpleType.STRING)
                .addVar("subject", SimpleType.STRING)
                .addVar("data", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .build();
        try {
            CelAbstractSyntaxTree ast = compiler.compile(CEL).getAst();
            return CelRuntimeFactory.standardCelRuntimeBuilder().build().createProgram(ast);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("CEL refused " + CEL + ": " + e.getMessage(), e);
        }
    }

    /** CEL's answer; an evaluation error (such as a missing member) counts as no match. */
    public static boolean cel(CelRuntime.Program program, Map<String, Object> event) {
        try {
            return Boolean.TRUE.equals(program.eval(event));
        } catch (CelEvaluationException e) {
            return false;
        }
    }

    public static JexlExpression jexl() {
        return new JexlBuilder().strict(false).silent(false).create().createExpression(JEXL);
    }

    public static boolean jexl(JexlExpression expression, Map<String, Object> event) {
        return Boolean.TRUE.equals(expression.evaluate(new MapContext(event)));
    }

    public static Serializable mvel() {
        return MVEL.compileExpression(MVEL_TEXT);
    }

    public static boolean mvel(Serializable compiled, Map<String, Object> event) {
        return Boolean.TRUE.equals(MVEL.executeExpression(compiled, event));
    }

    public static BooleanExpression artemis() {
        try {
            return SelectorParser.parse(ARTEMIS);
        } catch (FilterException e) {
            throw new IllegalStateException("Artemis refused " + ARTEMIS + ": " + e.getMessage(), e);
        }
    }

    public static boolean artemis(BooleanExpression selector, Filterable message) {
        try {
            return selector.matches(message);
        } catch (FilterException e) {
            return false;
        }
    }

    /**
     * The event as a message whose properties are its string attributes and, as {@code data_<name>},
     * the scalar members of its {@code data}: what a producer would have to copy into properties for a
     * selector to see them.
     */
    public static Filterable artemisMessage(Map<String, Object> event) {
        Map<SimpleString, Object> properties = new HashMap<>();
        for (Map.Entry<String, Object> e : event.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> data && e.getKey().equals("data")) {
                for (Map.Entry<?, ?> d : data.entrySet()) {
                    if (!(d.getValue() instanceof Map) && !(d.getValue() instanceof Iterable)) {
                        properties.put(SimpleString.of("data_" + d.getKey()), d.getValue());
                    }
                }
            } else {
                properties.put(SimpleString.of(e.getKey()), e.getValue());
            }
        }
        return new PropertiesMessage(properties);
    }

    /** The hand-written floor: the same three conditions in plain Java on the event map. */
    public static Predicate<Map<String, Object>> lambda() {
        return event -> "Microsoft.DigitalTwins.Twin.Update".equals(event.get("type"))
                && event.get("data") instanceof Map<?, ?> data
                && data.get("modelId") instanceof String model && model.startsWith("dtmi:example:")
                && event.get("subject") instanceof String subject && !subject.equals("room-0");
    }

    /** eventroute's compiled typical filter. */
    public static CompiledFilter eventroute() {
        return SampleFilters.compiler().compile(SampleFilters.TYPICAL).orThrow();
    }

    /** A message of properties only; immutable, thread-safe. */
    private static final class PropertiesMessage implements Filterable {
        private final Map<SimpleString, Object> properties;

        PropertiesMessage(Map<SimpleString, Object> properties) {
            this.properties = new HashMap<>(properties);
        }

        @Override
        public <T> T getBodyAs(Class<T> type) {
            return null;
        }

        @Override
        public Object getProperty(SimpleString name) {
            return properties.get(name);
        }

        @Override
        public Object getLocalConnectionId() {
            return null;
        }
    }
}
