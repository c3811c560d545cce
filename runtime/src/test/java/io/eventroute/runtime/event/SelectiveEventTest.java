package io.eventroute.runtime.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.DataPointer;
import io.eventroute.runtime.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The byte scanner decodes exactly what Jackson decodes, and reports malformed input with its position. */
class SelectiveEventTest {
    private static final ReadPlan WHOLE_DATA = ReadPlan.of(Set.of("type", "id"), Set.of(DataPointer.of(List.of())));

    private static SelectiveEvent read(String json) {
        return new SelectiveEvent(WHOLE_DATA).read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesRandomJsonExactlyAsJacksonDoes() {
        long seed = Seeds.announce("SelectiveEventTest.decodesRandomJsonExactlyAsJacksonDoes");
        Random r = new Random(seed);
        SelectiveEvent view = new SelectiveEvent(WHOLE_DATA);
        for (int i = 0; i < 2_000; i++) {
            String data = value(r, 0);
            String json = "{\"type\":" + string(r) + ",\"skipped\":" + value(r, 0) + ",\"data\":" + data + ",\"id\":\"x\"}";
            JsonEvent expected = JsonEvent.parse(json);
            view.read(json.getBytes(StandardCharsets.UTF_8));
            assertEquals(expected.data(), view.data(), () -> "seed " + seed + ": " + json);
            assertEquals(expected.attribute("type"), view.attribute("type"), () -> "seed " + seed + ": " + json);
            assertEquals("x", view.attribute("id"));
        }
    }

    @Test
    void readsOnlyWhatThePlanNamesButChecksEverything() {
        ReadPlan plan = ReadPlan.of(Set.of("subject"), Set.of(DataPointer.of(List.of("a", 1, "b"))));
        SelectiveEvent view = new SelectiveEvent(plan);
        String event = "{\"subject\":\"s\",\"data\":{\"x\":[1,{\"y\":\"]\"}],\"a\":[0,{\"b\":42}]}";
        view.read((event + "}").getBytes(StandardCharsets.UTF_8));
        assertEquals("s", view.attribute("subject"));
        assertEquals(42L, view.data(DataPointer.of(List.of("a", 1, "b"))));
        assertEquals(null, view.attribute("type"));
        // Reading once stopped after the last wanted member, so garbage after it passed: one reader, one policy now.
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> view.read((event + " , garbage").getBytes(StandardCharsets.UTF_8)));
        assertEquals("invalid JSON: expected a string at line 1, column 62", e.getMessage());
    }

    @Test
    void nestedPointersResolveFromTheirAncestor() {
        ReadPlan plan = ReadPlan.of(Set.of(), Set.of(DataPointer.of(List.of("patch")), DataPointer.of(List.of("patch", 0, "path"))));
        SelectiveEvent view = new SelectiveEvent(plan).read(
                "{\"data\":{\"patch\":[{\"path\":\"/t\",\"value\":1}]}}".getBytes(StandardCharsets.UTF_8));
        assertEquals("/t", view.data(DataPointer.of(List.of("patch", 0, "path"))));
        assertTrue(view.data(DataPointer.of(List.of("patch"))) instanceof List);
    }

    @Test
    void malformedInputIsReportedWithLineAndColumn() {
        String[] bad = {"", "[1]", "{\"type\": tru}", "{\"type\":\"a\"", "{\"type\":\"unterminated}",
            "{\"data\":{\"x\":[1,2}}", "{\"type\":01}", "{\"type\":1.}", "{\"type\":\"a\",}", "{\"data\":\"\\q\"}",
            "{\"type\":\"tab\there\"}", "{\"type\":-}"};
        for (String json : bad) {
            InvalidEventException e = assertThrows(InvalidEventException.class, () -> read(json), json);
            assertTrue(e.getMessage().contains("line 1"), () -> json + ": " + e.getMessage());
        }
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> read("{\n  \"type\": \"é\",\n  \"data\": [1,, 2]}"));
        assertTrue(e.getMessage().contains("line 3, column 14"), e.getMessage());
    }

    @Test
    void limitsAreJacksonsWhereverTheyFall() {
        ReadPlan plan = ReadPlan.of(Set.of("type"), Set.of(DataPointer.of(List.of("a"))));
        for (String place : new String[] {"x", "data"}) {
            for (int n : new int[] {999, 1000}) {
                // The event object is the first level: 999 arrays inside it fill the 1,000 allowed.
                String json = "{\"" + place + "\":{\"a\":" + "[".repeat(n - 1) + "]".repeat(n - 1) + "}}";
                boolean jackson = accepts(() -> JsonEvent.parse(json));
                assertEquals(n == 999, jackson, json.length() + " " + place);
                assertEquals(jackson, accepts(() -> new SelectiveEvent(plan).read(json.getBytes(StandardCharsets.UTF_8))), place + n);
            }
            for (int digits : new int[] {1000, 1001}) {
                String json = "{\"" + place + "\":{\"a\":" + "1".repeat(digits) + "}}";
                boolean jackson = accepts(() -> JsonEvent.parse(json));
                assertEquals(digits == 1000, jackson, place + digits);
                assertEquals(jackson, accepts(() -> new SelectiveEvent(plan).read(json.getBytes(StandardCharsets.UTF_8))), place + digits);
            }
        }
    }

    private static boolean accepts(Runnable read) {
        try {
            read.run();
            return true;
        } catch (InvalidEventException e) {
            return false;
        }
    }

    @Test
    void aPlanTensOfThousandsOfStepsDeepReadsEventsAndRefusesTooDeepOnesWithoutOverflowing() {
        // A 50,000-segment path (limits raised) once overflowed the stack building the plan (issue 16).
        DataPointer deep = DataPointer.of(java.util.Collections.nCopies(50_000, "a"));
        ReadPlan plan = ReadPlan.of(Set.of("type"), Set.of(deep, DataPointer.of(List.of("b", 0))));
        SelectiveEvent view = new SelectiveEvent(plan);
        view.read(bytes("{\"type\":\"t\",\"data\":" + nested(900) + "}"));
        assertEquals(null, view.data(deep));
        assertEquals("t", view.attribute("type"));
        // An event as deep as the plan: refused as JSON nested too deep, like the other readers refuse it.
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> view.read(bytes("{\"type\":\"t\",\"data\":" + nested(50_000) + "}")));
        assertTrue(e.getMessage().contains("nested more than 1000 levels"), e.getMessage());
    }

    /** {"a":{"a":...{"a":1}...}}, {@code levels} objects deep. */
    private static String nested(int levels) {
        return "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String value(Random r, int depth) {
        switch (r.nextInt(depth > 3 ? 5 : 7)) {
            case 0:
                return string(r);
            case 1:
                return number(r);
            case 2:
                return r.nextBoolean() ? "true" : "false";
            case 3:
                return "null";
            case 4:
                return r.nextBoolean() ? "[]" : "{}";
            case 5: {
                StringBuilder b = new StringBuilder("[");
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    b.append(i > 0 ? " , " : "").append(value(r, depth + 1));
                }
                return b.append(']').toString();
            }
            default: {
                StringBuilder b = new StringBuilder("{ ");
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    b.append(i > 0 ? ",\n" : "").append("\"k").append(i).append(r.nextBoolean() ? "\\u00e9" : "").append("\" : ")
                            .append(value(r, depth + 1));
                }
                return b.append('}').toString();
            }
        }
    }

    private static String string(Random r) {
        String[] parts = {"a", "é", "😀", "\\\"", "\\\\", "\\n", "\\u0041", "\\ud83d\\ude00", "\\/", " ", "]", "}", "Microsoft.DigitalTwins.Twin.Update"};
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0, n = r.nextInt(5); i < n; i++) {
            b.append(parts[r.nextInt(parts.length)]);
        }
        return b.append('"').toString();
    }

    private static String number(Random r) {
        switch (r.nextInt(8)) {
            case 0:
                return String.valueOf(r.nextInt(200) - 100);
            case 1:
                return String.valueOf(r.nextLong());
            case 2:
                return "123456789012345678901234567890";
            case 3:
                return (r.nextBoolean() ? "-" : "") + r.nextInt(1000) + "." + r.nextInt(1000);
            case 4:
                return r.nextInt(100) + "e" + (r.nextInt(40) - 20);
            case 5:
                return "0." + "0".repeat(r.nextInt(5)) + (1 + r.nextInt(9)) + "E+" + r.nextInt(5);
            case 6:
                return String.valueOf(r.nextDouble() * Math.pow(10, r.nextInt(30) - 15));
            default:
                return "-0";
        }
    }
}
