package io.eventroute.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A batch change is the same map as one change at a time, and leaves the map it started from as it was. */
class PayloadsTest {
    @Test
    void withAllIsOneWithEach() {
        Random random = new Random(7);
        Payloads<Integer> one = Payloads.empty();
        Payloads<Integer> batched = Payloads.empty();
        Map<String, Integer> reference = new HashMap<>();
        for (int round = 0; round < 40; round++) {
            Map<String, Integer> changes = new LinkedHashMap<>();
            for (int k = 0; k < 500; k++) {
                String id = "route-" + random.nextInt(3_000);
                changes.put(id, random.nextInt(5) == 0 ? null : random.nextInt(1_000)); // null: removed
            }
            Payloads<Integer> before = batched;
            Map<String, Integer> beforeReference = new HashMap<>(reference);
            for (Map.Entry<String, Integer> e : changes.entrySet()) {
                one = one.with(e.getKey(), e.getValue());
                if (e.getValue() == null) {
                    reference.remove(e.getKey());
                } else {
                    reference.put(e.getKey(), e.getValue());
                }
            }
            batched = batched.withAll(changes.keySet(), changes::get);
            assertEquals(reference.size(), batched.size());
            assertEquals(one.size(), batched.size());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                ids.add("route-" + i);
            }
            for (String id : ids) {
                assertEquals(reference.get(id), batched.get(id), id);
                assertEquals(beforeReference.get(id), before.get(id), "the older version is unchanged: " + id);
            }
        }
    }
}
