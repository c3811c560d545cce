package io.eventroute.runtime.endpoint.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.eventroute.runtime.endpoint.OutgoingEvent;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;

/** Checks that a message the broker stored carries an event in the CloudEvents AMQP binary mode. Stateless. */
public final class AmqpAssertions {
    private AmqpAssertions() {
    }

    /** The body bytes of {@code message}, which must be a single data section. */
    public static byte[] body(Message message) {
        Binary binary = ((Data) message.getBody()).getValue();
        byte[] bytes = new byte[binary.getLength()];
        System.arraycopy(binary.getArray(), binary.getArrayOffset(), bytes, 0, bytes.length);
        return bytes;
    }

    /**
     * Asserts the binary-mode mapping of {@code event} in {@code message}: every attribute as
     * {@code cloudEvents:<name>} with its value, no {@code cloudEvents:datacontenttype}, the content
     * type, the data as body, and the event id as message id.
     */
    public static void assertBinaryMode(OutgoingEvent event, Message message) {
        Map<String, Object> properties = message.getApplicationProperties().getValue();
        for (Map.Entry<String, Object> attribute : event.attributes().entrySet()) {
            assertEquals(attribute.getValue(), properties.get("cloudEvents:" + attribute.getKey()),
                    "cloudEvents:" + attribute.getKey());
        }
        assertEquals(event.attributes().size(), properties.size(), "one property per attribute: " + properties);
        assertFalse(properties.containsKey("cloudEvents:datacontenttype"));
        assertEquals(event.dataContentType(), message.getContentType());
        assertArrayEquals(event.data(), body(message));
        assertEquals(event.eventId(), message.getMessageId());
    }
}
