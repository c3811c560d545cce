package io.eventroute.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A batch split in one pass over its bytes gives each element as the bytes the client sent, and the same
 * events as the tree (the oracle); what it cannot split goes to the tree, which names the error.
 */
class IngressBatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String event(String id, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"s\",\"type\":\"t\",\"data\":" + data + "}";
    }

    @Test
    void eachElementIsTheBytesTheClientSent() throws Exception {
        String a = event("a", "{\"s\":\"]},[{\\\"\\\\\",\"n\":[1,[2,{\"x\":[]}]],\"u\":\"\u00e9\u20ac\ud83d\ude00\"}");
        String b = "{ \"specversion\" : \"1.0\" ,\n  \"id\":\"b\",\"source\":\"s\",\"type\":\"t\" }";
        String body = " \n[ " + a + " ,\r\n\t" + b + "\n] \n";
        List<byte[]> split = Ingress.split(utf8(body));
        assertNotNull(split);
        assertEquals(2, split.size());
        assertArrayEquals(utf8(a), split.get(0));
        assertArrayEquals(utf8(b), split.get(1));
        assertEquals(2, Ingress.batch(utf8(body)).size());
    }

    @Test
    void splittingAgreesWithTheTreeOnRandomBatches() throws Exception {
        long seed = System.nanoTime();
        System.out.println("IngressBatchTest seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(20);
            List<String> events = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                events.add(event("e" + round + "-" + i, value(random, 3)));
            }
            String body = "[" + String.join(random.nextBoolean() ? "," : " ,\n ", events) + "]";
            List<byte[]> split = Ingress.split(utf8(body));
            assertNotNull(split, "seed " + seed + ": " + body);
            JsonNode tree = JSON.readTree(body);
            assertEquals(tree.size(), split.size(), "seed " + seed);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(utf8(events.get(i)), split.get(i), "seed " + seed);
                assertEquals(tree.get(i), JSON.readTree(split.get(i)), "seed " + seed);
            }
        }
    }

    // A JSON value up to depth levels deep, with strings that hold brackets, quotes and escapes.
    private static String value(Random r, int depth) {
        int kind = r.nextInt(depth > 0 ? 6 : 4);
        switch (kind) {
            case 0:
                return Integer.toString(r.nextInt(2000) - 1000);
            case 1:
                return r.nextBoolean() ? "true" : "null";
            case 2:
                return "1.5e" + r.nextInt(5);
            case 3: {
                String[] parts = {"a", "]", "}", "[", "{", ",", "\\\"", "\\\\", "\\n", "\\u00e9", "\u00e9", "\ud83d\ude00", " "};
                StringBuilder s = new StringBuilder("\"");
                for (int i = r.nextInt(6); i > 0; i--) {
                    s.append(parts[r.nextInt(parts.length)]);
                }
                return s.append('"').toString();
            }
            case 4: {
                List<String> items = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    items.add(value(r, depth - 1));
                }
                return "[" + String.join(",", items) + "]";
            }
            default: {
                List<String> members = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    members.add("\"m" + i + "\":" + value(r, depth - 1));
                }
                return "{" + String.join(",", members) + "}";
            }
        }
    }

    @Test
    void whatCannotBeSplitGoesToTheTreeWhichNamesTheError() {
        String ok = event("ok", "1");
        for (String body : new String[] {"", "{}", "[]", "[" + ok + ",42]", "[" + ok + "] x", "[" + ok + "][]",
                "[" + ok + ",", "[" + ok + ",]", "[" + ok + "}", "[{\"a\":\"}]", "[{\"a\":[}]", "[{\"a\":]}]",
                "[{\"a\":\"\\\"}]", "[" + ok + "," + ok}) {
            assertNull(Ingress.split(utf8(body)), body);
            ApiError e = assertThrows(ApiError.class, () -> Ingress.batch(utf8(body)), body);
            assertEquals(400, e.status, body);
        }
        // An element whose brackets match but whose contents are not JSON is split, and refused by the reader.
        List<byte[]> malformed = Ingress.split(utf8("[" + ok + ",{\"a\":}]"));
        assertNotNull(malformed);
        ApiError bad = assertThrows(ApiError.class, () -> Ingress.refuseInvalid(malformed));
        assertEquals("[1]", bad.details.get(0).get("target").asText());
        ApiError empty = assertThrows(ApiError.class, () -> Ingress.batch(utf8("[ ]")));
        assertTrue(empty.getMessage().contains("The batch is empty"), empty.getMessage());
        ApiError notArray = assertThrows(ApiError.class, () -> Ingress.batch(utf8(ok)));
        assertTrue(notArray.getMessage().contains("must be a JSON array"), notArray.getMessage());
        ApiError trailing = assertThrows(ApiError.class, () -> Ingress.batch(utf8("[" + ok + "] x")));
        assertTrue(trailing.getMessage().contains("not valid JSON"), trailing.getMessage());
    }

    @Test
    void badElementsAreNamedWithTheirIndexEitherWay() {
        String ok = event("ok", "1");
        String noSource = "{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\"}";
        String twice = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"type\":\"t\",\"data\":{\"a\":1,\"a\":2}}";
        // Split: every element an object; the reader refuses two of them.
        ApiError split = assertThrows(ApiError.class,
                () -> Ingress.refuseInvalid(Ingress.batch(utf8("[" + ok + "," + noSource + "," + twice + "]"))));
        assertTrue(split.getMessage().contains("2 of the 3 events are not valid; nothing was routed"), split.getMessage());
        assertEquals("[1]", split.details.get(0).get("target").asText());
        assertTrue(split.details.get(0).get("message").asText().contains("'source'"), split.details.toString());
        assertEquals("[2]", split.details.get(1).get("target").asText());
        // Through the tree: an element that is no object.
        ApiError tree = assertThrows(ApiError.class, () -> Ingress.batch(utf8("[" + ok + ",\"text\"," + noSource + "]")));
        assertTrue(tree.getMessage().contains("2 of the 3 events are not valid"), tree.getMessage());
        assertEquals("[1]", tree.details.get(0).get("target").asText());
        assertEquals("[2]", tree.details.get(1).get("target").asText());
    }

    @Test
    void aUtf16BatchIsReadThroughTheTree() throws Exception {
        byte[] body = ("[" + event("a", "1") + "," + event("b", "2") + "]").getBytes(StandardCharsets.UTF_16BE);
        assertNull(Ingress.split(body), "no byte offsets in UTF-16");
        List<byte[]> events = Ingress.batch(body);
        assertEquals(2, events.size());
        assertEquals("b", JSON.readTree(events.get(1)).get("id").asText());
    }

    @Test
    void tooManyEventsAreRefusedWithTheirCount() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i <= Ingress.MAX_EVENTS; i++) {
            body.append(i == 0 ? "" : ",").append(event("e" + i, "1"));
        }
        byte[] bytes = utf8(body.append(']').toString());
        assertNull(Ingress.split(bytes));
        ApiError e = assertThrows(ApiError.class, () -> Ingress.batch(bytes));
        assertTrue(e.getMessage().contains("The batch has " + (Ingress.MAX_EVENTS + 1) + " events"), e.getMessage());
    }
}
