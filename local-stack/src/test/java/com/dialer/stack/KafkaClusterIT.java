package com.dialer.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 3-node SASL_SSL cluster: its user gets in and a wrong password does not; a topic created without
 * settings gets 3 replicas and min.insync.replicas 2; with the leader of most partitions killed by
 * SIGKILL, then the next one stopped with SIGTERM, every acks=all write is still taken, and each node started
 * again on its data rejoins every ISR.
 */
class KafkaClusterIT {
    private static KafkaCluster cluster;

    @BeforeAll
    static void start() {
        cluster = KafkaCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Map<String, Object> client(Properties security) {
        Map<String, Object> config = new HashMap<>();
        security.forEach((k, v) -> config.put((String) k, v));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return config;
    }

    @Test
    void aWrongScramPasswordIsRefusedAsAnAuthenticationFailure() {
        try (Admin admin = Admin.create(client(cluster.clientProperties("not-the-password")))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void writesAreTakenWhileTheLeaderIsKilledOrStoppedAndEachNodeRejoinsOnItsData() throws Exception {
        String topic = LocalStack.uniquePrefix("cluster") + "topic";
        try (Admin admin = Admin.create(client(cluster.clientProperties()))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) -1))).all().get(60, TimeUnit.SECONDS);
            cluster.leaderOfMostPartitions(topic); // waits until the new topic's metadata reached the brokers
            assertThat(eventually(() -> admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)).partitions())
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(eventually(() -> admin.describeConfigs(List.of(resource)).all().get().get(resource))
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2");
        }

        Map<String, Object> producerConfig = client(cluster.clientProperties());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        int leader = cluster.leaderOfMostPartitions(topic);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "before-" + i)).get(60, TimeUnit.SECONDS);
            }
            cluster.kill(leader);
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "during-" + i)).get(120, TimeUnit.SECONDS);
            }
            cluster.startAgain(leader);
            try (Admin admin = cluster.admin()) {
                awaitEveryReplicaInSync(admin, topic);
            }
            // a graceful stop (SIGTERM) of the node leading most partitions now: the same, with a controlled shutdown
            int next = cluster.leaderOfMostPartitions(topic);
            cluster.stop(next);
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "stopped-" + i)).get(120, TimeUnit.SECONDS);
            }
            cluster.startAgain(next);
        }

        try (Admin admin = cluster.admin()) {
            awaitEveryReplicaInSync(admin, topic);
        }
        Map<String, Object> consumerConfig = client(cluster.clientProperties());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            for (int polls = 0; polls < 600 && read.size() < 300; polls++) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    read.add(record.value());
                }
            }
        }
        assertThat(read).hasSize(300).doesNotHaveDuplicates();
    }

    /** {@code ask}'s answer once the broker asked knows the new topic (metadata reaches each broker in its own time). */
    private static <T> T eventually(Callable<T> ask) throws Exception {
        for (int tries = 1; ; tries++) {
            try {
                return ask.call();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || tries == 150) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static void awaitEveryReplicaInSync(Admin admin, String topic) throws Exception {
        for (int tries = 0; tries < 300; tries++) {
            boolean inSync = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().stream().allMatch(p -> p.isr().size() == 3);
            if (inSync) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the restarted node did not rejoin every ISR of " + topic);
    }
}
