package io.eventroute.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.event.JsonEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    private static OutgoingEvent out(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return Envelope.of(JsonEvent.parse(b), b).forRoute("r");
    }

    private static String head(String extra) {
        return "{\"specversion\":\"1.0\",\"id\":\"i\",\"source\":\"s\",\"type\":\"t\"" + extra;
    }

    @Test
    void dataIsTheMembersBytesUnchanged() {
        assertEquals("{\"a\": [1, 2.50]}", new String(out(head(",\"data\":{\"a\": [1, 2.50]}}")).data(),
                StandardCharsets.UTF_8));
        assertEquals("[{}]", new String(out(head(",\"data\":[{}] }")).data(), StandardCharsets.UTF_8));
        assertEquals("12.0e3", new String(out(head(",\"data\":12.0e3}")).data(), StandardCharsets.UTF_8));
        assertEquals("\"x}\"", new String(out(head(",\"data\" : \"x}\" , \"subject\":\"q\"}")).data(),
                StandardCharsets.UTF_8));
        assertEquals("true", new String(out("{\"data\":true," + head("}").substring(1)).data(),
                StandardCharsets.UTF_8));
        assertEquals("null", new String(out(head(",\"data\":null}")).data(), StandardCharsets.UTF_8));
        assertNull(out(head("}")).data());
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, out(head(",\"data_base64\":\"AAH/\"}")).data());
    }

    @Test
    void attributesLeaveOutTheContentTypeWhichHasItsOwnField() {
        OutgoingEvent e = out(head(",\"datacontenttype\":\"application/json\",\"n\":5,\"data\":{}}"));
        assertEquals("application/json", e.dataContentType());
        assertEquals(Map.of("specversion", "1.0", "id", "i", "source", "s", "type", "t", "n", 5L), e.attributes());
    }

    @Test
    void attributesNewInEveryEventAreDecodedAsTheOthers() {
        // id, time and traceparent are read past the string cache: escapes, non-ASCII and non-strings still decode.
        String json = "{\"specversion\":\"1.0\",\"id\":\"a\\\"b\\u00e9\u00e8\",\"source\":\"s\",\"type\":\"t\","
                + "\"time\":\"2026-12-02T09:00:00Z\",\"traceparent\":7,\"tracestate\":\"k=v\"}";
        OutgoingEvent e = out(json);
        assertEquals("a\"b\u00e9\u00e8", e.eventId());
        assertEquals(Map.of("specversion", "1.0", "id", "a\"b\u00e9\u00e8", "source", "s", "type", "t",
                "time", "2026-12-02T09:00:00Z", "traceparent", 7L, "tracestate", "k=v"), e.attributes());
    }

    @Test
    void utf16InputGetsDataWrittenAnew() {
        byte[] b = head(",\"data\":{\"k\":[1,\"v\",null]}}").getBytes(StandardCharsets.UTF_16BE);
        OutgoingEvent e = Envelope.of(JsonEvent.parse(b), b).forRoute("r");
        assertEquals("{\"k\":[1,\"v\",null]}", new String(e.data(), StandardCharsets.UTF_8));
    }
}
