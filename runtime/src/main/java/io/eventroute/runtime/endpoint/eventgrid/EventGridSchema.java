package io.eventroute.runtime.endpoint.eventgrid;

import com.azure.core.util.BinaryData;
import com.azure.messaging.eventgrid.EventGridEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import io.eventroute.runtime.endpoint.internal.JsonText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The Event Grid schema Azure Digital Twins writes for a CloudEvent: {@code id}, {@code subject},
 * {@code eventType} = {@code type}, {@code eventTime} = {@code time}, {@code dataVersion} "1.0" and
 * {@code data} = {@code {data, contenttype, traceparent, dataschema}} (members the event lacks are
 * left out). Stateless; thread-safe.
 */
final class EventGridSchema {
    private static final JsonFactory JSON = new JsonFactory();

    private EventGridSchema() {
    }

    static EventGridEvent toEventGridEvent(OutgoingEvent event) {
        String type = text(event, "type");
        if (type == null) {
            throw new IllegalArgumentException("event '" + event.eventId() + "' has no 'type'");
        }
        String subject = text(event, "subject");
        EventGridEvent result = new EventGridEvent(subject == null ? "" : subject, type,
                BinaryData.fromBytes(data(event)), "1.0");
        result.setId(event.eventId());
        result.setEventTime(time(event));
        return result;
    }

    /** The {@code data} member of the Event Grid event, as JSON bytes. */
    static byte[] data(OutgoingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeFieldName("data");
            if (event.data() == null) {
                generator.writeNull();
            } else {
                generator.writeRawValue(new String(event.data(), StandardCharsets.UTF_8));
            }
            if (event.dataContentType() != null) {
                generator.writeStringField("contenttype", event.dataContentType());
            }
            for (String name : new String[] {"traceparent", "dataschema"}) {
                Object value = event.attributes().get(name);
                if (value != null) {
                    generator.writeFieldName(name);
                    JsonText.write(generator, value);
                }
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static OffsetDateTime time(OutgoingEvent event) {
        String time = text(event, "time");
        if (time != null) {
            try {
                return OffsetDateTime.parse(time);
            } catch (DateTimeParseException e) {
                // Event Grid needs a time; an unreadable one is replaced like a missing one.
            }
        }
        return OffsetDateTime.now();
    }

    private static String text(OutgoingEvent event, String attribute) {
        Object value = event.attributes().get(attribute);
        return value instanceof String s ? s : null;
    }
}
