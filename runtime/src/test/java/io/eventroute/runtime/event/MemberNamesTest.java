package io.eventroute.runtime.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The duplicate-name check agrees with a set of strings per object, in small objects (linear search),
 * large ones (the table) and nested ones, for raw and escaped names. Prints its seed.
 */
class MemberNamesTest {
    @Test
    void agreesWithASetPerObject() {
        long seed = io.eventroute.runtime.Seeds.announce("MemberNamesTest.agreesWithASetPerObject");
        Random r = new Random(seed);
        MemberNames names = new MemberNames();
        for (int event = 0; event < 300; event++) {
            names.clear();
            Deque<Set<String>> open = new ArrayDeque<>();
            names.open();
            open.push(new HashSet<>());
            for (int step = 0, n = r.nextInt(400); step < n; step++) {
                int what = r.nextInt(20);
                if (what == 0 && open.size() < 6) {
                    names.open();
                    open.push(new HashSet<>());
                } else if (what == 1 && open.size() > 1) {
                    names.close();
                    open.pop();
                } else {
                    // A small alphabet: names repeat, in small and in large objects.
                    String name = "k" + r.nextInt(r.nextBoolean() ? 8 : 120) + (r.nextInt(5) == 0 ? "\u00e9" : "");
                    byte[] raw = ("\"" + name + "\"").getBytes(StandardCharsets.UTF_8);
                    boolean escaped = r.nextInt(4) == 0;
                    boolean added = escaped ? names.add(raw, 1, raw.length - 1, 0, name)
                            : names.add(raw, 1, raw.length - 1, ByteNames.hash(raw, 1, raw.length - 1), null);
                    assertEquals(open.peek().add(name), added, () -> "seed " + seed + ": " + name);
                }
            }
        }
    }
}
