package io.eventroute.runtime.endpoint.peers;

import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerConnectionPlugin;
import org.apache.activemq.artemis.protocol.amqp.broker.ActiveMQProtonRemotingConnection;
import org.apache.activemq.artemis.protocol.amqp.proton.handler.EventHandler;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;

/**
 * Makes Artemis advertise {@code max-message-size} on the links clients send through: the Azure SDK
 * sizes its batches by it and, when it is missing, refuses every send as larger than 0 kb.
 * Thread-safe (stateless but for the size).
 */
final class MaxMessageSizePlugin implements ActiveMQServerConnectionPlugin {
    private final UnsignedLong size;

    MaxMessageSizePlugin(long bytes) {
        this.size = UnsignedLong.valueOf(bytes);
    }

    @Override
    public void afterCreateConnection(RemotingConnection connection) {
        if (connection instanceof ActiveMQProtonRemotingConnection amqp) {
            amqp.getAmqpConnection().getHandler().addEventHandler(new EventHandler() {
                @Override
                public void onRemoteOpen(Link link) {
                    advertise(link);
                }

                @Override
                public void onLocalOpen(Link link) {
                    advertise(link);
                }
            });
        }
    }

    private void advertise(Link link) {
        if (link instanceof Receiver && link.getMaxMessageSize() == null) {
            link.setMaxMessageSize(size);
        }
    }
}
