package com.dialer.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.avro.EventSource;
import com.dialer.schemas.Topic;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.schemas.TopicReplication;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;

@ExtendWith(LocalStackExtension.class)
class LocalStackIT {

    @Test
    void provisioningTheCatalogTwiceCreatesEveryTopicOnce(LocalStack stack) throws Exception {
        TopicCatalog catalog = TopicCatalog.of(LocalStack.uniquePrefix("catalog"), 2);
        try (Admin admin = stack.kafka().admin()) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, (short) 1);
            assertThat(provisioner.ensure(catalog.all())).hasSize(catalog.all().size());
            assertThat(provisioner.ensure(catalog.all())).isEmpty();
            assertThat(admin.listTopics().names().get()).containsAll(catalog.all().stream().map(Topic::name).toList());
        }
    }

    @Test
    void topicsAskedForThreeReplicasOnOneBrokerAreCreatedWithOneAndCarryTheirMinInsyncReplicas(LocalStack stack) throws Exception {
        Topic<?, ?> topic = TopicCatalog.of(LocalStack.uniquePrefix("replicas"), 2).dialRequests();
        try (Admin admin = stack.kafka().admin()) {
            new TopicProvisioner(admin, new TopicReplication((short) 3, 2)).ensure(List.of(topic));

            TopicDescription created = admin.describeTopics(List.of(topic.name())).allTopicNames().get().get(topic.name());
            assertThat(created.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
            ConfigEntry minInsync = admin.describeConfigs(List.of(resource)).all().get().get(resource).get("min.insync.replicas");
            assertThat(minInsync.value()).isEqualTo("1");
            assertThat(minInsync.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        }
    }

    /**
     * KAFKA-15591: an idempotent producer writing to a partition its broker has not started leading
     * loses a batch silently. Provisioning returns only once every partition is served, so an
     * immediate burst of pipelined batches is stored whole, on each of several fresh topics.
     */
    @Test
    void aBurstRightAfterProvisioningIsStoredWhole(LocalStack stack) throws Exception {
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.BATCH_SIZE_CONFIG, 512, ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        try (Admin admin = stack.kafka().admin();
             var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            for (int round = 0; round < 3; round++) {
                Topic<?, ?> topic = TopicCatalog.of(LocalStack.uniquePrefix("burst"), 4).callEvents();
                new TopicProvisioner(admin, (short) 1).ensure(List.of(topic));
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    sent.add(producer.send(new ProducerRecord<>(topic.name(), "k-" + i, "value-" + i)));
                }
                for (var f : sent) {
                    f.get(); // throws when a batch was expired instead of stored
                }
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                for (int p = 0; p < 4; p++) {
                    ends.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
                }
                long stored = admin.listOffsets(ends).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
                assertThat(stored).as("records stored on %s", topic.name()).isEqualTo(2_000);
            }
        }
    }

    @Test
    void aCommittedTransactionIsReadAndAnAbortedOneIsNot(LocalStack stack) throws Exception {
        TopicCatalog catalog = TopicCatalog.of(LocalStack.uniquePrefix("tx"), 1);
        Topic<String, CallEvent> events = catalog.callEvents();
        try (Admin admin = stack.kafka().admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(List.of(events));
        }
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, catalog.prefix() + "smoke",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), events.valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(events.name(), "a-1", event("a-1", CallStatus.RINGING)));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(events.name(), "a-2", event("a-2", CallStatus.COMPLETED)));
            producer.commitTransaction();
        }

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, catalog.prefix() + "reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, CallEvent>> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), events.valueSerde().deserializer())) {
            consumer.subscribe(List.of(events.name()));
            long deadline = System.currentTimeMillis() + 20_000;
            while (read.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            // one more poll: an aborted record would have arrived with the committed one
            consumer.poll(Duration.ofMillis(500)).forEach(read::add);
        }
        assertThat(read).extracting(ConsumerRecord::key).containsExactly("a-2");
        assertThat(read.get(0).value().getStatus()).isEqualTo(CallStatus.COMPLETED);
    }

    @Test
    void redisRunsLuaAndComesBackEmptyAfterARestart(LocalStack stack) {
        RedisClient client = RedisClient.create(stack.redis().uri());
        try (var connection = client.connect()) {
            var redis = connection.sync();
            String key = LocalStack.uniquePrefix("lua") + "{k}";
            Long value = redis.eval("return redis.call('INCRBY', KEYS[1], ARGV[1])", ScriptOutputType.INTEGER,
                    new String[] {key}, "41");
            assertThat(value).isEqualTo(41L);
            assertThat(redis.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "noeviction");

            stack.redis().restartEmpty();

            assertThat(redis.get(key)).as("after a restart Redis is empty").isNull();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void redisRunsInASessionOfItsOwnSoATerminalsCtrlCLeavesItToTheStackToStop(LocalStack stack) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/setsid"))
                || java.nio.file.Files.isExecutable(java.nio.file.Path.of("/bin/setsid")), "no setsid on this machine");
        long pid = stack.redis().pid();
        assertThat(sessionOf(pid)).isEqualTo(pid).isNotEqualTo(sessionOf(ProcessHandle.current().pid()));
    }

    /** Field 6 of /proc/PID/stat: the session id (the fields after the command name, which may hold spaces). */
    private static long sessionOf(long pid) throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }

    @Test
    void aRestartedBrokerKeepsItsDataAndAddress(LocalStack stack) throws Exception {
        String topic = LocalStack.uniquePrefix("restart") + "t";
        try (Admin admin = stack.kafka().admin()) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
        }
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "before")).get();
        }

        stack.kafka().restart();

        try (Admin admin = stack.kafka().admin()) {
            var offsets = admin.listOffsets(Map.of(new org.apache.kafka.common.TopicPartition(topic, 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get();
            assertThat(offsets.values()).singleElement().satisfies(o -> assertThat(o.offset()).isEqualTo(1));
        }
    }

    @Test
    void mongoUpsertsAreIdempotentAndReadBack(LocalStack stack) {
        try (var client = MongoClients.create(stack.mongo().connectionString())) {
            var calls = client.getDatabase(LocalStack.uniquePrefix("db").replace('-', '_')).getCollection("calls");
            Document doc = new Document("_id", "a-1").append("disposition", "ANSWERED").append("durationSeconds", 42);
            calls.replaceOne(Filters.eq("_id", "a-1"), doc, new ReplaceOptions().upsert(true));
            calls.replaceOne(Filters.eq("_id", "a-1"), doc, new ReplaceOptions().upsert(true));

            assertThat(calls.countDocuments()).isEqualTo(1);
            assertThat(calls.find(Filters.eq("_id", "a-1")).first()).containsEntry("durationSeconds", 42);
        }
    }

    @Test
    void aStoppedMongoRefusesClientsAndComesBackOnItsPortWithItsData() {
        try (MongoServer mongo = MongoServer.start()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(mongo.isEmbedded(), "only the in-JVM wire server can be stopped");
            var settings = com.mongodb.MongoClientSettings.builder()
                    .applyConnectionString(new com.mongodb.ConnectionString(mongo.connectionString()))
                    .applyToClusterSettings(c -> c.serverSelectionTimeout(3, java.util.concurrent.TimeUnit.SECONDS))
                    .build();
            try (var client = MongoClients.create(settings)) {
                var calls = client.getDatabase("outage").getCollection("calls");
                calls.insertOne(new Document("_id", "before"));

                mongo.stop();
                assertThat(mongo.isRunning()).isFalse();
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> calls.insertOne(new Document("_id", "during")))
                        .isInstanceOf(com.mongodb.MongoException.class);

                mongo.startAgain();
                calls.insertOne(new Document("_id", "after"));
                assertThat(calls.find().map(d -> d.getString("_id")).into(new ArrayList<>()))
                        .containsExactlyInAnyOrder("before", "after");
            }
        }
    }

    @Test
    void everyServerListensOnLoopbackOnly(LocalStack stack) throws Exception {
        assertThat(stack.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        int kafkaPort = Integer.parseInt(stack.bootstrapServers().split(":")[1]);
        int redisPort = stack.redis().port();
        // reached through any other address of this machine, nothing answers
        for (var address : otherLocalAddresses()) {
            assertThat(connects(address, kafkaPort)).as("kafka on %s", address).isFalse();
            assertThat(connects(address, redisPort)).as("redis on %s", address).isFalse();
        }
        assertThat(stack.redis().uri()).startsWith("redis://127.0.0.1:");
        if (stack.mongo().isEmbedded()) {
            assertThat(stack.mongo().connectionString()).startsWith("mongodb://127.0.0.1:");
        }
    }

    private static List<java.net.InetAddress> otherLocalAddresses() throws java.net.SocketException {
        return java.net.NetworkInterface.networkInterfaces()
                .flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address)
                .toList();
    }

    private static boolean connects(java.net.InetAddress address, int port) {
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), 500);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }

    private static CallEvent event(String attemptId, CallStatus status) {
        return CallEvent.newBuilder().setEventId(attemptId + "-" + status).setAttemptId(attemptId).setStatus(status)
                .setSource(EventSource.WEBHOOK).setOccurredAt(java.time.Instant.now()).build();
    }
}
