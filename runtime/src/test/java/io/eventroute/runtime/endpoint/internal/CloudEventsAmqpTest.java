package io.eventroute.runtime.endpoint.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.peers.TestEvents;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventsAmqpTest {
    private static OutgoingEvent event(String members) {
        return TestEvents.of("r", "k", "{\"specversion\": \"1.0\", \"id\": \"1\", \"type\": \"t\", \"source\": \"s\"" + members + "}");
    }

    @Test
    void attributesBecomePrefixedPropertiesWithAmqpTypes() {
        Map<String, Object> properties = CloudEventsAmqp.applicationProperties(event(
                ", \"datacontenttype\": \"application/json\", \"seq\": 42, \"ratio\": 0.5, \"flag\": true,"
                        + " \"big\": 123456789012345678901234567890, \"nothing\": null, \"data\": {}"));
        assertEquals(Map.of("cloudEvents:specversion", "1.0", "cloudEvents:id", "1", "cloudEvents:type", "t",
                "cloudEvents:source", "s", "cloudEvents:seq", 42L, "cloudEvents:ratio", 0.5, "cloudEvents:flag", true,
                "cloudEvents:big", "123456789012345678901234567890"), properties);
    }

    @Test
    void jsonDataIsTheBodyAsItIs() {
        OutgoingEvent event = event(", \"datacontenttype\": \"application/json\", \"data\": \"quoted\"");
        assertArrayEquals("\"quoted\"".getBytes(StandardCharsets.UTF_8), CloudEventsAmqp.body(event));
        assertEquals("application/json", CloudEventsAmqp.contentType(event));
    }

    @Test
    void textDataLosesItsJsonQuotes() {
        OutgoingEvent event = event(", \"datacontenttype\": \"text/plain; charset=utf-8\", \"data\": \"a \\\"b\\\" \\u00e9\"");
        assertEquals("a \"b\" \u00e9", new String(CloudEventsAmqp.body(event), StandardCharsets.UTF_8));
        assertEquals("text/plain; charset=utf-8", CloudEventsAmqp.contentType(event));
    }

    @Test
    void base64DataIsDecoded() {
        OutgoingEvent event = event(", \"datacontenttype\": \"application/octet-stream\", \"data_base64\": \"AAEC/w==\"");
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, CloudEventsAmqp.body(event));
        assertEquals("application/octet-stream", CloudEventsAmqp.contentType(event));
    }

    @Test
    void noDataMeansAnEmptyBodyWithoutContentType() {
        OutgoingEvent event = event("");
        assertArrayEquals(new byte[0], CloudEventsAmqp.body(event));
        assertNull(CloudEventsAmqp.contentType(event));
    }

    @Test
    void jsonMediaTypesAreRecognized() {
        assertEquals(true, CloudEventsAmqp.isJson(null));
        assertEquals(true, CloudEventsAmqp.isJson("application/json-patch+json; charset=utf-8"));
        assertEquals(true, CloudEventsAmqp.isJson("Application/JSON"));
        assertEquals(false, CloudEventsAmqp.isJson("text/plain"));
        assertEquals(false, CloudEventsAmqp.isJson("application/jsonx"));
    }
}
