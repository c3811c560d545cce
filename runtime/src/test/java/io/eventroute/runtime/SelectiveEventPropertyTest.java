package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventroute.runtime.event.InvalidEventException;
import io.eventroute.runtime.event.JsonEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reading events selectively from bytes gives the same matches as decoding them whole and evaluating
 * every route: random route sets over random ADT-shaped events. And it accepts exactly the events
 * Jackson's whole decoding accepts, whatever the routes read: events spoilt by a repeated member
 * name (also one spelt with escapes, at any depth, read or skipped), trailing bytes, a bad escape or a
 * missing comma, and events behind byte-order marks or in UTF-16/32. Prints its seed.
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
            RouteTable<Void> table = RouteTable.create();
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

    @Test
    void acceptsExactlyWhatWholeDecodingAccepts() {
        long seed = Seeds.announce("SelectiveEventPropertyTest.acceptsExactlyWhatWholeDecodingAccepts");
        Random r = new Random(seed);
        for (int round = 0; round < 30; round++) {
            RouteTable<Void> table = RouteTable.create();
            for (int i = 0, n = r.nextInt(6); i < n; i++) {
                table.put("r" + i, fill(FILTERS[r.nextInt(FILTERS.length)], r));
            }
            for (int e = 0; e < 40; e++) {
                String event = event(r);
                Spoilt spoilt = spoil(event, r);
                byte[] bytes = encode(spoilt.json, r);
                String where = "seed " + seed + ", " + spoilt.how + ": " + spoilt.json + ", routes " + table.index().describe();
                InvalidEventException jackson = rejection(() -> JsonEvent.parse(bytes));
                InvalidEventException ours = rejection(() -> table.match(bytes));
                assertEquals(jackson == null, ours == null, () -> where + "; Jackson: " + jackson + "; selective: " + ours);
                if (ours != null && spoilt.at >= 0) {
                    // Placed where the spoiling went in (one line: columns count characters from 1).
                    int column = spoilt.json.codePointCount(0, spoilt.at) + 1;
                    assertEquals(1, ours.line().orElseThrow(), where);
                    assertEquals(column, ours.column().orElseThrow(), () -> where + ": " + ours.getMessage());
                } else if (ours == null) {
                    assertEquals(table.index().matchEach(JsonEvent.parse(bytes)), table.match(bytes), where);
                }
            }
        }
    }

    private record Spoilt(String json, String how, int at) {
    }

    /** The event as it is, or with one defect and where it is (-1 when the position is not pinned). */
    private static Spoilt spoil(String json, Random r) {
        int close = json.length() - 1;
        switch (r.nextInt(9)) {
            case 0: {
                String dup = r.nextBoolean() ? "\"type\":\"x\"" : "\"t\\u0079pe\":\"x\"";
                return new Spoilt(json.substring(0, close) + "," + dup + "}", "a repeated attribute", close + 1);
            }
            case 1: {
                int at = json.indexOf("\"$dtId\"");
                if (at < 0) {
                    at = json.indexOf("\"Temperature\"");
                }
                if (at < 0) {
                    return new Spoilt(json, "as it is", -1);
                }
                String name = json.substring(at, json.indexOf(':', at));
                String twice = name.equals("\"$dtId\"") && r.nextBoolean() ? "\"$dt\\u0049d\"" : name;
                return new Spoilt(json.substring(0, at) + twice + ":1," + json.substring(at), "a repeated data member",
                        json.substring(0, at).length() + twice.length() + 3);
            }
            case 2:
                return new Spoilt(json.substring(0, close) + ",\"nested\":{\"a\":{\"k\":1,\"k\":2}}}",
                        "a repeated member in a skipped object", close + 22);
            case 3: {
                String[] tails = {" x", "{}", ",", "]", " \u00e9", "\n1"};
                String tail = tails[r.nextInt(tails.length)];
                int at = json.length() + (tail.startsWith(" ") || tail.startsWith("\n") ? 1 : 0);
                return new Spoilt(json + tail, "trailing bytes", tail.startsWith("\n") ? -1 : at);
            }
            case 4:
                return new Spoilt(json + (r.nextBoolean() ? " \n\t" : "\r\n"), "trailing spaces", -1);
            case 5:
                return new Spoilt(json.substring(0, close) + ",\"ext\":\"a\\qb\"}", "a bad escape", close + 10);
            case 6:
                return new Spoilt(json.substring(0, close) + ",\"ext\":[1 2]}", "a missing comma", close + 10);
            case 7:
                return new Spoilt(json.substring(0, close) + ",\"d\\u0061ta_x\":1}", "an escaped name", -1);
            default:
                return new Spoilt(json, "as it is", -1);
        }
    }

    /** UTF-8 mostly; sometimes behind a byte-order mark, or in UTF-16 or UTF-32 with or without one. */
    private static byte[] encode(String json, Random r) {
        String[] charsets = {"UTF-8", "UTF-8", "UTF-8", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"};
        String name = charsets[r.nextInt(charsets.length)];
        String text = r.nextInt(3) == 0 ? "\uFEFF" + json : json;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.getBytes(Charset.forName(name)));
        return out.toByteArray();
    }

    private static InvalidEventException rejection(Runnable read) {
        try {
            read.run();
            return null;
        } catch (InvalidEventException e) {
            return e;
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
