package io.eventroute.runtime;

import java.nio.charset.StandardCharsets;

/** Sample Azure Digital Twins events as JSON bytes. */
final class Events {
    private Events() {
    }

    static byte[] twinUpdate(String id, String twin, double temperature) {
        return ("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"type\":\"Microsoft.DigitalTwins.Twin.Update\","
                + "\"source\":\"contoso.api.wus2.digitaltwins.azure.net\",\"subject\":\"" + twin + "\","
                + "\"time\":\"2021-12-09T20:28:52.9795363Z\",\"datacontenttype\":\"application/json\","
                + "\"data\":{\"modelId\":\"dtmi:example:Room;1\",\"patch\":[{\"value\":" + temperature
                + ",\"path\":\"/temperature\",\"op\":\"replace\"}]}}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] relationshipCreate(String id, String twin, String rel) {
        return ("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"type\":\"Microsoft.DigitalTwins.Relationship.Create\","
                + "\"source\":\"contoso.api.wus2.digitaltwins.azure.net\",\"subject\":\"" + twin + "/relationships/"
                + rel + "\",\"datacontenttype\":\"application/json\",\"data\":{\"$relationshipId\":\"" + rel
                + "\",\"$sourceId\":\"" + twin + "\",\"$relationshipName\":\"contains\",\"$targetId\":\"room-21\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] telemetry(String id, String twin, int value) {
        return ("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"type\":\"microsoft.iot.telemetry\","
                + "\"source\":\"contoso.api.wus2.digitaltwins.azure.net/digitaltwins/" + twin + "\","
                + "\"subject\":\"component1\",\"dataschema\":\"dtmi:example:Thermostat;1\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"Temperature\":" + value + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
