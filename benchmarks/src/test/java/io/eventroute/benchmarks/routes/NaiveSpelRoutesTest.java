package io.eventroute.benchmarks.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.cli.workload.Workload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaiveSpelRoutesTest {
    @Test
    void translatesEachConditionShape() {
        assertEquals("['type'] == 'T' and ['subject'] == 'room-1'",
                NaiveSpelRoutes.translate("type = 'T' AND subject = 'room-1'"));
        assertEquals("['data']?.['Temperature'] > 20", NaiveSpelRoutes.translate("$body.Temperature > 20"));
        assertEquals("['data']?.['$relationshipName'] == 'feeds'",
                NaiveSpelRoutes.translate("$body.$relationshipName = 'feeds'"));
        assertEquals("(['subject'] != null and ['subject'].startsWith('room-'))",
                NaiveSpelRoutes.translate("STARTS_WITH(subject, 'room-')"));
        assertTrue(NaiveSpelRoutes.translate("$model = 'dtmi:a;1'").contains("['data']?.['$metadata']?.['$model'] == 'dtmi:a;1'"));
    }

    @Test
    void refusesAShapeItCannotTranslate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NaiveSpelRoutes.translate("subject LIKE 'a%'"));
        assertTrue(e.getMessage().contains("subject LIKE 'a%'"), e.getMessage());
    }

    @Test
    void anAbsentFieldMakesItsConditionFalseNotAnError() {
        NaiveSpelRoutes naive = new NaiveSpelRoutes(List.of(
                new Workload.Route("hot", "$body.Temperature > 20", null),
                new Workload.Route("prefix", "STARTS_WITH(subject, 'room-')", null),
                new Workload.Route("model", "$model = 'dtmi:a;1'", null)));
        byte[] noData = "{\"type\":\"Microsoft.DigitalTwins.Twin.Create\",\"source\":\"s\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(), naive.match(noData));
        byte[] all = ("{\"type\":\"Microsoft.DigitalTwins.Twin.Create\",\"subject\":\"room-1\","
                + "\"data\":{\"Temperature\":25,\"$metadata\":{\"$model\":\"dtmi:a;1\"}}}").getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("hot", "prefix", "model"), naive.match(all));
    }
}
