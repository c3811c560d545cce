package io.eventroute.runtime.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventroute.compiler.EventView;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared CloudEvent rules: the partition key and the required attributes of any event view. */
class CloudEventFormatTest {
    @Test
    void partitionKeyIsTheTwin() {
        assertEquals("room-21", CloudEventFormat.partitionKey("Microsoft.DigitalTwins.Twin.Update", "room-21", "h"));
        assertEquals("floor1", CloudEventFormat.partitionKey("Microsoft.DigitalTwins.Relationship.Create",
                "floor1/relationships/floor1_contains_room21", "h"));
        assertEquals("thermostat-7", CloudEventFormat.partitionKey("microsoft.iot.telemetry", "component1",
                "contoso.api.wus2.digitaltwins.azure.net/digitaltwins/thermostat-7"));
        assertEquals("thermostat-7", CloudEventFormat.partitionKey("microsoft.iot.telemetry", null,
                "contoso.api.wus2.digitaltwins.azure.net/digitaltwins/thermostat-7"));
        assertEquals("component1", CloudEventFormat.partitionKey("microsoft.iot.telemetry", "component1", "host"));
        assertNull(CloudEventFormat.partitionKey("other", null, "host"));
    }

    @Test
    void aViewWithoutTheRequiredAttributesIsRefused() {
        EventView view = EventView.of(Map.of("specversion", "1.0", "id", "", "source", "s", "type", "t"));
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> CloudEventFormat.requireCloudEvent(view));
        // Envelope's copy of the check said "must be a non-empty string" here; the one check says what it got.
        assertEquals("the event's 'id' attribute must be a non-empty string, not an empty string", e.getMessage());
    }
}
