package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command's SLF4J configuration (slf4j-simple, from {@code simplelogger.properties} in the jar): the
 * Azure SDK's per-attempt WARN/ERROR lines are off, since the command reports each endpoint's kind of
 * failure once itself; Kafka's warnings and the router's INFO stay.
 */
class LoggingConfigurationTest {

    @Test
    void theAzureSdkIsSilentAndTheRestIsNot() {
        Logger amqp = LoggerFactory.getLogger("com.azure.core.amqp.implementation.ReactorSender");
        Logger eventGrid = LoggerFactory.getLogger("com.azure.messaging.eventgrid.EventGridPublisherAsyncClient");
        assertFalse(amqp.isErrorEnabled(), "the SDK's ERROR lines are off");
        assertFalse(eventGrid.isWarnEnabled());
        assertTrue(LoggerFactory.getLogger("org.apache.kafka.streams.KafkaStreams").isWarnEnabled());
        assertFalse(LoggerFactory.getLogger("org.apache.kafka.streams.KafkaStreams").isInfoEnabled());
        assertTrue(LoggerFactory.getLogger("io.eventroute.kafka.StreamsRouter").isInfoEnabled());
    }
}
