package io.eventroute.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Constant folding never changes a result: random well-typed filters, with constant sub-expressions
 * mixed among event reads, give the same value on random events with folding on and off.
 */
class FoldingPropertyTest {
    private static final FilterCompiler FOLDING = FilterCompiler.builder().build();
    private static final FilterCompiler PLAIN = FilterCompiler.builder().constantFolding(false).build();

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 1_000)
    void foldingNeverChangesAResult(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        String filter = new TextGenerator(random).condition(0);
        CompileResult folded = FOLDING.compile(filter);
        CompileResult plain = PLAIN.compile(filter);
        assertFalse(plain.hasErrors(), () -> "seed " + seed + ": generated an invalid filter " + filter + "\n" + plain.render());
        assertEquals(plain.hasErrors(), folded.hasErrors());
        for (int i = 0; i < 8; i++) {
            EventView event = randomEvent(random);
            assertEquals(plain.orThrow().evaluate(event), folded.orThrow().evaluate(event),
                    () -> "seed " + seed + ": " + filter + "\nplan " + folded.orThrow().plan());
        }
    }

    private static EventView randomEvent(Random random) {
        Map<String, Object> data = new HashMap<>();
        Object[] numbers = {0L, 1L, -3L, 2.5, -0.5, Long.MAX_VALUE, Long.MIN_VALUE, "7", null, true, List.of(1L, 2L)};
        Object[] strings = {"", "room-21", "ROOM", "a%b", "😀x", "7", null, 5L};
        maybePut(random, data, "n", numbers[random.nextInt(numbers.length)]);
        maybePut(random, data, "m", numbers[random.nextInt(numbers.length)]);
        maybePut(random, data, "s", strings[random.nextInt(strings.length)]);
        Map<String, Object> event = new HashMap<>();
        event.put("specversion", "1.0");
        event.put("id", "1");
        event.put("source", "src");
        event.put("type", random.nextBoolean() ? "microsoft.iot.telemetry" : "Microsoft.DigitalTwins.Twin.Update");
        if (random.nextBoolean()) {
            event.put("subject", strings[random.nextInt(6)]);
        }
        event.put("data", data);
        return EventView.of(event);
    }

    private static void maybePut(Random random, Map<String, Object> map, String key, Object value) {
        if (random.nextInt(5) > 0) {
            map.put(key, value);
        }
    }

    /** Generates well-typed filter text. */
    static final class TextGenerator {
        private final Random random;

        TextGenerator(Random random) {
            this.random = random;
        }

        String condition(int depth) {
            int choice = random.nextInt(depth > 3 ? 7 : 10);
            switch (choice) {
                case 0:
                    return number(depth + 1) + " " + pick("=", "!=", "<", "<=", ">", ">=") + " " + number(depth + 1);
                case 1:
                    return string(depth + 1) + " " + pick("=", "<>", "<", ">=") + " " + string(depth + 1);
                case 2:
                    return string(depth + 1) + pick(" LIKE ", " NOT LIKE ") + pick("'r%'", "'%'", "'_'", "'a\\%b'", "'%1'");
                case 3:
                    return pick("STARTS_WITH(", "ENDS_WITH(", "CONTAINS(") + string(depth + 1) + ", " + string(depth + 1) + ")";
                case 4:
                    return number(depth + 1) + pick(" IN (1, 2.5, 7)", " NOT IN (0, -3)", " IN (null, 1)");
                case 5:
                    return pick("$body.n", "$body.s", "subject", "(1 + 1)", "'x'") + pick(" IS NULL", " IS NOT NULL");
                case 6:
                    return pick("IS_DEFINED(", "IS_NUMBER(", "IS_STRING(", "IS_NULL(") + pick("$body.n", "$body.s", "1", "'a'", "null") + ")";
                case 7:
                    return "NOT (" + condition(depth + 1) + ")";
                case 8:
                    return "(" + condition(depth + 1) + pick(" AND ", " OR ") + condition(depth + 1) + ")";
                default:
                    return pick("true", "false", "$body.n", "(1 = 1)");
            }
        }

        String number(int depth) {
            int choice = random.nextInt(depth > 4 ? 4 : 8);
            switch (choice) {
                case 0:
                    return pick("0", "1", "2.5", "9223372036854775807", "0x10", "1e3");
                case 1:
                    return pick("$body.n", "$body.m");
                case 2:
                    return "-" + pick("1", "$body.n", "9223372036854775807");
                case 3:
                    return "LENGTH(" + string(depth + 1) + ")";
                case 4:
                    return "(" + number(depth + 1) + " " + pick("+", "-", "*", "/", "%") + " " + number(depth + 1) + ")";
                case 5:
                    return pick("ABS(", "ROUND(", "FLOOR(", "CEILING(", "SIGN(") + number(depth + 1) + ")";
                case 6:
                    return "AS_NUMBER(" + pick("'12'", "'x'", "$body.s", "$body.n") + ")";
                default:
                    return "INDEX_OF(" + string(depth + 1) + ", " + string(depth + 1) + ")";
            }
        }

        String string(int depth) {
            int choice = random.nextInt(depth > 4 ? 3 : 6);
            switch (choice) {
                case 0:
                    return pick("'room-21'", "''", "'ROOM'", "'😀'", "'a%b'");
                case 1:
                    return pick("subject", "$body.s");
                case 2:
                    return pick("type", "'7'");
                case 3:
                    return pick("LOWER(", "UPPER(") + string(depth + 1) + ")";
                case 4:
                    return "CONCAT(" + string(depth + 1) + ", " + string(depth + 1) + ")";
                default:
                    return "SUBSTRING(" + string(depth + 1) + ", " + pick("0", "1", "5") + pick("", ", 2", ", 0") + ")";
            }
        }

        private String pick(String... options) {
            return options[random.nextInt(options.length)];
        }
    }
}
