package io.eventroute.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind of bad DTDL document gets its own problem, naming the document and what is wrong. */
class ModelDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelSet EXISTING = ModelSet.empty().with(Map.of("dtmi:e:Space;1", List.of()));

    private static Object doc(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static Object iface(String idAndRest) {
        return doc("{\"@context\": \"dtmi:dtdl:context;3\", \"@type\": \"Interface\", " + idAndRest + "}");
    }

    private static ModelDocuments.Problem onlyProblem(Object... docs) {
        ModelDocuments.Result r = ModelDocuments.read(List.of(docs), EXISTING);
        assertEquals(1, r.problems().size(), () -> "problems: " + r.problems());
        assertEquals(List.of(), r.models(), "no models when there is a problem");
        return r.problems().get(0);
    }

    private static void assertProblem(int document, ModelDocuments.Kind kind, String part, Object... docs) {
        ModelDocuments.Problem p = onlyProblem(docs);
        assertEquals(document, p.document(), p::toString);
        assertEquals(kind, p.kind(), p::toString);
        assertTrue(p.message().contains(part), () -> "'" + part + "' not in: " + p.message());
    }

    private static final Object GOOD = doc("{\"@context\": \"dtmi:dtdl:context;3\", \"@type\": \"Interface\", \"@id\": \"dtmi:e:Room;1\", \"extends\": \"dtmi:e:Space;1\"}");

    @Test
    void goodDocumentsGiveTheirModelsAndIds() {
        ModelDocuments.Result r = ModelDocuments.read(List.of(GOOD,
                iface("\"@id\": \"dtmi:e:Lab;1\", \"extends\": [\"dtmi:e:Room;1\", {\"@type\": \"Interface\", \"@id\": \"dtmi:e:Inline;1\"}]")),
                EXISTING);
        assertEquals(List.of(), r.problems());
        assertEquals(List.of("dtmi:e:Room;1", "dtmi:e:Lab;1"), r.ids());
        ModelSet set = r.applyTo(EXISTING);
        assertEquals(List.of("dtmi:e:Room;1", "dtmi:e:Inline;1"), set.bases("dtmi:e:Lab;1"));
        assertTrue(set.isOf("dtmi:e:Lab;1", "dtmi:e:Space"));
    }

    @Test
    void notAnObject() {
        assertProblem(1, ModelDocuments.Kind.INVALID, "JSON object, not \"text\"", GOOD, "text");
        assertProblem(0, ModelDocuments.Kind.INVALID, "not an array", List.of());
    }

    @Test
    void noId() {
        assertProblem(0, ModelDocuments.Kind.INVALID, "no @id", iface("\"displayName\": \"x\""));
    }

    @Test
    void malformedDtmis() {
        for (String bad : List.of("urn:e:Room;1", "dtmi:e:Room;0", "dtmi:1e:Room;1", "dtmi:e:Room_;1", "dtmi:e::Room;1",
                "dtmi:e:Room;1;2", "dtmi:e:Ro-om;1", "dtmi:e:Room;1234567890")) {
            assertProblem(0, ModelDocuments.Kind.INVALID, "is not a DTMI", iface("\"@id\": \"" + bad + "\""));
        }
        assertProblem(0, ModelDocuments.Kind.INVALID, "is not a DTMI", iface("\"@id\": 5"));
        assertProblem(0, ModelDocuments.Kind.INVALID, "extends \"room\" is not a DTMI", iface("\"@id\": \"dtmi:e:R;1\", \"extends\": \"room\""));
        assertProblem(0, ModelDocuments.Kind.INVALID, "extends[1] must be a DTMI or an interface",
                iface("\"@id\": \"dtmi:e:R;1\", \"extends\": [\"dtmi:e:Space;1\", 3]"));
        for (String good : List.of("dtmi:e:Room;1", "dtmi:e:Room", "dtmi:_e:R2_d2;12", "dtmi:e:Room;1.2")) {
            assertTrue(ModelDocuments.isDtmi(good), good);
        }
    }

    @Test
    void notAnInterfaceOrNoDtdlContext() {
        assertProblem(0, ModelDocuments.Kind.INVALID, "@type must be \"Interface\"",
                doc("{\"@context\": \"dtmi:dtdl:context;3\", \"@type\": \"Property\", \"@id\": \"dtmi:e:R;1\"}"));
        assertProblem(0, ModelDocuments.Kind.INVALID, "no @context", doc("{\"@type\": \"Interface\", \"@id\": \"dtmi:e:R;1\"}"));
        assertProblem(0, ModelDocuments.Kind.INVALID, "is not a DTDL context",
                doc("{\"@context\": \"http://x\", \"@type\": \"Interface\", \"@id\": \"dtmi:e:R;1\"}"));
    }

    @Test
    void unknownBase() {
        assertProblem(1, ModelDocuments.Kind.INVALID, "extends dtmi:e:Nowhere;1, which is neither",
                GOOD, iface("\"@id\": \"dtmi:e:Lab;1\", \"extends\": \"dtmi:e:Nowhere;1\""));
    }

    @Test
    void aCycle() {
        ModelDocuments.Result r = ModelDocuments.read(List.of(
                iface("\"@id\": \"dtmi:e:A;1\", \"extends\": \"dtmi:e:B;1\""),
                iface("\"@id\": \"dtmi:e:B;1\", \"extends\": \"dtmi:e:A;1\"")), EXISTING);
        assertEquals(2, r.problems().size(), r.problems()::toString);
        assertEquals("document 0: extends forms a cycle: dtmi:e:A;1 -> dtmi:e:B;1 -> dtmi:e:A;1", r.problems().get(0).toString());
        assertProblem(0, ModelDocuments.Kind.INVALID, "cycle: dtmi:e:A;1 -> dtmi:e:A;1", iface("\"@id\": \"dtmi:e:A;1\", \"extends\": \"dtmi:e:A;1\""));
    }

    @Test
    void anIdThatExistsOrComesTwice() {
        assertProblem(0, ModelDocuments.Kind.EXISTS, "dtmi:e:Space;1 exists already", iface("\"@id\": \"dtmi:e:Space;1\""));
        assertProblem(1, ModelDocuments.Kind.INVALID, "defined twice in the batch (also in document 0)", GOOD, GOOD);
    }

    @Test
    void everyProblemIsReportedInDocumentOrder() {
        ModelDocuments.Result r = ModelDocuments.read(List.of(GOOD, 1, iface("\"x\": 1"), iface("\"@id\": \"dtmi:e:Space;1\"")), EXISTING);
        assertEquals(List.of(1, 2, 3), r.problems().stream().map(ModelDocuments.Problem::document).toList());
        assertThrows(IllegalStateException.class, () -> r.applyTo(EXISTING));
    }

    @Test
    void modelSetGuardsItsGraph() {
        assertThrows(IllegalArgumentException.class, () -> EXISTING.with(Map.of("dtmi:e:R;1", List.of("dtmi:e:X;1"))));
        assertThrows(IllegalArgumentException.class, () -> EXISTING.with(Map.of("dtmi:e:Space;1", List.of())));
        ModelSet two = EXISTING.with(Map.of("dtmi:e:R;1", List.of("dtmi:e:Space;1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> two.without("dtmi:e:Space;1"));
        assertTrue(e.getMessage().contains("[dtmi:e:R;1]"), e.getMessage());
        assertEquals(EXISTING, two.without("dtmi:e:R;1"));
        assertEquals("dtmi:e:Space", two.closest("dtmi:e:Spaec"));
    }
}
