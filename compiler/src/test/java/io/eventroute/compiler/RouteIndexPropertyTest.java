package io.eventroute.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The index answers exactly what evaluating every route in turn answers, for random route sets and
 * events, also after adding, replacing and removing routes in random orders. jqwik reports the seed
 * of a failing run; the message carries it too.
 */
class RouteIndexPropertyTest {
    private static final FilterCompiler COMPILER = FilterCompiler.builder().build();
    private static final String[] TYPES = {"Microsoft.DigitalTwins.Twin.Create", "Microsoft.DigitalTwins.Twin.Update",
        "Microsoft.DigitalTwins.Relationship.Create", "microsoft.iot.telemetry", "Microsoft.DigitalTwins.Twin.Delete"};
    private static final String[] SUBJECTS = {"room-1", "room-2", "room-21", "floor-1", "floor1/relationships/r1", "comp"};
    private static final String[] MODELS = {"dtmi:example:Room;1", "dtmi:example:Room;2", "dtmi:example:Floor;1"};

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 200)
    void indexAgreesWithEvaluatingEveryRoute(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        RouteIndex index = RouteIndex.empty();
        Map<String, String> current = new LinkedHashMap<>();
        List<EventView> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(event(random));
        }
        for (int step = 0; step < 120; step++) {
            String id = "r" + random.nextInt(60);
            if (random.nextInt(5) == 0) {
                index = index.without(id);
                current.remove(id);
            } else {
                String filter = filter(random);
                CompileResult r = COMPILER.compile(filter);
                assertEquals(false, r.hasErrors(), () -> "seed " + seed + ": generated " + filter + "\n" + r.render());
                index = index.with(id, r.orThrow());
                current.put(id, filter);
            }
            if (step % 10 == 9) {
                for (EventView e : events) {
                    RouteIndex snapshot = index;
                    assertEquals(snapshot.matchEach(e), snapshot.match(e),
                            () -> "seed " + seed + "; routes " + current + "\n" + snapshot.describe());
                }
            }
        }
        assertEquals(current.size(), index.size());
    }

    @Property(tries = 25)
    void aBatchIsOneWithEachAndLeavesEarlierIndexesAsTheyWere(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        List<EventView> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(event(random));
        }
        RouteIndex one = RouteIndex.empty();
        RouteIndex batched = RouteIndex.empty();
        List<RouteIndex> earlier = new ArrayList<>();
        List<Map<EventView, List<String>>> earlierAnswers = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            Map<String, CompiledFilter> batch = new LinkedHashMap<>();
            int n = 1 + random.nextInt(round == 3 ? 5_000 : 40); // one batch large enough to refile (SPARSE_FROM)
            for (int k = 0; k < n; k++) {
                String id = "r" + random.nextInt(round == 3 ? 6_000 : 80);
                CompiledFilter f = COMPILER.compile(filter(random)).orThrow();
                batch.put(id, f);
            }
            for (Map.Entry<String, CompiledFilter> e : batch.entrySet()) {
                one = one.with(e.getKey(), e.getValue());
            }
            batched = batched.withAll(batch);
            if (random.nextBoolean()) {
                String gone = "r" + random.nextInt(80);
                one = one.without(gone);
                batched = batched.without(gone);
            }
            assertEquals(one.ids(), batched.ids(), "seed " + seed);
            for (EventView e : events) {
                assertEquals(one.match(e), batched.match(e), "seed " + seed);
                assertEquals(batched.matchEach(e), batched.match(e), "seed " + seed);
            }
            for (int i = 0; i < earlier.size(); i++) {
                for (EventView e : events) {
                    assertEquals(earlierAnswers.get(i).get(e), earlier.get(i).match(e), "seed " + seed + ": version " + i + " changed");
                }
            }
            Map<EventView, List<String>> answers = new java.util.IdentityHashMap<>();
            for (EventView e : events) {
                answers.put(e, batched.match(e));
            }
            earlier.add(batched);
            earlierAnswers.add(answers);
        }
    }

    @Test
    void olderSnapshotsStayValidAfterChanges() {
        RouteIndex a = RouteIndex.empty().with("x", COMPILER.compile("subject = 'room-1'").orThrow());
        RouteIndex b = a.with("x", COMPILER.compile("subject = 'room-2'").orThrow()).with("y", COMPILER.compile("true").orThrow());
        EventView room1 = EventView.of(Map.of("subject", "room-1"));
        assertEquals(List.of("x"), a.match(room1));
        assertEquals(List.of("y"), b.match(room1));
        assertEquals(List.of("x", "y"), b.match(EventView.of(Map.of("subject", "room-2"))));
        assertEquals(List.of(), b.without("y").match(room1));
    }

    @Test
    void cesqlRoutesAreEvaluatedWholeBesideIndexedOnes() {
        FilterCompiler cesql = FilterCompiler.builder().dialect(Dialect.CESQL).build();
        RouteIndex idx = RouteIndex.empty()
                .with("adt", COMPILER.compile("subject = 'room-1'").orThrow())
                .with("sql", cesql.compile("subject LIKE 'room-%' AND type = 't'").orThrow());
        assertEquals(List.of("adt", "sql"), idx.match(EventView.of(Map.of("subject", "room-1", "type", "t"))));
        assertEquals(List.of("sql"), idx.match(EventView.of(Map.of("subject", "room-2", "type", "t"))));
        assertEquals(true, idx.attributes().contains("type"));
        assertEquals(List.of("adt"), idx.without("sql").match(EventView.of(Map.of("subject", "room-1", "type", "t"))));
    }

    @Test
    void numbersMatchByValueWhateverTheirType() {
        RouteIndex idx = RouteIndex.empty()
                .with("int", COMPILER.compile("$body.n = 1").orThrow())
                .with("float", COMPILER.compile("$body.n IN (2.0, 3)").orThrow());
        assertEquals(List.of("int"), idx.match(EventView.of(Map.of("data", Map.of("n", 1.0)))));
        assertEquals(List.of("float"), idx.match(EventView.of(Map.of("data", Map.of("n", 2L)))));
        assertEquals(List.of(), idx.match(EventView.of(Map.of("data", Map.of("n", "1")))));
    }

    /**
     * The index keeps simple residuals as flat atoms with fast paths for strings and numbers exact as
     * doubles; each must answer what its condition answers for every kind of value, including the ones
     * that leave the fast path (beyond 2^53, beyond 64 bits, infinities, other types, absent, null).
     */
    @Test
    void flatResidualsAgreeWithTheirConditionsForEveryKindOfValue() {
        String[] residuals = {"$body.n = 1", "$body.n = 1.5", "$body.n != 1", "$body.n < 2", "$body.n <= 2.0",
            "$body.n > -1", "$body.n >= 9007199254740993", "$body.n < 9007199254740993", "$body.n > 1e300",
            "$body.n = 'a'", "$body.n > 'a'", "$body.n <= 'ab'", "STARTS_WITH($body.n, 'a')", "$body.n = true",
            "$body.n = 18446744073709551616.0", "$body.n > 9223372036854775807", "$body.n = -0.0",
            "$body.n > 1 AND $body.n < 3", "type = 't' AND STARTS_WITH($body.n, '') AND $body.n != 'b'",
            "$model = 'm'", "$body.n IN (1, 'a')"};
        Object[] values = {null, JsonNull.INSTANCE, 0L, 1L, -1L, 1.0, 1.5, -0.0, 2L, 2.5, 9007199254740992L,
            9007199254740993L, 9007199254740994L, Long.MAX_VALUE, Long.MIN_VALUE, 9.007199254740992E15,
            new java.math.BigInteger("9007199254740993"), new java.math.BigInteger("18446744073709551616"),
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.8446744073709552E19, "a", "ab", "", "b", "1",
            true, false, List.of(1L), Map.of("a", 1L)};
        int matched = 0;
        for (String residual : residuals) {
            String filter = "source = 's' AND " + residual;
            RouteIndex idx = RouteIndex.empty().with("r", COMPILER.compile(filter).orThrow());
            for (Object value : values) {
                Map<String, Object> data = new HashMap<>();
                if (value != null) {
                    data.put("n", value);
                }
                data.put("modelId", "m");
                EventView e = EventView.of(Map.of("source", "s", "type", "t", "data", data));
                List<String> expected = idx.matchEach(e);
                assertEquals(expected, idx.match(e), () -> filter + " with $body.n = " + value);
                matched += expected.size();
            }
        }
        // The grid is not vacuous: about a third of the cases match.
        assertEquals(true, matched > 100, "matched " + matched);
    }

    /**
     * A field that ends up holding almost none of a large table's routes costs every event a lookup:
     * when the table doubles, the routes in such a field are filed again elsewhere, and matching gives
     * the same answers before and after.
     */
    @Test
    void largeTablesRefileRoutesOutOfFieldsThatHoldAlmostNone() {
        // The first route's two terms are on fields nobody uses yet; it is filed under the first.
        RouteIndex idx = RouteIndex.empty().with("first",
                COMPILER.compile("$body.$relationshipName = 'feeds' AND source = 'src-0'").orThrow());
        assertEquals(true, idx.describe().contains("$body.$relationshipName"), idx.describe());
        for (int i = 1; i < 4095; i++) {
            idx = idx.with("r" + i, COMPILER.compile("source = 'src-" + i % 1000 + "' AND $body.n > " + i % 4).orThrow());
        }
        List<EventView> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(EventView.of(Map.of("source", "src-" + i % 3, "type", "t",
                    "data", Map.of("n", (long) i % 5, "$relationshipName", i % 2 == 0 ? "feeds" : "serves"))));
        }
        List<List<String>> before = new ArrayList<>();
        for (EventView e : events) {
            before.add(idx.match(e));
            assertEquals(idx.matchEach(e), before.get(before.size() - 1));
        }
        idx = idx.with("r4095", COMPILER.compile("source = 'src-95' AND $body.n > 1").orThrow()); // 4,096 routes
        assertEquals(false, idx.describe().contains("$body.$relationshipName"), idx.describe());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(before.get(i), idx.match(events.get(i)));
            assertEquals(idx.matchEach(events.get(i)), idx.match(events.get(i)));
        }
        assertEquals(List.of("first", "r1000", "r2000", "r3000"), idx.match(EventView.of(Map.of("source", "src-0",
                "data", Map.of("n", 3L, "$relationshipName", "feeds")))).subList(0, 4));
    }

    /** Many matches at once (past the small-sort path), some routes filed under two keys: each id once, in order. */
    @Test
    void manyMatchesComeInRouteOrderEachOnce() {
        RouteIndex idx = RouteIndex.empty();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String filter = i % 3 == 0 ? "subject = 'a' OR source = 'b'" : i % 3 == 1 ? "subject IN ('a', 'x')" : "true";
            idx = idx.with("r" + i, COMPILER.compile(filter).orThrow());
            expected.add("r" + i);
        }
        idx = idx.with("r0", COMPILER.compile("subject = 'a' OR source = 'b'").orThrow()); // replaced: keeps its place
        List<String> ids = idx.match(EventView.of(Map.of("subject", "a", "source", "b")));
        assertEquals(expected, ids);
        assertEquals(expected.subList(10, 20), ids.subList(10, 20));
        assertEquals(List.copyOf(expected), List.copyOf(ids));
    }

    static String filter(Random r) {
        String[] shapes = {
            "type = '%T'",
            "type = '%T' AND subject = '%S'",
            "subject IN ('%S', '%S')",
            "STARTS_WITH(subject, '%P')",
            "subject LIKE '%P%%'",
            "subject LIKE '%S'",
            "type = '%T' AND $body.n > %N",
            "type = '%T' AND $model = '%M'",
            "IS_OF_MODEL('dtmi:example:Room')",
            "IS_OF_MODEL('%M')",
            "$body.n = %N",
            "$body.n IN (%N, %N)",
            "(type = '%T' AND subject = '%S') OR subject = '%S'",
            "type = '%T' OR $body.n >= %N",
            "NOT type = '%T'",
            "$body.flag",
            "$body.flag = true AND type = '%T'",
            "true",
            "ANY($body.patch, @.path = '/temperature') AND type = '%T'",
            "$body.patch[*].value > %N",
            "subject != '%S' AND type IN ('%T', '%T')",
            "ENDS_WITH(subject, '1') AND STARTS_WITH(subject, 'room')",
            "dataschema = '%M' OR source = 'src-%N'",
            // Residuals the index keeps as flat atoms: every comparison, two atoms on one value, $model,
            // prefixes, and constants that take the slow path (beyond 2^53, booleans, string order).
            "source = 'src-%I' AND $body.n < %N",
            "source = 'src-%I' AND $body.n <= %N AND $body.n >= %N",
            "subject = '%S' AND $body.n = %N",
            "subject = '%S' AND $body.n > 9007199254740992",
            "subject = '%S' AND $body.n < 1e300",
            "subject = '%S' AND STARTS_WITH(type, 'Microsoft.DigitalTwins')",
            "subject = '%S' AND $model = '%M' AND type = '%T'",
            "source = 'src-%I' AND $body.flag = true",
            "source = 'src-%I' AND $body.n > '0'",
            "source = 'src-%I' AND $body.n = '1'",
        };
        String f = shapes[r.nextInt(shapes.length)];
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c == '%' && i + 1 < f.length()) {
                char k = f.charAt(++i);
                switch (k) {
                    case 'T' -> out.append(TYPES[r.nextInt(TYPES.length)]);
                    case 'S' -> out.append(SUBJECTS[r.nextInt(SUBJECTS.length)]);
                    case 'P' -> out.append(SUBJECTS[r.nextInt(SUBJECTS.length)], 0, 1 + r.nextInt(4));
                    case 'M' -> out.append(MODELS[r.nextInt(MODELS.length)]);
                    case 'N' -> out.append(r.nextBoolean() ? String.valueOf(r.nextInt(4)) : r.nextInt(4) + ".0");
                    case 'I' -> out.append(r.nextInt(4));
                    case '%' -> out.append('%');
                    default -> out.append('%').append(k);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static EventView event(Random r) {
        Map<String, Object> e = new HashMap<>();
        e.put("specversion", "1.0");
        e.put("id", "id-" + r.nextInt(1000));
        e.put("source", "src-" + r.nextInt(4));
        e.put("type", TYPES[r.nextInt(TYPES.length)]);
        if (r.nextInt(4) > 0) {
            e.put("subject", SUBJECTS[r.nextInt(SUBJECTS.length)]);
        }
        if (r.nextBoolean()) {
            e.put("dataschema", MODELS[r.nextInt(MODELS.length)]);
        }
        Map<String, Object> data = new HashMap<>();
        Object[] numbers = {0L, 1L, 2.0, 3L, 1.5, "1", null, JsonNull.INSTANCE, -0.0, 9007199254740993L,
            new java.math.BigInteger("9007199254740993"), Double.POSITIVE_INFINITY, 9.007199254740994E15, true};
        if (r.nextInt(4) > 0) {
            data.put("n", numbers[r.nextInt(numbers.length)]);
        }
        if (r.nextBoolean()) {
            data.put("flag", r.nextBoolean());
        }
        data.put("modelId", MODELS[r.nextInt(MODELS.length)]);
        data.put("$metadata", Map.of("$model", MODELS[r.nextInt(MODELS.length)]));
        if (r.nextBoolean()) {
            data.put("patch", List.of(Map.of("path", r.nextBoolean() ? "/temperature" : "/x", "value", (long) r.nextInt(4))));
        }
        e.put("data", data);
        return EventView.of(e);
    }
}
