package com.dialer.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.schemas.DeadLetterHeaders;
import com.dialer.schemas.KnownSchemas;
import com.dialer.schemas.SchemaTopic;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rolling deploy where the writer goes first: a writer of CallEvent version N+1 (one more optional
 * field), made here and so unknown to this build, publishes its schema and writes; the running
 * status-processor, which has never seen N+1, applies the event and sends nothing to the DLQ. A record
 * whose schema nobody published still goes to the DLQ, with its reason in the headers.
 */
@ExtendWith(LocalStackExtension.class)
class SchemaUpgradeIT {

    @Test
    void aReaderThatNeverSawTheWritersNewSchemaReadsItAndOnlyAnUnreadableRecordIsDeadLettered(LocalStack stack) throws Exception {
        String prefix = LocalStack.uniquePrefix("schema-upgrade");
        TopicCatalog topics = TopicCatalog.of(prefix, 1);
        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        RedisKeys keys = new RedisKeys(prefix);
        Schema next = withOptionalField(CallEvent.getClassSchema(), "carrierNote");
        assertThat(KnownSchemas.shared().findByFingerprint(KnownSchemas.fingerprint(next))).as("N+1 unknown to this build").isNull();
        CallEvent upgraded = StackRuns.executor("acme", "upgrade:c1:1", CallStatus.DIALING, Instant.now());
        String unreadableKey = "upgrade:c2:1";

        try (Admin admin = stack.kafka().admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(topics.all());
            StatusConfig config = StackRuns.config(stack, stack.redis().uri(), prefix, prefix + "app", 1);
            RedisClient redisClient = RedisClient.create(stack.redis().uri());
            try (StartedStatusProcessor processor = StartedStatusProcessor.start(config, keys, StackRuns.overrides());
                 StatefulRedisConnection<String, String> redis = redisClient.connect()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> redis.sync().exists(keys.seededGlobal()) == 1);

                try (SchemaTopic writerSide = new SchemaTopic(topics, client, SchemaTopic.TIMEOUT)) {
                    assertThat(writerSide.find(KnownSchemas.fingerprint(CallEvent.getClassSchema())))
                            .as("the processor published its own schemas at start").isPresent();
                    writerSide.publish(List.of(next));
                }
                try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
                    String callEvents = topics.callEvents().name();
                    producer.send(new ProducerRecord<>(callEvents, upgraded.getAttemptId(), writtenWith(next, upgraded))).get(10, TimeUnit.SECONDS);
                    producer.send(new ProducerRecord<>(callEvents, unreadableKey, writtenByAStranger())).get(10, TimeUnit.SECONDS);
                }

                await().atMost(Duration.ofSeconds(60)).until(() -> "1".equals(redis.sync().hget(keys.attempt("acme", upgraded.getAttemptId()), "version")));
                assertThat(redis.sync().hget(keys.attempt("acme", upgraded.getAttemptId()), "state")).isEqualTo("DIALING");
                StackRuns.awaitConsumed(admin, config.applicationId(), topics.callEvents().name(), Duration.ofSeconds(60));
            } finally {
                redisClient.shutdown();
            }
        }

        List<ConsumerRecord<String, byte[]>> dead = readAll(stack, topics.dlq(topics.callEvents()).name());
        assertThat(dead).extracting(ConsumerRecord::key).containsExactly(unreadableKey);
        assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).contains("unknown schema fingerprint");
        assertThat(header(dead.get(0), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topics.callEvents().name());
        assertThat(header(dead.get(0), DeadLetterHeaders.SERVICE)).isEqualTo("status-processor");
    }

    /** Version N+1 of a record schema: one more optional field, null by default. */
    private static Schema withOptionalField(Schema current, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "added by version N+1", Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    private static byte[] writtenWith(Schema next, CallEvent event) throws Exception {
        GenericRecord record = new GenericData.Record(next);
        CallEvent.getClassSchema().getFields().forEach(f -> record.put(f.name(), event.get(f.name())));
        record.put("carrierNote", "written by N+1");
        // the generated model knows the logical types (timestamps as Instant) of the copied values
        return bytes(new BinaryMessageEncoder<GenericRecord>(SpecificData.getForClass(CallEvent.class), next).encode(record));
    }

    private static byte[] writtenByAStranger() throws Exception {
        Schema stranger = SchemaBuilder.record("Stranger").namespace("elsewhere").fields().requiredString("x").endRecord();
        GenericRecord record = new GenericData.Record(stranger);
        record.put("x", "no schema anyone published");
        return bytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), stranger).encode(record));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(LocalStack stack, String topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
