package io.eventroute.runtime.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.compiler.JsonNull;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonEventTest {
    private static final String TWIN_UPDATE = "{\"specversion\": \"1.0\", \"id\": \"39d4\","
            + " \"type\": \"Microsoft.DigitalTwins.Twin.Update\", \"source\": \"contoso.api.wus2.digitaltwins.azure.net\","
            + " \"subject\": \"room-21\", \"datacontenttype\": \"application/json\","
            + " \"data\": {\"modelId\": \"dtmi:example:Room;1\","
            + " \"patch\": [{\"value\": 22.0, \"path\": \"/temperature\", \"op\": \"replace\"},"
            + " {\"value\": 30, \"path\": \"/comp1/prop1\", \"op\": \"add\"}]}}";

    @Test
    void attributesAreTopLevelMembersExceptData() {
        JsonEvent e = JsonEvent.parse(TWIN_UPDATE);
        assertEquals("1.0", e.attribute("specversion"));
        assertEquals("Microsoft.DigitalTwins.Twin.Update", e.attribute("type"));
        assertEquals("room-21", e.attribute("subject"));
        assertNull(e.attribute("data"));
        assertNull(e.attribute("time"));
        assertEquals(List.of("specversion", "id", "type", "source", "subject", "datacontenttype"),
                List.copyOf(e.attributes().keySet()));
    }

    @Test
    void dataKeepsItsShapeAndNumberKinds() {
        JsonEvent e = JsonEvent.parse(TWIN_UPDATE.getBytes(StandardCharsets.UTF_8));
        Map<?, ?> data = (Map<?, ?>) e.data();
        assertEquals(List.of("modelId", "patch"), List.copyOf(data.keySet()));
        List<?> patch = (List<?>) data.get("patch");
        assertEquals(2, patch.size());
        assertEquals(22.0, ((Map<?, ?>) patch.get(0)).get("value"));
        assertEquals(Double.class, ((Map<?, ?>) patch.get(0)).get("value").getClass());
        assertEquals(30L, ((Map<?, ?>) patch.get(1)).get("value"));
        assertEquals(Long.class, ((Map<?, ?>) patch.get(1)).get("value").getClass());
        assertEquals("/comp1/prop1", e.data(DataPointer.of(List.of("patch", 1, "path"))));
    }

    @Test
    void scalarValues() {
        JsonEvent e = JsonEvent.parse("{\"s\": \"\\u00e9\\n\", \"t\": true, \"f\": false, \"n\": null,"
                + " \"i\": -7, \"d\": 2.5E-3, \"z\": -0, \"e\": 1e2}");
        assertEquals("\u00e9\n", e.attribute("s"));
        assertEquals(Boolean.TRUE, e.attribute("t"));
        assertEquals(Boolean.FALSE, e.attribute("f"));
        assertSame(JsonNull.INSTANCE, e.attribute("n"));
        assertEquals(-7L, e.attribute("i"));
        assertEquals(0.0025, e.attribute("d"));
        assertEquals(0L, e.attribute("z"));
        assertEquals(100.0, e.attribute("e"));
        assertNull(e.data());
    }

    @Test
    void integersBeyondSixtyFourBitsAreBigIntegers() {
        JsonEvent e = JsonEvent.parse("{\"max\": 9223372036854775807, \"min\": -9223372036854775808,"
                + " \"above\": 9223372036854775808, \"below\": -9223372036854775809,"
                + " \"huge\": 123456789012345678901234567890}");
        assertEquals(Long.MAX_VALUE, e.attribute("max"));
        assertEquals(Long.MIN_VALUE, e.attribute("min"));
        assertEquals(new BigInteger("9223372036854775808"), e.attribute("above"));
        assertEquals(new BigInteger("-9223372036854775809"), e.attribute("below"));
        assertEquals(new BigInteger("123456789012345678901234567890"), e.attribute("huge"));
    }

    @Test
    void bigIntegersCompareExactlyInFilters() {
        JsonEvent e = JsonEvent.parse("{\"data\": {\"n\": 9223372036854775808}}");
        FilterCompiler compiler = FilterCompiler.builder().build();
        assertTrue(compiler.compile("$body.n > 9223372036854775807").orThrow().matches(e));
        assertFalse(compiler.compile("$body.n = 9223372036854775807").orThrow().matches(e));
    }

    @Test
    void nestedArraysAndObjects() {
        JsonEvent e = JsonEvent.parse("{\"data\": [[1, [2, []]], {\"a\": {\"b\": [null, {}]}}]}");
        List<?> data = (List<?>) e.data();
        assertEquals(List.of(1L, List.of(2L, List.of())), data.get(0));
        Map<?, ?> second = (Map<?, ?>) data.get(1);
        List<?> b = (List<?>) ((Map<?, ?>) second.get("a")).get("b");
        assertSame(JsonNull.INSTANCE, b.get(0));
        assertEquals(Map.of(), b.get(1));
        assertEquals(2L, e.data(DataPointer.of(List.of(0, 1, 0))));
    }

    @Test
    void decodedValuesAreUnmodifiable() {
        JsonEvent e = JsonEvent.parse(TWIN_UPDATE);
        assertThrows(UnsupportedOperationException.class, () -> e.attributes().put("x", "y"));
        Map<?, ?> data = (Map<?, ?>) e.data();
        assertThrows(UnsupportedOperationException.class, () -> data.remove("patch"));
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) data.get("patch")).clear());
    }

    @Test
    void nullDataIsJsonNullAndDataBase64IsNeitherAttributeNorData() {
        assertSame(JsonNull.INSTANCE, JsonEvent.parse("{\"data\": null}").data());
        JsonEvent binary = JsonEvent.parse("{\"type\": \"t\", \"data_base64\": \"AAEC\"}");
        assertNull(binary.data());
        assertNull(binary.attribute("data_base64"));
        assertTrue(binary.hasDataBase64());
        assertFalse(JsonEvent.parse(TWIN_UPDATE).hasDataBase64());
    }

    @Test
    void filtersEvaluateOverTheView() {
        JsonEvent e = JsonEvent.parse(TWIN_UPDATE);
        FilterCompiler compiler = FilterCompiler.builder().build();
        CompiledFilter patch = compiler.compile("ANY($body.patch, @.path = '/temperature' AND @.value > 21)").orThrow();
        assertTrue(patch.matches(e));
        assertEquals(Boolean.TRUE, compiler.compile("$model = 'dtmi:example:Room;1'").orThrow().evaluate(e));
        assertNull(compiler.compile("$body.missing > 1").orThrow().evaluate(e));
    }

    @Test
    void inputStreamAndUtf16AreRead() {
        JsonEvent e = JsonEvent.parse(new ByteArrayInputStream("{\"subject\": \"\u00fc\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("\u00fc", e.attribute("subject"));
        JsonEvent utf16 = JsonEvent.parse("{\"subject\": \"x\"}".getBytes(StandardCharsets.UTF_16BE));
        assertEquals("x", utf16.attribute("subject"));
    }

    @Test
    void notJsonNamesLineAndColumn() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> JsonEvent.parse("{\"type\": \"t\",\n  \"id\": oops}"));
        assertEquals(2, e.line().orElseThrow());
        assertEquals(9, e.column().orElseThrow());
        assertTrue(e.getMessage().startsWith("invalid JSON: Unrecognized token 'oops'"), e.getMessage());
        assertTrue(e.getMessage().endsWith(" at line 2, column 9"), e.getMessage());
        assertFalse(e.getMessage().contains("Source:"), e.getMessage());
    }

    @Test
    void columnsCountCharactersNotBytesOrUtf16Units() {
        String accents = "{\"subject\": \"r\u00e9\u00e9\", \"x\": oops}";
        InvalidEventException fromBytes = assertThrows(InvalidEventException.class,
                () -> JsonEvent.parse(accents.getBytes(StandardCharsets.UTF_8)));
        assertEquals(25, fromBytes.column().orElseThrow());
        String emoji = "{\"subject\": \"r\uD83D\uDE00\",\r\n \"x\": 1, \"y\": oops}";
        InvalidEventException fromText = assertThrows(InvalidEventException.class, () -> JsonEvent.parse(emoji));
        assertEquals(2, fromText.line().orElseThrow());
        assertEquals(15, fromText.column().orElseThrow());
        InvalidEventException withBom = assertThrows(InvalidEventException.class,
                () -> JsonEvent.parse(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', 'x'}));
        assertEquals(2, withBom.column().orElseThrow());
    }

    @Test
    void truncatedInput() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> JsonEvent.parse("{\"type\": \"t\", \"data\": [1, 2"));
        assertTrue(e.getMessage().startsWith("invalid JSON: Unexpected end-of-input"), e.getMessage());
        assertFalse(e.getMessage().contains("Source:"), e.getMessage());
        assertEquals(1, e.line().orElseThrow());
    }

    @Test
    void topLevelMustBeAnObject() {
        InvalidEventException array = assertThrows(InvalidEventException.class, () -> JsonEvent.parse("  [1, 2]"));
        assertEquals("the event must be a JSON object, not an array at line 1, column 3", array.getMessage());
        InvalidEventException string = assertThrows(InvalidEventException.class, () -> JsonEvent.parse("\"x\""));
        assertEquals("the event must be a JSON object, not a string at line 1, column 1", string.getMessage());
    }

    @Test
    void emptyInput() {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> JsonEvent.parse(" \n "));
        assertEquals("the event is empty: expected a JSON object", e.getMessage());
        assertTrue(e.line().isEmpty());
        assertThrows(InvalidEventException.class, () -> JsonEvent.parse(new byte[0]));
    }

    @Test
    void trailingContentIsRejected() {
        InvalidEventException second = assertThrows(InvalidEventException.class, () -> JsonEvent.parse("{} {}"));
        assertEquals("unexpected content after the event object at line 1, column 4", second.getMessage());
        InvalidEventException garbage = assertThrows(InvalidEventException.class, () -> JsonEvent.parse("{}\nxyz"));
        assertEquals(2, garbage.line().orElseThrow());
        assertTrue(garbage.getMessage().startsWith("invalid JSON: Unrecognized token 'xyz'"), garbage.getMessage());
    }

    @Test
    void duplicateMembersAreRejectedAtAnyDepth() {
        InvalidEventException top = assertThrows(InvalidEventException.class,
                () -> JsonEvent.parse("{\"type\": \"a\", \"type\": \"b\"}"));
        assertTrue(top.getMessage().startsWith("invalid JSON: Duplicate field 'type'"), top.getMessage());
        assertEquals(1, top.line().orElseThrow());
        InvalidEventException nested = assertThrows(InvalidEventException.class,
                () -> JsonEvent.parse("{\"data\": {\"x\": 1, \"x\": 2}}"));
        assertTrue(nested.getMessage().startsWith("invalid JSON: Duplicate field 'x'"), nested.getMessage());
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> JsonEvent.parse(bytes));
        assertTrue(e.getMessage().startsWith("invalid JSON: Invalid UTF-8"), e.getMessage());
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "{\"data\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> JsonEvent.parse(deep));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
    }

    @Test
    void requireCloudEventAcceptsACompleteEvent() {
        JsonEvent e = JsonEvent.parse(TWIN_UPDATE);
        assertSame(e, e.requireCloudEvent());
    }

    @Test
    void requireCloudEventNamesTheMissingAttribute() {
        InvalidEventException missing = assertThrows(InvalidEventException.class,
                () -> JsonEvent.parse("{\"specversion\": \"1.0\", \"source\": \"s\", \"type\": \"t\"}").requireCloudEvent());
        assertEquals("the event has no 'id' attribute, which every CloudEvent needs", missing.getMessage());
        InvalidEventException number = assertThrows(InvalidEventException.class,
                () -> JsonEvent.parse("{\"specversion\": \"1.0\", \"id\": 5, \"source\": \"s\", \"type\": \"t\"}")
                        .requireCloudEvent());
        assertEquals("the event's 'id' attribute must be a non-empty string, not a number", number.getMessage());
        InvalidEventException empty = assertThrows(InvalidEventException.class,
                () -> JsonEvent.parse("{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"\", \"type\": \"t\"}")
                        .requireCloudEvent());
        assertEquals("the event's 'source' attribute must be a non-empty string, not an empty string",
                empty.getMessage());
    }

    @Test
    void requireCloudEventRejectsDataAndDataBase64Together() {
        JsonEvent both = JsonEvent.parse("{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"s\", \"type\": \"t\","
                + " \"data\": 1, \"data_base64\": \"AQ==\"}");
        InvalidEventException e = assertThrows(InvalidEventException.class, both::requireCloudEvent);
        assertEquals("the event has both 'data' and 'data_base64'; a CloudEvent has at most one", e.getMessage());
    }

    @Test
    void numbersBeyondTheDoubleRangeStillOrder() {
        JsonEvent e = JsonEvent.parse("{\"data\": {\"a\": 1e400, \"b\": -1e400}}");
        FilterCompiler compiler = FilterCompiler.builder().build();
        assertTrue(compiler.compile("$body.a > 9223372036854775807").orThrow().matches(e));
        assertTrue(compiler.compile("$body.b < -9223372036854775807").orThrow().matches(e));
        assertFalse(compiler.compile("$body.a = 1").orThrow().matches(e));
    }
}
