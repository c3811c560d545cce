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
            names.clear(null); // each name has an array of its own
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

    /**
     * As a scanner calls it: names read in place are spans of the one input of the event (kept once per
     * event, not once per name), escaped ones arrays of their own; both are compared alike.
     */
    @Test
    void agreesWithASetPerObjectWhenNamesAreSpansOfTheEventsInput() {
        long seed = io.eventroute.runtime.Seeds.announce("MemberNamesTest.agreesWithASetPerObjectWhenNamesAreSpansOfTheEventsInput");
        Random r = new Random(seed);
        MemberNames names = new MemberNames();
        for (int event = 0; event < 300; event++) {
            // The event's steps first (-1 open, -2 close, else a name), then its input: every name in a row.
            java.util.List<String> steps = new java.util.ArrayList<>();
            int depth = 1;
            for (int step = 0, n = r.nextInt(400); step < n; step++) {
                int what = r.nextInt(20);
                if (what == 0 && depth < 6) {
                    steps.add(null);
                    depth++;
                } else if (what == 1 && depth > 1) {
                    steps.add("");
                    depth--;
                } else {
                    steps.add("k" + r.nextInt(r.nextBoolean() ? 8 : 120) + (r.nextInt(5) == 0 ? "\u00e9" : ""));
                }
            }
            StringBuilder text = new StringBuilder();
            for (String step : steps) {
                if (step != null && !step.isEmpty()) {
                    text.append('"').append(step).append('"');
                }
            }
            byte[] input = text.toString().getBytes(StandardCharsets.UTF_8);
            names.clear(input);
            Deque<Set<String>> open = new ArrayDeque<>();
            names.open();
            open.push(new HashSet<>());
            int at = 0;
            for (String step : steps) {
                if (step == null) {
                    names.open();
                    open.push(new HashSet<>());
                } else if (step.isEmpty()) {
                    names.close();
                    open.pop();
                } else {
                    int length = step.getBytes(StandardCharsets.UTF_8).length;
                    int from = at + 1;
                    at += length + 2;
                    boolean added = r.nextInt(4) == 0 ? names.add(input, from, from + length, 0, step)
                            : names.add(input, from, from + length, ByteNames.hash(input, from, from + length), null);
                    assertEquals(open.peek().add(step), added, () -> "seed " + seed + ": " + step);
                }
            }
        }
    }
}
