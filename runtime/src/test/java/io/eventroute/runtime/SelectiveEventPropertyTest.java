package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventroute.runtime.event.JsonEvent;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reading events selectively from bytes gives the same matches as decoding them whole and evaluating
 * every route: random route sets over random ADT-shaped events. Prints its seed.
 */
class SelectiveEventPropertyTest {
    private static final String[] TYPES = {"Microsoft.DigitalTwins.Twin.Create", "Microsoft.DigitalTwins.Twin.Update",
        "Microsoft.DigitalTwins.Relationship.Create", "microsoft.iot.telemetry"};
    private static final String[] FILTERS = {
        "type = '%T'", "subject = 'room-%N'", "STARTS_WITH(subject, 'room-%N')", "$body.temperature > %N",
        "$body.Temperature >= %N AND type = 'microsoft.iot.telemetry'", "$model = 'dtmi:example:Room;%N'",
        "IS_OF_MODEL('dtmi:example:Room')", "$body.patch[*].path = '/temperature'", "ANY($body.patch, @.value > %N)",
        "$body.$metadata.$model = 'dtmi:example:Room;1'", "$body.$relationshipName = 'contains'", "$body = $body",
        "$body.patch[0].value = %N", "$body.patch[1] IS NULL", "traceparent IS NOT NULL", "dataschema IN ('dtmi:example:Thermostat;1', 'x')",
        "$body['odd name'] = 'v%N'", "(subject = 'room-%N' AND type = '%T') OR $body.temperature < %N", "NOT type = '%T'",
    };

    @Test
    void selectiveReadingAgreesWithWholeDecoding() {
        long seed = Seeds.announce("SelectiveEventPropertyTest.selectiveReadingAgreesWithWholeDecoding");
        Random r = new Random(seed);
        for (int round = 0; round < 50; round++) {
            RouteTable table = RouteTable.create();
            for (int i = 0, n = 1 + r.nextInt(12); i < n; i++) {
                table.put("r" + i, fill(FILTERS[r.nextInt(FILTERS.length)], r));
            }
            for (int e = 0; e < 20; e++) {
                String json = event(r);
                assertEquals(table.index().matchEach(JsonEvent.parse(json)), table.match(json.getBytes(StandardCharsets.UTF_8)),
                        () -> "seed " + seed + ", event " + json + ", routes " + table.index().describe());
            }
        }
    }

    private static String fill(String f, Random r) {
        return f.replace("%T", TYPES[r.nextInt(TYPES.length)]).replace("%N", String.valueOf(r.nextInt(4)));
    }

    private static String event(Random r) {
        String type = TYPES[r.nextInt(TYPES.length)];
        StringBuilder b = new StringBuilder("{");
        // Member order varies: data first or last, attributes in between.
        String data = switch (r.nextInt(4)) {
            case 0 -> "{\"modelId\":\"dtmi:example:Room;" + r.nextInt(3) + "\",\"patch\":[{\"value\":" + r.nextInt(4)
                    + ",\"path\":\"/temperature\",\"op\":\"replace\"}" + (r.nextBoolean() ? ",{\"value\":2.5,\"path\":\"/x\"}" : "") + "]}";
            case 1 -> "{\"$dtId\":\"room-1\",\"temperature\":" + r.nextInt(4) + ".5,\"$metadata\":{\"$model\":\"dtmi:example:Room;1\"},"
                    + "\"odd name\":\"v" + r.nextInt(4) + "\"}";
            case 2 -> "{\"Temperature\":" + r.nextInt(4) + ",\"nested\":{\"a\":[1,[2,{\"b\":null}]]}}";
            default -> r.nextBoolean() ? "null" : "[1,2,3]";
        };
        boolean dataFirst = r.nextBoolean();
        if (dataFirst) {
            b.append("\"data\":").append(data).append(',');
        }
        b.append("\"specversion\":\"1.0\",\"id\":\"").append(r.nextInt(1000)).append("\",\"source\":\"s\",\"type\":\"").append(type).append('"');
        if (r.nextBoolean()) {
            b.append(",\"subject\":\"room-").append(r.nextInt(4)).append('"');
        }
        if (r.nextBoolean()) {
            b.append(",\"dataschema\":\"dtmi:example:Thermostat;1\"");
        }
        if (r.nextBoolean()) {
            b.append(",\"traceparent\":\"00-abc-01\"");
        }
        if (!dataFirst && r.nextInt(4) > 0) {
            b.append(",\"data\":").append(data);
        }
        return b.append('}').toString();
    }
}
