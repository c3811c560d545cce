package io.eventroute.benchmarks.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventroute.cli.workload.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * The naive route table a user would write without an index: Jackson decodes each event once into a
 * {@code Map}, then every route's Spring SpEL expression is evaluated against it in turn. SpEL compiles
 * an expression to bytecode only once it has evaluated every operand (it needs their types), so the
 * expressions start interpreted and {@link #compileAll()}, called between benchmark iterations, compiles
 * those that have got there. (SpEL's own mixed mode does this inside evaluation, but retries a failing
 * compilation up to 100 times per expression, which over 100,000 routes costs more than the evaluation.) The route filters are
 * the workload's ADT filters translated condition by condition ({@link #translate}). Matching is not
 * thread-safe: SpEL's compiled expressions are, but the benchmark gives each thread its own instance.
 */
public final class NaiveSpelRoutes {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ATTRIBUTE_EQUALS = Pattern.compile("(\\w+) = '([^']*)'");
    private static final Pattern BODY_EQUALS = Pattern.compile("\\$body\\.(\\$?\\w+) = '([^']*)'");
    private static final Pattern BODY_GREATER = Pattern.compile("\\$body\\.(\\$?\\w+) > (-?\\d+)");
    private static final Pattern STARTS_WITH = Pattern.compile("STARTS_WITH\\((\\w+), '([^']*)'\\)");
    private static final Pattern MODEL_EQUALS = Pattern.compile("\\$model = '([^']*)'");

    private final String[] ids;
    private final SpelExpression[] expressions;

    public NaiveSpelRoutes(List<Workload.Route> routes) {
        SpelExpressionParser parser = new SpelExpressionParser(
                new SpelParserConfiguration(SpelCompilerMode.OFF, NaiveSpelRoutes.class.getClassLoader()));
        ids = new String[routes.size()];
        expressions = new SpelExpression[routes.size()];
        for (int i = 0; i < routes.size(); i++) {
            ids[i] = routes.get(i).id();
            expressions[i] = (SpelExpression) parser.parseRaw(translate(routes.get(i).filter()));
        }
    }

    /** The ids of the routes whose expression is true for this structured-mode CloudEvent. */
    public List<String> match(byte[] structuredJson) {
        Map<?, ?> event;
        try {
            event = MAPPER.readValue(structuredJson, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("event is not JSON: " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < expressions.length; i++) {
            if (Boolean.TRUE.equals(expressions[i].getValue(event, Boolean.class))) {
                out.add(ids[i]);
            }
        }
        return out;
    }

    /**
     * Compiles every expression SpEL can compile (those whose every operand it has evaluated at least
     * once); the others stay interpreted, as they would in an application.
     *
     * @return the number of expressions now compiled to bytecode
     */
    public int compileAll() {
        int compiled = 0;
        for (SpelExpression e : expressions) {
            if (e.compileExpression()) {
                compiled++;
            }
        }
        return compiled;
    }

    public int size() {
        return expressions.length;
    }

    /**
     * One workload filter as SpEL over the event map (a conjunction of the condition shapes the workload
     * generates), keeping the ADT meaning: an absent field makes its condition false.
     *
     * @throws IllegalArgumentException for a condition shape the workload does not generate
     */
    public static String translate(String adtFilter) {
        List<String> out = new ArrayList<>();
        for (String condition : adtFilter.split(" AND ")) {
            out.add(condition(condition.trim()));
        }
        return String.join(" and ", out);
    }

    private static String condition(String c) {
        Matcher m = MODEL_EQUALS.matcher(c);
        if (m.matches()) {
            // $model is where each event kind keeps its twin's model id (filter-language.md section 1).
            String model = quote(m.group(1));
            return "((['type'] == 'microsoft.iot.telemetry' and ['dataschema'] == " + model + ")"
                    + " or ((['type'] == 'Microsoft.DigitalTwins.Twin.Create' or ['type'] == 'Microsoft.DigitalTwins.Twin.Delete')"
                    + " and ['data']?.['$metadata']?.['$model'] == " + model + ")"
                    + " or ((['type'] == 'Microsoft.DigitalTwins.Twin.Update' or ['type'] == 'Microsoft.DigitalTwins.Relationship.Update')"
                    + " and ['data']?.['modelId'] == " + model + "))";
        }
        m = BODY_EQUALS.matcher(c);
        if (m.matches()) {
            return "['data']?.['" + m.group(1) + "'] == " + quote(m.group(2));
        }
        m = BODY_GREATER.matcher(c);
        if (m.matches()) {
            // SpEL orders null below every number, so an absent value is not greater: false, as in ADT.
            return "['data']?.['" + m.group(1) + "'] > " + m.group(2);
        }
        m = STARTS_WITH.matcher(c);
        if (m.matches()) {
            return "(['" + m.group(1) + "'] != null and ['" + m.group(1) + "'].startsWith(" + quote(m.group(2)) + "))";
        }
        m = ATTRIBUTE_EQUALS.matcher(c);
        if (m.matches()) {
            return "['" + m.group(1) + "'] == " + quote(m.group(2));
        }
        throw new IllegalArgumentException("no SpEL translation for the condition: " + c);
    }

    private static String quote(String literal) {
        return "'" + literal.replace("'", "''") + "'";
    }
}
