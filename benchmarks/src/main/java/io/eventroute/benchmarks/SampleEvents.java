package io.eventroute.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventroute.compiler.EventView;
import java.util.Map;

/**
 * The example events of {@code docs/events.md} as JSON text, and pre-parsed views of them, so that the
 * match benchmarks measure evaluation only, not JSON decoding. Stateless; thread-safe.
 */
public final class SampleEvents {

    /** Twin.Update of room-21: a model id and a two-operation patch. */
    public static final String TWIN_UPDATE = """
            {"specversion": "1.0", "id": "39d4abb9-e3ee-4ed5-ad17-2243a9784946",
             "type": "Microsoft.DigitalTwins.Twin.Update", "source": "contoso.api.wus2.digitaltwins.azure.net",
             "subject": "room-21", "time": "2021-12-09T20:28:52.9795363Z", "datacontenttype": "application/json",
             "data": {"modelId": "dtmi:example:Room;1",
                      "patch": [{"value": 22.0, "path": "/temperature", "op": "replace"},
                                {"value": 30, "path": "/comp1/prop1", "op": "add"}]}}
            """;

    /** The same Twin.Update for room-0, which the typical filter excludes by its last condition. */
    public static final String TWIN_UPDATE_ROOM_0 = TWIN_UPDATE.replace("\"room-21\"", "\"room-0\"");

    /** Telemetry from a thermostat's component, at 10 degrees. */
    public static final String TELEMETRY = """
            {"specversion": "1.0", "id": "622e6818-f042-4be8-96df-1a77ee9caf9b", "type": "microsoft.iot.telemetry",
             "source": "contoso.api.wus2.digitaltwins.azure.net/digitaltwins/thermostat-7",
             "subject": "component1", "dataschema": "dtmi:example:Thermostat;1",
             "datacontenttype": "application/json", "data": {"Temperature": 10}}
            """;

    /** The same telemetry at 35 degrees, above the benchmarks' threshold of 30. */
    public static final String TELEMETRY_HOT = TELEMETRY.replace("\"Temperature\": 10", "\"Temperature\": 35");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SampleEvents() {
    }

    /** Parses structured-mode CloudEvent JSON into a map-backed view. */
    public static EventView view(String json) {
        return EventView.of(map(json));
    }

    /** Parses structured-mode CloudEvent JSON into Jackson's {@code Map} (the input most libraries take). */
    public static Map<String, Object> map(String json) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> members = MAPPER.readValue(json, Map.class);
            return members;
        } catch (JsonProcessingException e) {
            // The texts are constants of this class; a parse failure is a bug here, not bad user input.
            throw new IllegalStateException("sample event is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
