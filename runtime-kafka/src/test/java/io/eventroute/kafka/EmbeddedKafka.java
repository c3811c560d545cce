package io.eventroute.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-node KRaft Kafka (combined broker and controller) in the test JVM, with transactions enabled at
 * replication factor 1. The only user of Kafka's test kit, which is internal Kafka API: when it changes,
 * only this class does.
 */
final class EmbeddedKafka {
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static EmbeddedKafka start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "2")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "2")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster);
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates topics ({@code name -> partitions}); names ending in "routes" are compacted. */
    void createTopics(Map<String, Integer> partitions) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = new ArrayList<>();
            partitions.forEach((name, n) -> {
                NewTopic t = new NewTopic(name, n, (short) 1);
                if (name.endsWith("routes")) {
                    t.configs(Map.of("cleanup.policy", "compact"));
                }
                topics.add(t);
            });
            admin.createTopics(topics).all().get();
            // Right after start-up a new partition may have no leader yet; a producer that caches that waits
            // until its batches expire (seen here: 120 s, then lost input records). Wait for every leader.
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!allLed(admin, partitions.keySet())) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("topics without a leader after 30 s: " + partitions.keySet());
                }
                Thread.sleep(50);
            }
        }
    }

    private static boolean allLed(Admin admin, Set<String> topics) throws Exception {
        java.util.Collection<TopicDescription> descriptions;
        try {
            descriptions = admin.describeTopics(topics).allTopicNames().get().values();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return false; // created, but the metadata has not reached the broker that answered yet
            }
            throw e;
        }
        for (TopicDescription d : descriptions) {
            for (TopicPartitionInfo p : d.partitions()) {
                if (p.leader() == null || p.leader().isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    void close() throws Exception {
        cluster.close();
    }
}
