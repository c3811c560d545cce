package io.eventroute.kafka;

import java.nio.charset.StandardCharsets;

/** Structured-mode twin events for tests: id, twin (the subject), type, and a small body. */
final class TestEvents {
    static final String CREATE = "Microsoft.DigitalTwins.Twin.Create";
    static final String UPDATE = "Microsoft.DigitalTwins.Twin.Update";

    private TestEvents() {
    }

    static String json(String id, String type, String twin, int group) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"https://adt.example.com/\",\"type\":\""
                + type + "\",\"subject\":\"" + twin + "\",\"datacontenttype\":\"application/json\","
                + "\"data\":{\"$dtId\":\"" + twin + "\",\"group\":" + group + ",\"$metadata\":{\"$model\":\"dtmi:example:Room;1\"}}}";
    }

    static byte[] bytes(String id, String type, String twin, int group) {
        return json(id, type, twin, group).getBytes(StandardCharsets.UTF_8);
    }

    static String route(String endpoint, String filter) {
        return "{\"endpoint\":\"" + endpoint + "\",\"filter\":\"" + filter.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }
}
