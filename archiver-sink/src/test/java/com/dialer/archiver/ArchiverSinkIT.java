package com.dialer.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.avro.CallRecord;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.Disposition;
import com.dialer.schemas.SchemaTopic;
import com.dialer.schemas.Topic;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.FreePort;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;
import com.dialer.state.attempt.AttemptProjection;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

/**
 * The archiver in a real Connect worker on the local stack: the worker loads the packaged plugin
 * from plugin.path, consumes real topics and writes to the local MongoDB.
 */
@ExtendWith(LocalStackExtension.class)
class ArchiverSinkIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Duration HOT_WINDOW = Duration.ofDays(30);
    private static final Duration AFTER_ARCHIVE = Duration.ofHours(1);

    private static LocalStack stack;
    private static ConnectWorker worker;
    private static MongoClient mongo;

    @BeforeAll
    static void startWorker(LocalStack localStack) throws Exception {
        stack = localStack;
        worker = new ConnectWorker(stack.bootstrapServers());
        mongo = MongoClients.create(stack.mongo().connectionString());
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void theWorkerLoadsTheArchiverFromThePackagedPluginDirectoryOnly() throws Exception {
        try (var jars = Files.list(ConnectWorker.PLUGIN_PATH.resolve("archiver-sink"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("archiver-sink-"))
                    .anyMatch(n -> n.startsWith("mongodb-driver-sync-"))
                    .anyMatch(n -> n.startsWith("dialer-state-") || n.startsWith("lettuce-core-"))
                    .noneMatch(n -> n.startsWith("kafka-clients") || n.startsWith("connect-api"))
                    .as("the services' HTTP server and metrics stay out of the plugin")
                    .noneMatch(n -> n.startsWith("jetty-") || n.startsWith("micrometer-") || n.startsWith("dialer-http-"));
        }
        assertThatThrownBy(() -> Class.forName("com.dialer.archiver.ArchiverSinkConnector"))
                .as("the connector must come from plugin.path, not from the test class path")
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void everyRecordBecomesOneDocumentAndAReplayOfTheTopicAddsNone() throws Exception {
        Archive archive = new Archive("replay");
        int n = 5_000;
        List<CallRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(CallRecords.finished("a-" + i, "camp-" + (i % 4), "client-" + (i % 2),
                    i % 3 == 0 ? Disposition.ANSWERED : Disposition.NO_ANSWER, CallRecords.BASE.plusSeconds(i),
                    i % 3 == 0 ? 30 + i % 60 : null));
        }
        archive.produceCalls(records);
        archive.produceSummaries(List.of(CallRecords.summary("camp-0", "client-0", 3, 1)));

        long started = System.nanoTime();
        archive.startConnector("archive-first");
        Eventually.await("the first call document", PATIENCE, () -> archive.calls().countDocuments() > 0);
        long firstWritten = System.nanoTime();
        long alreadyWritten = archive.calls().countDocuments();
        Eventually.await(n + " call documents", PATIENCE, () -> archive.calls().countDocuments() == n);
        long done = System.nanoTime();
        double total = (done - started) / 1e9;
        double steady = (done - firstWritten) / 1e9;
        System.out.printf("archiver-sink throughput: %d records in %.2f s from connector start = %.0f records/s "
                + "(includes task start-up and group join); steady %d records in %.2f s = %.0f records/s%n",
                n, total, n / total, n - alreadyWritten, steady, (n - alreadyWritten) / Math.max(steady, 1e-3));
        Eventually.await("the campaign document", PATIENCE, () -> archive.campaigns().countDocuments() == 1);

        Document a7 = archive.calls().find(Filters.eq("_id", "a-7")).first();
        assertThat(a7).containsEntry("attemptId", "a-7").containsEntry("campaignId", "camp-3")
                .containsEntry("endedAt", Date.from(CallRecords.BASE.plusSeconds(7)))
                .containsEntry("disposition", "NO_ANSWER");

        // a replay: a new connector (new consumer group) reads the topic again from the start
        worker.delete("archive-first");
        archive.calls().updateOne(Filters.eq("_id", "a-7"), Updates.set("tampered", true));
        archive.startConnector("archive-replay");
        Eventually.await("the replay to rewrite a-7", PATIENCE,
                () -> !archive.calls().find(Filters.eq("_id", "a-7")).first().containsKey("tampered"));
        Eventually.await("the replay to reach the end of the topic", PATIENCE, () -> archive.consumedToEnd("archive-replay"));

        assertThat(archive.calls().countDocuments()).isEqualTo(n);
        assertThat(archive.campaigns().countDocuments()).isEqualTo(1);
        worker.delete("archive-replay");
    }

    @Test
    void onceTheArchiveHoldsACallItsHotCopyShrinksToTheWindowAndALiveOneKeepsItsOwn() throws Exception {
        Archive archive = new Archive("hot");
        AttemptProjection projection = new AttemptProjection(archive.keys, HOT_WINDOW);
        List<CallRecord> records = new ArrayList<>();
        try (RedisConnection redis = RedisConnection.open("REDIS_URI", stack.redis().uri())) {
            for (int i = 0; i < 20; i++) {
                String attemptId = "camp-0:k" + i + ":1";
                // the last one's projection lags: still RINGING in Redis when its record is archived
                boolean finished = i < 19;
                projection.apply(redis.sync(), new AttemptProjection.Change("client-0", "camp-0", attemptId, 1,
                        finished ? "NO_ANSWER" : "RINGING", 1_000L, finished
                                ? Map.of("attemptId", attemptId, "finalStatus", "NO_ANSWER")
                                : Map.of("attemptId", attemptId)));
                records.add(CallRecords.finished(attemptId, "camp-0", "client-0", Disposition.NO_ANSWER,
                        CallRecords.BASE.plusSeconds(i), null));
            }
            archive.produceCalls(records);
            archive.startConnector("archive-hot");
            Eventually.await("20 call documents", PATIENCE, () -> archive.calls().countDocuments() == 20);
            Eventually.await("the archived hot copies to shrink", PATIENCE, () -> records.stream().limit(19)
                    .allMatch(r -> redis.sync().ttl(archive.keys.attempt("client-0", r.getAttemptId())) <= AFTER_ARCHIVE.toSeconds()));

            assertThat(redis.sync().ttl(archive.keys.attempt("client-0", "camp-0:k0:1"))).isPositive();
            assertThat(redis.sync().ttl(archive.keys.attempt("client-0", "camp-0:k19:1")))
                    .as("a live attempt keeps its hot window").isGreaterThan(AFTER_ARCHIVE.toSeconds());
        }
        worker.delete("archive-hot");
    }

    @Test
    void anUnreachableRedisNeitherFailsNorHoldsUpTheArchive() throws Exception {
        Archive archive = new Archive("noredis");
        archive.redisUri = "redis://127.0.0.1:" + FreePort.next();
        int n = 500;
        List<CallRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(CallRecords.finished("camp-0:k" + i + ":1", "camp-0", "client-0", Disposition.BUSY,
                    CallRecords.BASE.plusSeconds(i), null));
        }
        archive.produceCalls(records);

        archive.startConnector("archive-noredis");

        Eventually.await(n + " call documents with no Redis", PATIENCE, () -> archive.calls().countDocuments() == n);
        Eventually.await("the archive to reach the end of the topic", PATIENCE, () -> archive.consumedToEnd("archive-noredis"));
        worker.delete("archive-noredis");
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterQueueWithItsReasonAndTheRestAreWritten() throws Exception {
        Archive archive = new Archive("poison");
        List<CallRecord> before = new ArrayList<>();
        List<CallRecord> after = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            before.add(CallRecords.answered("b-" + i, "camp-p", "client-p", CallRecords.BASE, 20));
            after.add(CallRecords.answered("c-" + i, "camp-p", "client-p", CallRecords.BASE, 20));
        }
        archive.produceCalls(before);
        archive.produceRaw(archive.catalog.callRecords().name(), "poison-1", "not avro".getBytes(StandardCharsets.UTF_8));
        archive.produceCalls(after);

        archive.startConnector("archive-poison");
        Eventually.await("20 good documents", PATIENCE, () -> archive.calls().countDocuments() == 20);

        List<ConsumerRecord<byte[], byte[]>> dead = archive.readDeadLetters(1);
        assertThat(dead).hasSize(1);
        ConsumerRecord<byte[], byte[]> poison = dead.get(0);
        assertThat(new String(poison.key(), StandardCharsets.UTF_8)).isEqualTo("poison-1");
        Map<String, String> headers = new HashMap<>();
        for (Header h : poison.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsEntry("__connect.errors.topic", archive.catalog.callRecords().name());
        assertThat(headers.get("__connect.errors.exception.class.name")).contains("AvroDecodingException");
        assertThat(headers.get("__connect.errors.exception.message")).isNotBlank();
        assertThat(archive.calls().countDocuments(Filters.eq("_id", "poison-1"))).isZero();
        worker.delete("archive-poison");
    }

    @Test
    void aCallRecordWrittenByANewerBuildIsArchivedThroughItsPublishedSchema() throws Exception {
        Archive archive = new Archive("upgrade");
        Schema next = withOptionalField(CallRecord.getClassSchema(), "carrierNote");
        try (SchemaTopic writerSide = new SchemaTopic(archive.catalog, Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers()), SchemaTopic.TIMEOUT)) {
            writerSide.publish(List.of(next));
        }
        CallRecord call = CallRecords.answered("n-1", "camp-n", "client-n", CallRecords.BASE, 30);
        GenericRecord written = new GenericData.Record(next);
        CallRecord.getClassSchema().getFields().forEach(f -> written.put(f.name(), call.get(f.name())));
        written.put("carrierNote", "written by N+1");
        // the generated model knows the logical types (timestamps as Instant) of the copied values
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(SpecificData.getForClass(CallRecord.class), next).encode(written);
        byte[] value = new byte[bytes.remaining()];
        bytes.get(value);
        archive.produceRaw(archive.catalog.callRecords().name(), call.getAttemptId(), value);

        archive.startConnector("archive-upgrade");
        Eventually.await("the N+1 call archived", PATIENCE, () -> archive.calls().countDocuments(Filters.eq("_id", "n-1")) == 1);

        Eventually.await("the topics consumed to their end", PATIENCE, () -> archive.consumedToEnd("archive-upgrade"));
        try (Admin admin = stack.kafka().admin()) {
            TopicPartition dead = new TopicPartition(archive.dlq.name(), 0);
            assertThat(admin.listOffsets(Map.of(dead, OffsetSpec.latest())).all().get().get(dead).offset()).as("DLQ records").isZero();
        }
        worker.delete("archive-upgrade");
    }

    /** Version N+1 of a record schema: one more optional field, null by default. */
    private static Schema withOptionalField(Schema current, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "added by version N+1", Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    @Test
    void theSampleAnalystQueriesReturnTheArchivedTotals() throws Exception {
        Archive archive = new Archive("analyst");
        List<CallRecord> records = List.of(
                CallRecords.answered("q-1", "camp-a", "client-x", CallRecords.BASE.plusSeconds(60), 40),
                CallRecords.answered("q-2", "camp-a", "client-x", CallRecords.BASE.plusSeconds(3_700), 80),
                CallRecords.finished("q-3", "camp-a", "client-x", Disposition.BUSY, CallRecords.BASE.plusSeconds(3_800), null),
                CallRecords.finished("q-4", "camp-a", "client-x", Disposition.NO_ANSWER, CallRecords.BASE.plusSeconds(3_900), null),
                CallRecords.answered("q-5", "camp-b", "client-y", CallRecords.BASE.plusSeconds(120), 10));
        archive.produceCalls(records);
        archive.startConnector("archive-analyst");
        Eventually.await("5 call documents", PATIENCE, () -> archive.calls().countDocuments() == 5);

        List<Document> answerRate = AnalystQueries.answerRateByCampaign(archive.calls());
        assertThat(answerRate).extracting(d -> d.get("_id")).containsExactly("camp-a", "camp-b");
        assertThat(answerRate.get(0)).containsEntry("attempts", 4).containsEntry("answered", 2);
        assertThat(((Number) answerRate.get(0).get("answerRate")).doubleValue()).isEqualTo(0.5);
        assertThat(((Number) answerRate.get(1).get("answerRate")).doubleValue()).isEqualTo(1.0);

        List<Document> perHour = AnalystQueries.volumeByHour(archive.calls(), "camp-a");
        assertThat(perHour).extracting(d -> d.get("_id", Document.class).get("hour")).containsExactly(9, 10);
        assertThat(perHour).extracting(d -> d.get("calls")).containsExactly(1, 3);

        Map<Object, Double> talk = AnalystQueries.averageTalkTimeByClient(archive.calls()).stream()
                .collect(Collectors.toMap(d -> d.get("_id"), d -> ((Number) d.get("averageTalkSeconds")).doubleValue()));
        assertThat(talk).containsExactlyInAnyOrderEntriesOf(Map.of("client-x", 60.0, "client-y", 10.0));
        worker.delete("archive-analyst");
    }

    /** One test's isolated topics, database and connector configuration. */
    private static final class Archive {

        final TopicCatalog catalog;
        final Topic<byte[], byte[]> dlq;
        final MongoDatabase database;
        final RedisKeys keys;
        String redisUri = stack.redis().uri();

        Archive(String name) throws Exception {
            String prefix = LocalStack.uniquePrefix(name);
            keys = new RedisKeys(prefix + ":");
            catalog = TopicCatalog.of(prefix, 2);
            dlq = catalog.dlq(catalog.callRecords());
            database = mongo.getDatabase(prefix.replace('-', '_').replace('.', '_'));
            provision(List.of(catalog.callRecords(), catalog.campaignSummaries(), dlq, catalog.schemas()));
        }

        /**
         * TopicProvisioner describes the topics right after creating them and can see
         * UnknownTopicOrPartition while the new metadata propagates; ensure() is idempotent, so retry.
         */
        private static void provision(List<Topic<?, ?>> topics) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            try (Admin admin = stack.kafka().admin()) {
                while (true) {
                    try {
                        new TopicProvisioner(admin, (short) 1).ensure(topics);
                        return;
                    } catch (IllegalStateException e) {
                        if (System.nanoTime() > deadline) {
                            throw e;
                        }
                        Thread.sleep(200);
                    }
                }
            }
        }

        MongoCollection<Document> calls() {
            return database.getCollection(ArchiveWriterNames.CALLS);
        }

        MongoCollection<Document> campaigns() {
            return database.getCollection(ArchiveWriterNames.CAMPAIGNS);
        }

        void startConnector(String name) throws Exception {
            worker.start(name, Map.ofEntries(
                    Map.entry("connector.class", "com.dialer.archiver.ArchiverSinkConnector"),
                    Map.entry("tasks.max", "1"),
                    Map.entry("topics", catalog.callRecords().name() + "," + catalog.campaignSummaries().name()),
                    Map.entry("mongodb.connection.uri", stack.mongo().connectionString()),
                    Map.entry("mongodb.database", database.getName()),
                    Map.entry("archiver.call-records.topic", catalog.callRecords().name()),
                    Map.entry("archiver.campaign-summaries.topic", catalog.campaignSummaries().name()),
                    Map.entry("archiver.schema.bootstrap.servers", stack.bootstrapServers()),
                    Map.entry("archiver.schema.topic", catalog.schemas().name()),
                    Map.entry("archiver.redis.uri", redisUri),
                    Map.entry("archiver.redis.key.prefix", keys.prefix()),
                    Map.entry("archiver.hot.after.archive.seconds", Long.toString(AFTER_ARCHIVE.toSeconds())),
                    Map.entry("errors.tolerance", "all"),
                    Map.entry("errors.log.enable", "true"),
                    Map.entry("errors.deadletterqueue.topic.name", dlq.name()),
                    Map.entry("errors.deadletterqueue.topic.replication.factor", "1"),
                    Map.entry("errors.deadletterqueue.context.headers.enable", "true")));
        }

        void produceCalls(List<CallRecord> records) {
            try (var producer = producer()) {
                for (CallRecord r : records) {
                    producer.send(new ProducerRecord<>(catalog.callRecords().name(), r.getAttemptId(),
                            catalog.callRecords().valueSerde().serializer().serialize(catalog.callRecords().name(), r)));
                }
            }
        }

        void produceSummaries(List<CampaignSummary> summaries) {
            Topic<String, CampaignSummary> topic = catalog.campaignSummaries();
            try (var producer = producer()) {
                for (CampaignSummary s : summaries) {
                    producer.send(new ProducerRecord<>(topic.name(), s.getCampaignId(),
                            topic.valueSerde().serializer().serialize(topic.name(), s)));
                }
            }
        }

        void produceRaw(String topic, String key, byte[] value) {
            try (var producer = producer()) {
                producer.send(new ProducerRecord<>(topic, key, value));
            }
        }

        private KafkaProducer<String, byte[]> producer() {
            return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                    new StringSerializer(), new ByteArraySerializer());
        }

        /** True once the connector's consumer group has committed the end offset of every partition. */
        boolean consumedToEnd(String connector) {
            try (Admin admin = stack.kafka().admin()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (String topic : List.of(catalog.callRecords().name(), catalog.campaignSummaries().name())) {
                    for (int p = 0; p < catalog.partitions(); p++) {
                        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                    }
                }
                var ends = admin.listOffsets(latest).all().get();
                return ends.entrySet().stream().allMatch(e -> {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    return e.getValue().offset() == 0 || (c != null && c.offset() >= e.getValue().offset());
                });
            } catch (Exception e) {
                return false;
            }
        }

        List<ConsumerRecord<byte[], byte[]>> readDeadLetters(int expected) throws InterruptedException {
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, catalog.prefix() + "dlq-reader",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(dlq.name()));
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (read.size() < expected && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                }
                // one more poll: a second dead letter would have come with the first
                consumer.poll(Duration.ofMillis(500)).forEach(read::add);
            }
            return read;
        }
    }
}
