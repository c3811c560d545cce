package io.eventroute.runtime.endpoint.peers;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.protocol.amqp.broker.AMQPMessage;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.message.Message;

/**
 * An embedded Apache ActiveMQ Artemis broker on 127.0.0.1 speaking AMQP 1.0, made to look enough like
 * Service Bus and Event Hubs for the Azure SDK's senders (see {@link AzureAmqpShim} and
 * {@link MaxMessageSizePlugin}), reached with {@code UseDevelopmentEmulator=true} connection strings.
 * It can be stopped and started again on the same port. Tests read what arrived by browsing queues.
 * An event hub has {@link #PARTITIONS} partitions; a sender addressing one ({@code <hub>/Partitions/<id>},
 * as the SDK's buffered producer does) gets its own address and queue per partition, read with
 * {@link #partitionBatches} or, all partitions together, with {@link #messages}.
 * Not thread-safe: one test drives it.
 */
public final class ArtemisPeer implements AutoCloseable {
    /** Entities whose names start with this do not exist (the broker does not create them). */
    public static final String MISSING_PREFIX = "missing.";

    /** How many partitions an event hub has, as the management reply tells the SDK: ids "0" and "1". */
    public static final int PARTITIONS = 2;
    /** The message format of the Azure SDK's batch envelopes (Artemis keeps it as a signed int). */
    private static final int BATCH_FORMAT = 0x80013700;

    private final int port;
    private final Path directory;
    private EmbeddedActiveMQ broker;
    private AzureAmqpShim shim;

    private ArtemisPeer(int port, Path directory) {
        this.port = port;
        this.directory = directory;
    }

    /** Starts a broker on a free port. */
    public static ArtemisPeer start() throws Exception {
        ArtemisPeer peer = new ArtemisPeer(freePort(), Files.createTempDirectory("artemis-peer"));
        peer.startBroker();
        return peer;
    }

    /** The connection string of the broker's "namespace", with the emulator flag and a throw-away key. */
    public String connectionString() {
        return "Endpoint=sb://127.0.0.1:" + port + ";SharedAccessKeyName=RootManageSharedAccessKey;"
                + "SharedAccessKey=" + sharedAccessKey() + ";UseDevelopmentEmulator=true";
    }

    /** The key in {@link #connectionString()}, so tests can check it appears nowhere. */
    public String sharedAccessKey() {
        return "peer-secret-key-" + port;
    }

    /** Stops the broker, dropping every connection; stored messages survive a {@link #restart()}. */
    public void stop() throws Exception {
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }

    /** Starts the broker again on the same port after {@link #stop()}. */
    public void restart() throws Exception {
        stop();
        startBroker();
    }

    /** Whether the broker is running. */
    public boolean isRunning() {
        return broker != null;
    }

    /** The application properties of the {@code $cbs} and {@code $management} requests answered. */
    public List<java.util.Map<String, Object>> shimRequests() {
        return shim.requests();
    }

    /**
     * The messages now in queue {@code name} (the address a sender sent to), oldest first, decoded;
     * the SDK's batch envelopes are unpacked into the messages they carry, as the services do. For an
     * event hub, the messages sent to its partitions follow, partition by partition.
     */
    public List<Message> messages(String name) {
        List<Message> messages = new ArrayList<>();
        for (List<Message> envelope : stored(name)) {
            messages.addAll(envelope);
        }
        for (List<List<Message>> partition : partitionBatches(name).values()) {
            for (List<Message> envelope : partition) {
                messages.addAll(envelope);
            }
        }
        return messages;
    }

    /**
     * What was sent to each partition of event hub {@code hub} (by partition id, for those that got
     * anything): one list per AMQP message the broker stored, oldest first, holding the events it
     * carried (an SDK batch carries many, a plain message one).
     */
    public Map<String, List<List<Message>>> partitionBatches(String hub) {
        Map<String, List<List<Message>>> partitions = new TreeMap<>();
        for (int id = 0; id < PARTITIONS; id++) {
            List<List<Message>> batches = stored(hub + "/Partitions/" + id);
            if (!batches.isEmpty()) {
                partitions.put(Integer.toString(id), batches);
            }
        }
        return partitions;
    }

    private List<List<Message>> stored(String queueName) {
        Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of(queueName));
        List<List<Message>> envelopes = new ArrayList<>();
        if (queue == null) {
            return envelopes;
        }
        try (LinkedListIterator<MessageReference> refs = queue.browserIterator()) {
            while (refs.hasNext()) {
                AMQPMessage stored = (AMQPMessage) refs.next().getMessage();
                if ((int) stored.getMessageFormat() == BATCH_FORMAT) {
                    envelopes.add(unpackBatch(stored.getSendBuffer(0, null)));
                } else {
                    Message message = Message.Factory.create();
                    message.decode(stored.getSendBuffer(0, null));
                    envelopes.add(List.of(message));
                }
            }
        }
        return envelopes;
    }

    /** Waits until queue {@code name} holds at least {@code count} messages, then returns them all. */
    public List<Message> awaitMessages(String name, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Message> messages = messages(name);
        while (messages.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            messages = messages(name);
        }
        return messages;
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("the broker did not stop cleanly", e);
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void startBroker() throws Exception {
        Configuration config = new ConfigurationImpl()
                // Persistent, so what arrived before a stop is still there after the restart.
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalFileSize(1024 * 1024)
                .setJournalMinFiles(2)
                .setJournalPoolFiles(2)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setJournalDirectory(directory.resolve("journal").toString())
                .setBindingsDirectory(directory.resolve("bindings").toString())
                .setLargeMessagesDirectory(directory.resolve("large").toString())
                .setPagingDirectory(directory.resolve("paging").toString())
                .addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP");
        // Auto-created addresses must be anycast: a multicast address without subscribers drops messages.
        config.addAddressSetting("#", new AddressSettings()
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST));
        // Entities that do not exist, as on a namespace without them.
        config.addAddressSetting(MISSING_PREFIX + "#", new AddressSettings()
                .setAutoCreateQueues(false)
                .setAutoCreateAddresses(false));
        config.registerBrokerPlugin(new MaxMessageSizePlugin(1024 * 1024));
        EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
        embedded.setConfiguration(config);
        embedded.start();
        shim = new AzureAmqpShim(embedded.getActiveMQServer(), PARTITIONS);
        embedded.getActiveMQServer().getRemotingService().addIncomingInterceptor(shim);
        broker = embedded;
    }

    private static List<Message> unpackBatch(ReadableBuffer envelope) {
        // A batch is one message whose data sections each hold a whole encoded message.
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        decoder.setBuffer(envelope);
        List<Message> messages = new ArrayList<>();
        while (envelope.hasRemaining()) {
            Object section = decoder.readObject();
            if (section instanceof Data data) {
                Binary binary = data.getValue();
                Message message = Message.Factory.create();
                message.decode(binary.getArray(), binary.getArrayOffset(), binary.getLength());
                messages.add(message);
            }
        }
        return messages;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
