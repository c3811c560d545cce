package io.eventroute.runtime.endpoint.peers;

import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.protocol.amqp.broker.AMQPMessage;
import org.apache.activemq.artemis.protocol.amqp.broker.AMQPStandardMessage;
import org.apache.activemq.artemis.protocol.amqp.broker.AmqpInterceptor;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.message.Message;

/**
 * Answers the Azure SDK's claims-based-security ({@code $cbs}) and management ({@code $management})
 * requests the way Service Bus and Event Hubs do, which Artemis cannot: the request is swallowed (so
 * it is not echoed back to the SDK's reply receiver) and a 200 reply goes only to the requesting
 * connection's reply consumer. Event Hubs' {@code READ com.microsoft:eventhub} gets the partition
 * ids. Records each request's application properties for assertions. Thread-safe.
 */
final class AzureAmqpShim implements AmqpInterceptor {
    private final ActiveMQServer server;
    private final int partitions;
    private final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();

    AzureAmqpShim(ActiveMQServer server, int partitions) {
        this.server = server;
        this.partitions = partitions;
    }

    /** The application properties of every request answered so far. */
    List<Map<String, Object>> requests() {
        return List.copyOf(requests);
    }

    @Override
    public boolean intercept(AMQPMessage message, RemotingConnection connection) {
        String address = message.getAddress();
        if (address == null || !(address.equals("$cbs") || address.endsWith("$management"))) {
            // The services store every message; the SDK sends them without a durable header.
            message.setDurable(true);
            return true;
        }
        Map<String, Object> request = message.getApplicationProperties() == null ? Map.of()
                : message.getApplicationProperties().getValue();
        requests.add(Map.copyOf(withoutNulls(request)));
        try {
            Message reply = Message.Factory.create();
            reply.setCorrelationId(message.getProperties().getMessageId());
            reply.setApplicationProperties(new ApplicationProperties(
                    new HashMap<>(Map.of("status-code", 200, "status-description", "OK"))));
            if (address.endsWith("$management")) {
                reply.setBody(new AmqpValue(managementBody(request)));
            }
            byte[] buffer = new byte[64 * 1024];
            int length = reply.encode(buffer, 0, buffer.length);
            AMQPStandardMessage out = new AMQPStandardMessage(0, Arrays.copyOf(buffer, length), null);
            out.setMessageID(server.getStorageManager().generateID());
            for (ServerSession session : server.getSessions(connection.getID().toString())) {
                for (ServerConsumer consumer : session.getServerConsumers()) {
                    if (consumer.getQueue().getAddress().toString().equals(address)) {
                        out.setAddress(consumer.getQueue().getAddress());
                        server.getPostOffice().route(out, (Transaction) null, false, false,
                                server.getPostOffice().getBinding(consumer.getQueue().getName()));
                        return false;
                    }
                }
            }
        } catch (Exception e) {
            // An interceptor must not throw into the broker; the SDK then times out, which the test sees.
            System.err.println("AzureAmqpShim: no reply to a request on " + address + ": " + e);
        }
        // Swallowed: the SDK sends these requests pre-settled, so Artemis' rejection goes nowhere.
        return false;
    }

    private Map<String, Object> managementBody(Map<String, Object> request) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", request.get("name"));
        body.put("type", request.get("type"));
        if ("com.microsoft:eventhub".equals(request.get("type"))) {
            String[] ids = new String[partitions];
            for (int i = 0; i < partitions; i++) {
                ids[i] = Integer.toString(i);
            }
            body.put("created_at", new Date());
            body.put("partition_count", partitions);
            body.put("partition_ids", ids);
        } else {
            body.put("partition", request.get("partition"));
            body.put("begin_sequence_number", 0L);
            body.put("last_enqueued_sequence_number", -1L);
            body.put("last_enqueued_offset", "-1");
            body.put("last_enqueued_time_utc", new Date(0));
            body.put("is_partition_empty", true);
        }
        return body;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> copy = new HashMap<>();
        map.forEach((key, value) -> {
            if (value != null) {
                copy.put(key, value);
            }
        });
        return copy;
    }
}
