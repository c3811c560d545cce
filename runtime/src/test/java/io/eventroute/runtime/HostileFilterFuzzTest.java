package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.compiler.Limits;
import io.eventroute.compiler.RouteIndex;
import io.eventroute.runtime.event.InvalidEventException;
import io.eventroute.runtime.event.JsonEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Hostile filters, tried as a new user would with every limit raised to 10^6: long paths, long
 * chains of every operator, deep nesting of every construct, huge IN lists, huge literals, odd
 * Unicode and random token soup. Compiling (both dialects, folding on and off), explaining and
 * matching (the compiled program, the index, the route table reading JSON bytes selectively, the
 * whole-event reader) must each give a result or a diagnostic: never an Error or an unexpected
 * exception. Runs for about three seconds (at least every kind once); prints its seed first, and
 * {@code -Dhostile.seed=N} replays a run.
 */
class HostileFilterFuzzTest {
    private static final Limits RAISED = new Limits(1_000_000, 1_000_000, 1_000_000);
    private static final long BUDGET_NANOS = 3_000_000_000L;
    private static final int LARGEST = 50_000;
    private static final int MAX_EVENT_DEPTH = 990; // JSON events nest at most 1,000 levels
    private static final List<FilterCompiler> COMPILERS = List.of(
            FilterCompiler.builder().limits(RAISED).build(),
            FilterCompiler.builder().limits(RAISED).constantFolding(false).build(),
            FilterCompiler.builder().limits(RAISED).dialect(Dialect.CESQL).build());
    private static final String PLAIN_EVENT = "{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"type\":\"t\","
            + "\"subject\":\"room-21\",\"data\":{\"a\":{\"a\":1,\"x\":\"s\"},\"x\":3,\"items\":[{\"a\":1},{\"b\":[1,2]}]}}";
    private static final String[] DECOYS = {"type = 't'", "subject IN ('room-1', 'room-21')", "$body.x > 2",
        "STARTS_WITH(subject, 'room')", "$body.a.a = 1"};

    /** A filter and events shaped to reach deep into it (JSON text). */
    private record Case(String kind, String filter, List<String> events) {
    }

    @Test
    void hostileFiltersGiveAResultOrADiagnosticNeverAnError() {
        long seed = Long.getLong("hostile.seed", System.nanoTime());
        System.out.println("HostileFilterFuzzTest seed " + seed + " (replay with -Dhostile.seed=" + seed + ")");
        Random random = new Random(seed);
        Generator generator = new Generator(random);
        List<Function<Integer, Case>> kinds = generator.kinds();
        long start = System.nanoTime();
        int n = 0;
        while (n < kinds.size() || System.nanoTime() - start < BUDGET_NANOS) {
            // Every kind comes round in turn: first at the size the issue reported (50,000 path segments)
            // through the default compiler, then at random sizes (most small, a few huge) through all.
            boolean first = n < kinds.size();
            Case c = kinds.get(n % kinds.size()).apply(first ? LARGEST : generator.size());
            exercise(c, first ? COMPILERS.subList(0, 1) : COMPILERS, seed, n);
            n++;
        }
        System.out.println("HostileFilterFuzzTest: " + n + " cases in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertTrue(n >= kinds.size());
    }

    private static void exercise(Case c, List<FilterCompiler> compilers, long seed, int number) {
        try {
            for (FilterCompiler compiler : compilers) {
                CompileResult r = compiler.compile(c.filter());
                if (!r.diagnostics().isEmpty()) {
                    r.diagnostics().get(0).render();
                }
                if (!r.hasErrors()) {
                    match(r.orThrow(), c.events());
                }
            }
        } catch (Throwable t) {
            String shown = c.filter().length() > 300 ? c.filter().substring(0, 300) + "... (" + c.filter().length() + " chars)"
                    : c.filter();
            fail("seed " + seed + ", case " + number + " (" + c.kind() + "): " + t + "\nfilter: " + shown, t);
        }
    }

    private static void match(CompiledFilter f, List<String> events) {
        f.plan();
        f.normalized();
        f.attributes();
        f.dataPointers();
        RouteTable table = RouteTable.create(COMPILERS.get(0));
        for (int i = 0; i < DECOYS.length; i++) {
            table.put("decoy" + i, DECOYS[i]);
        }
        table.put("hostile", f);
        RouteIndex index = table.index();
        index.describe();
        for (String json : events) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            try {
                table.match(bytes);
            } catch (InvalidEventException tooDeep) {
                // a diagnostic for the event, fine
            }
            EventView whole;
            try {
                whole = JsonEvent.parse(bytes);
            } catch (InvalidEventException tooDeep) {
                continue;
            }
            f.evaluate(whole);
            index.match(whole);
            index.matchEach(whole);
            index.candidates(whole);
        }
    }

    /** Random hostile filters; each kind takes a size (terms, segments, levels, items or characters). */
    private static final class Generator {
        private static final String[] NAMES = {"a", "$metadata", "_x9", "A"};
        private static final String[] ODD_NAMES = {"odd key", "é😀", "it's", "", "\u202Eevil", "a.b[0]", "a\\b"};
        private static final int[] ODD_CODE_POINTS = {0x0, 0x7, 0x9, 0xA, 0xD, 0x85, 0xA0, 0x200B, 0x200E, 0x202E,
            0x2028, 0xFEFF, 0xFFFD, 0xFFFF, 0x1F600, 0x10FFFF, 0x0301, 0xD800, 0xDC00, 'a', '\'', '"', '\\', '$', '@',
            '[', ']', '.', '(', ')', ' ', '-', '%', '_', '*'};
        private static final String[] TOKENS = {"AND", "OR", "NOT", "IN", "IS", "NULL", "TRUE", "FALSE", "LIKE",
            "ESCAPE", "(", ")", ",", "=", "!=", "<>", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "1", "1.5", "0x1F",
            "'a'", "\"b\"", "$body.a", "@.b", "type", "subject", "$model", "$eventType", "ANY", "ALL", "LOWER",
            "CONCAT", "[*]", ".", "$body", "@", "IS_OF_MODEL", "--", "1e400", "-9223372036854775808"};
        private static final String[] CONDITIONS = {"type = 't'", "$body.x > 2", "subject IN ('a', 'room-21')",
            "NOT $body.b", "$body.a.x LIKE 's%'", "type = 't1'", "$body.x IS NULL"};
        private static final String[] OPENERS = {"(", "NOT ", "- ", "LOWER(", "ABS(", "ANY($body.items, ",
            "IS_DEFINED(", "CONCAT('a', ", "SUBSTRING("};
        private static final String[] CLOSERS = {")", "", "", ")", ")", ")", ")", ")", ", 1)"};

        private final Random random;

        Generator(Random random) {
            this.random = random;
        }

        List<Function<Integer, Case>> kinds() {
            return List.of(this::longPath, this::elementPath, this::chain, this::uniformNesting, this::mixedNesting,
                    this::inList, this::literal, this::unicode, this::tokenSoup, this::combined);
        }

        /** Mostly small, sometimes thousands, now and then tens of thousands. */
        int size() {
            return switch (random.nextInt(8)) {
                case 0, 1, 2 -> 1 + random.nextInt(20);
                case 3, 4 -> 20 + random.nextInt(2_000);
                case 5, 6 -> 2_000 + random.nextInt(10_000);
                default -> 20_000 + random.nextInt(LARGEST - 20_000);
            };
        }

        private <T> T pick(T[] items) {
            return items[random.nextInt(items.length)];
        }

        Case longPath(int segments) {
            StringBuilder path = new StringBuilder("$body");
            List<String[]> json = new ArrayList<>(); // per segment: what opens and closes it in an event
            segments(segments, path, json);
            String p = path.toString();
            String filter = switch (random.nextInt(12)) {
                case 0 -> p + " = 1";
                case 1 -> p + " IS NOT NULL";
                case 2 -> p + " NOT IN (1, 'a', null, -2.5)";
                case 3 -> p + " LIKE 'a%'";
                case 4 -> p;
                case 5 -> "STARTS_WITH(" + p + ", 'a')";
                case 6 -> p + " = " + p;
                case 7 -> p + " + 1 > 0";
                case 8 -> "ANY(" + p + ", @.a = 1)";
                case 9 -> "IS_DEFINED(" + p + ") AND type = 't'";
                case 10 -> "LOWER(" + p + ") = 'a' OR " + p + " > 2";
                default -> "NOT " + p + " = 'x'";
            };
            return new Case("long path", filter, List.of(PLAIN_EVENT, deepEvent(json)));
        }

        Case elementPath(int segments) {
            StringBuilder path = new StringBuilder("@");
            List<String[]> json = new ArrayList<>();
            segments(segments, path, json);
            json.add(0, new String[] {"{\"items\":[", "]}"});
            return new Case("element path", "ANY($body.items, " + path + " = 1 OR " + path + " IS NULL)",
                    List.of(PLAIN_EVENT, deepEvent(json)));
        }

        /** {@code n} segments: mostly members and indexes, up to two [*], and now and then one bad segment. */
        private void segments(int n, StringBuilder path, List<String[]> json) {
            int wildcards = random.nextInt(3);
            int bad = random.nextInt(10) == 0 ? random.nextInt(n) : -1;
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(16);
                if (i == bad) {
                    path.append(pick(new String[] {".9", "[x]", "[", "..", "[-1]", "[99999999999]"}));
                } else if (wildcards > 0 && random.nextInt(n) < 2) {
                    wildcards--;
                    path.append("[*]");
                    json.add(new String[] {"[", "]"});
                } else if (k < 9) {
                    String name = pick(NAMES);
                    path.append('.').append(name);
                    json.add(new String[] {"{\"" + name + "\":", "}"});
                } else if (k < 12) {
                    String name = pick(ODD_NAMES);
                    path.append("['").append(name.replace("'", "''")).append("']");
                    json.add(new String[] {"{" + jsonString(name) + ":", "}"});
                } else {
                    int index = random.nextInt(3);
                    path.append('[').append(index).append(']');
                    json.add(new String[] {"[" + "0,".repeat(index), "]"});
                }
            }
        }

        /** An event whose data follows the path's first segments as deep as a JSON event may nest. */
        private String deepEvent(List<String[]> steps) {
            int depth = Math.min(steps.size(), MAX_EVENT_DEPTH);
            StringBuilder b = new StringBuilder("{\"specversion\":\"1.0\",\"id\":\"d\",\"source\":\"s\",\"type\":\"t\",\"data\":");
            for (int i = 0; i < depth; i++) {
                b.append(steps.get(i)[0]);
            }
            b.append(pick(new String[] {"1", "\"abc\"", "true", "null", "[1,2]", "{\"a\":1}"}));
            for (int i = depth - 1; i >= 0; i--) {
                b.append(steps.get(i)[1]);
            }
            return b.append('}').toString();
        }

        private static String jsonString(String s) {
            StringBuilder b = new StringBuilder("\"");
            s.chars().forEach(ch -> {
                if (ch == '"' || ch == '\\') {
                    b.append('\\').append((char) ch);
                } else if (ch < 0x20) {
                    b.append(String.format("\\u%04x", ch));
                } else {
                    b.append((char) ch);
                }
            });
            return b.append('"').toString();
        }

        Case chain(int terms) {
            String op = pick(new String[] {" AND ", " OR ", " + ", " - ", " * ", " / ", " % ", ", ", " = ", " < "});
            StringBuilder b = new StringBuilder();
            boolean logical = op.equals(" AND ") || op.equals(" OR ");
            if (op.equals(", ")) {
                b.append("CONCAT(");
            }
            for (int i = 0; i < terms; i++) {
                if (i > 0) {
                    b.append(op);
                }
                b.append(logical ? pick(CONDITIONS) : pick(new String[] {"$body.x", "1", "2.5", "subject", "'s'"}));
            }
            if (op.equals(", ")) {
                b.append(") = 'a'");
            } else if (!logical) {
                b.append(" > 0");
            }
            return new Case("chain of" + op.trim(), b.toString(), List.of(PLAIN_EVENT));
        }

        Case uniformNesting(int depth) {
            int k = random.nextInt(OPENERS.length);
            String core = switch (k) {
                case 0, 1 -> "type = 't'";
                case 2, 4 -> "$body.x";
                case 3, 7 -> "subject";
                case 5 -> "@.a = 1";
                case 6 -> "$body.a";
                default -> "'abc'";
            };
            String filter = OPENERS[k].repeat(depth) + core + CLOSERS[k].repeat(depth);
            if (k >= 2 && k != 5 && k != 6) {
                filter += " IS NOT NULL";
            }
            return new Case("nesting of " + OPENERS[k].trim(), filter, List.of(PLAIN_EVENT));
        }

        Case mixedNesting(int depth) {
            StringBuilder open = new StringBuilder();
            StringBuilder close = new StringBuilder();
            for (int i = 0; i < depth; i++) {
                int k = random.nextInt(OPENERS.length);
                open.append(OPENERS[k]);
                close.insert(0, CLOSERS[k]);
            }
            return new Case("mixed nesting", open + pick(new String[] {"$body.x", "1", "@.a", "type = 't'"}) + close,
                    List.of(PLAIN_EVENT));
        }

        Case inList(int items) {
            StringBuilder b = new StringBuilder(pick(new String[] {"subject", "$body.x", "type", "null", "$body.a[*].a"}));
            b.append(random.nextBoolean() ? " IN (" : " NOT IN (");
            for (int i = 0; i < items; i++) {
                if (i > 0) {
                    b.append(", ");
                }
                b.append(switch (random.nextInt(6)) {
                    case 0 -> "'s" + i + "'";
                    case 1 -> Integer.toString(i);
                    case 2 -> "-" + i + ".5";
                    case 3 -> "null";
                    case 4 -> "'room-21'";
                    default -> "TRUE";
                });
            }
            return new Case("IN list", b.append(')').toString(), List.of(PLAIN_EVENT));
        }

        Case literal(int size) {
            int length = size * (1 + random.nextInt(30));
            String filter = switch (random.nextInt(6)) {
                case 0 -> "subject = '" + "ab''c\\".repeat(length / 5 + 1) + "'";
                case 1 -> "$body.x = " + "9".repeat(length);
                case 2 -> "$body.x = 0." + "0".repeat(length) + "1";
                case 3 -> "$body.x < 1e" + "9".repeat(Math.min(length, 50));
                case 4 -> "$body.x = 0x" + "F".repeat(length);
                default -> "subject LIKE '" + "%a_".repeat(length / 3 + 1) + "'";
            };
            return new Case("huge literal", filter, List.of(PLAIN_EVENT));
        }

        Case unicode(int size) {
            StringBuilder odd = new StringBuilder();
            for (int i = 0; i < size; i++) {
                odd.appendCodePoint(ODD_CODE_POINTS[random.nextInt(ODD_CODE_POINTS.length)]);
            }
            String s = odd.toString();
            String filter = switch (random.nextInt(5)) {
                case 0 -> s;
                case 1 -> "subject = '" + s.replace("'", "''") + "'";
                case 2 -> "$body['" + s.replace("'", "''") + "'] = 1";
                case 3 -> "type = 't' AND " + s;
                default -> s + " = 1";
            };
            return new Case("odd Unicode", filter, List.of(PLAIN_EVENT));
        }

        Case tokenSoup(int tokens) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < tokens; i++) {
                b.append(pick(TOKENS)).append(random.nextInt(4) == 0 ? "" : " ");
            }
            return new Case("token soup", b.toString(), List.of(PLAIN_EVENT));
        }

        Case combined(int size) {
            List<Function<Integer, Case>> parts = kinds().subList(0, 9);
            StringBuilder b = new StringBuilder();
            List<String> events = new ArrayList<>();
            for (int i = 0, n = 2 + random.nextInt(3); i < n; i++) {
                Case part = parts.get(random.nextInt(parts.size())).apply(1 + size / 4);
                b.append(i == 0 ? "" : pick(new String[] {" AND ", " OR "})).append('(').append(part.filter()).append(')');
                events.addAll(part.events());
            }
            return new Case("combined", b.toString(), events);
        }
    }
}
