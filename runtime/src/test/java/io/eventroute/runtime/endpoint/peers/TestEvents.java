package io.eventroute.runtime.endpoint.peers;

import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.internal.JsonText;
import io.eventroute.runtime.event.JsonEvent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Events shaped like Azure Digital Twins' notifications, as the dispatcher hands them to senders. Stateless. */
public final class TestEvents {
    private TestEvents() {
    }

    /** A Twin.Update event about {@code twin} with id {@code id}, carrying a traceparent, for route "r1". */
    public static OutgoingEvent twinUpdate(String id, String twin, double temperature) {
        return of("r1", twin, "{\"specversion\": \"1.0\", \"id\": \"" + id + "\","
                + " \"type\": \"Microsoft.DigitalTwins.Twin.Update\","
                + " \"source\": \"contoso.api.wus2.digitaltwins.azure.net\", \"subject\": \"" + twin + "\","
                + " \"time\": \"2021-12-09T20:28:52.9795363Z\", \"datacontenttype\": \"application/json\","
                + " \"traceparent\": \"00-2aa957558db348f387ef704b37631a1d-96f834571bf4fe45-01\","
                + " \"data\": {\"modelId\": \"dtmi:example:Room;1\", \"patch\": [{\"value\": " + temperature
                + ", \"path\": \"/temperature\", \"op\": \"replace\"}]}}");
    }

    /** A telemetry event from {@code twin} (no time, a dataschema), for route "r2". */
    public static OutgoingEvent telemetry(String id, String twin) {
        return of("r2", twin, "{\"specversion\": \"1.0\", \"id\": \"" + id + "\", \"type\": \"microsoft.iot.telemetry\","
                + " \"source\": \"contoso.api.wus2.digitaltwins.azure.net/digitaltwins/" + twin + "\","
                + " \"subject\": \"component1\", \"dataschema\": \"dtmi:example:Thermostat;1\","
                + " \"datacontenttype\": \"application/json\", \"data\": {\"Temperature\": 10}}");
    }

    /** The outgoing form of structured-mode {@code json}, the way the dispatcher builds it. */
    public static OutgoingEvent of(String routeId, String partitionKey, String json) {
        JsonEvent event = JsonEvent.parse(json).requireCloudEvent();
        Map<String, Object> attributes = new LinkedHashMap<>(event.attributes());
        Object contentType = attributes.remove("datacontenttype");
        byte[] data = event.data() == null ? null : JsonText.of(event.data()).getBytes(StandardCharsets.UTF_8);
        return new OutgoingEvent(routeId, (String) event.attribute("id"), partitionKey,
                json.getBytes(StandardCharsets.UTF_8), attributes, (String) contentType, data);
    }
}
