package io.eventroute.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
 * IS_OF_MODEL in the index follows the index's models: on random hierarchies, with models added and
 * deleted between events in random order, the index matches what each filter compiled afresh with
 * the current models answers (an oracle that shares no filing and no refiling with the index).
 */
class ModelIndexPropertyTest {
    private static final String[] NAMES = {"Space", "Room", "Zone", "Asset", "Device", "Spa"};

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 150)
    void indexFollowsModelChangesLikeAFreshCompilation(@ForAll("seeds") long seed) {
        System.out.println("ModelIndexPropertyTest seed " + seed);
        Random random = new Random(seed);
        ModelSet models = ModelSet.empty();
        RouteIndex index = RouteIndex.empty();
        Map<String, String> routes = new LinkedHashMap<>();
        int matched = 0;
        for (int step = 0; step < 80; step++) {
            int op = random.nextInt(10);
            if (op < 3) {
                String id = randomId(random);
                if (!models.contains(id)) {
                    List<String> bases = new ArrayList<>();
                    for (String other : models.ids()) {
                        if (random.nextInt(4) == 0) {
                            bases.add(other);
                        }
                    }
                    models = models.with(Map.of(id, bases));
                    index = index.withModels(models);
                }
            } else if (op < 4 && !models.isEmpty()) {
                List<String> leaves = new ArrayList<>();
                for (String id : models.ids()) {
                    if (models.extending(id).isEmpty()) {
                        leaves.add(id);
                    }
                }
                models = models.without(leaves.get(random.nextInt(leaves.size())));
                index = index.withModels(models);
            } else if (op < 5 && !routes.isEmpty()) {
                String id = new ArrayList<>(routes.keySet()).get(random.nextInt(routes.size()));
                routes.remove(id);
                index = index.without(id);
            } else {
                String id = "r" + random.nextInt(30);
                String filter = filter(random);
                // Compiled without models or with others: in the index, the index's models count.
                ModelSet compiledWith = random.nextBoolean() ? ModelSet.empty() : models;
                index = index.with(id, FilterCompiler.builder().models(compiledWith).build().compile(filter).orThrow());
                routes.put(id, filter);
            }
            assertEquals(models, index.models());
            FilterCompiler fresh = FilterCompiler.builder().models(models).build();
            for (int e = 0; e < 6; e++) {
                EventView event = event(random);
                List<String> expected = new ArrayList<>();
                for (Map.Entry<String, String> r : routes.entrySet()) {
                    if (fresh.compile(r.getValue()).orThrow().matches(event)) {
                        expected.add(r.getKey());
                    }
                }
                RouteIndex snapshot = index;
                List<String> order = snapshot.ids();
                expected.sort((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
                ModelSet current = models;
                assertEquals(expected, snapshot.match(event), () -> "seed " + seed + "; models " + current + "; routes "
                        + routes + "\n" + snapshot.describe());
                assertEquals(expected, snapshot.matchEach(event), () -> "seed " + seed + ": matchEach");
                matched += expected.size();
            }
        }
        assertTrue(matched > 0, "seed " + seed + ": nothing matched; the test would be vacuous");
    }

    @Test
    void aRouteIsFiledUnderEveryModelThatSatisfiesIt() {
        ModelSet models = ModelSet.empty().with(Map.of("dtmi:h:Space;1", List.of()))
                .with(Map.of("dtmi:h:Room;1", List.of("dtmi:h:Space;1")))
                .with(Map.of("dtmi:h:Lab;1", List.of("dtmi:h:Room;1")));
        RouteIndex idx = RouteIndex.empty().withModels(models)
                .with("space", FilterCompiler.builder().build().compile("IS_OF_MODEL('dtmi:h:Space')").orThrow());
        EventView lab = twin("dtmi:h:Lab;1");
        assertEquals(List.of("space"), idx.match(lab));
        // A lookup: the route is a candidate only for the models of its keys, not evaluated for every event.
        assertTrue(idx.describe().contains("IS_OF_MODEL($model) (3 keys, 1 prefixes)"), idx.describe());
        assertEquals("IS_OF_MODEL($model)=1 scan=0", idx.candidates(lab));
        assertEquals("IS_OF_MODEL($model)=0 scan=0", idx.candidates(twin("dtmi:h:Other;1")));
        // Deleting Lab refiles the route: Lab events no longer match, and the older snapshot still does.
        RouteIndex after = idx.withModels(models.without("dtmi:h:Lab;1"));
        assertEquals(List.of(), after.match(lab));
        assertEquals(List.of("space"), idx.match(lab));
        assertTrue(after.describe().contains("IS_OF_MODEL($model) (2 keys, 1 prefixes)"), after.describe());
    }

    @Test
    void routesNotAffectedByAChangeAreLeftAlone() {
        ModelSet a = ModelSet.empty().with(Map.of("dtmi:h:Space;1", List.of(), "dtmi:h:Asset;1", List.of()));
        RouteIndex idx = RouteIndex.empty().withModels(a)
                .with("asset", FilterCompiler.builder().build().compile("IS_OF_MODEL('dtmi:h:Asset')").orThrow());
        RouteIndex next = idx.withModels(a.with(Map.of("dtmi:h:Room;1", List.of("dtmi:h:Space;1"))));
        assertEquals("IS_OF_MODEL($model) (1 keys, 1 prefixes)", next.describe().replaceAll(".*indexed fields: \\[(.*)\\];.*", "$1"));
        assertEquals(List.of("asset"), next.match(twin("dtmi:h:Asset;1")));
    }

    private static EventView twin(String model) {
        return EventView.of(Map.of("type", "Microsoft.DigitalTwins.Twin.Update", "data", Map.of("modelId", model)));
    }

    private static String randomId(Random r) {
        String name = NAMES[r.nextInt(NAMES.length)];
        return "dtmi:h:" + name + (r.nextInt(5) == 0 ? "" : ";" + (1 + r.nextInt(2)));
    }

    private static String filter(Random r) {
        String m = randomId(r);
        String n = randomId(r);
        String[] shapes = {
            "IS_OF_MODEL('" + m + "')",
            "IS_OF_MODEL('" + m + "', exact)",
            "IS_OF_MODEL('" + m + "') AND subject = 'a'",
            "IS_OF_MODEL('" + m + "') OR IS_OF_MODEL('" + n + "')",
            "NOT IS_OF_MODEL('" + m + "')",
            "IS_OF_MODEL('" + m + "') AND NOT IS_OF_MODEL('" + n + "')",
            "$model = '" + m + "'",
            "subject = 'a' OR IS_OF_MODEL('" + m + "')",
            "IS_OF_MODEL($body.wanted)",
            "STARTS_WITH($model, 'dtmi:h:Spa') AND subject = 'b'",
            "$model = '" + m + "' AND subject = 'a'",
            "IS_OF_MODEL('" + m + "') AND subject = 'b' AND $model != '" + n + "'",
        };
        return shapes[r.nextInt(shapes.length)];
    }

    private static EventView event(Random r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("modelId", randomId(r));
        data.put("wanted", randomId(r));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", r.nextInt(8) == 0 ? "Microsoft.DigitalTwins.Relationship.Create" : "Microsoft.DigitalTwins.Twin.Update");
        e.put("subject", r.nextBoolean() ? "a" : "b");
        e.put("data", data);
        return EventView.of(e);
    }
}
