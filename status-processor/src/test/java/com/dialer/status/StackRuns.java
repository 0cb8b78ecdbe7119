package com.dialer.status;

import static org.awaitility.Awaitility.await;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.avro.EventSource;
import com.dialer.schemas.Topic;
import com.dialer.stack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/** What the status-processor ITs share: settings, call events as the executor and the bridge write them, waiting for a run. */
final class StackRuns {
    private StackRuns() {
    }

    static StatusConfig config(LocalStack stack, String redisUri, String topicPrefix, String appId, int partitions) {
        return StatusConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(), "REDIS_URI", redisUri,
                "TOPIC_PREFIX", topicPrefix, "TOPIC_PARTITIONS", Integer.toString(partitions),
                "APPLICATION_ID", appId, "RESEED_CHECK_INTERVAL_MS", "200", "REAPER_INTERVAL_MS", "500"));
    }

    static Properties overrides() {
        Properties p = new Properties();
        try {
            p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("status-it").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.put(StreamsConfig.consumerPrefix("max.poll.records"), 200);
        return p;
    }

    static CallEvent executor(String client, String attemptId, CallStatus status, Instant at) {
        AttemptId id = AttemptId.parse(attemptId, null).orElseThrow();
        return CallEvent.newBuilder().setEventId(attemptId + ":executor:" + status).setAttemptId(attemptId)
                .setCampaignId(id.campaignId()).setClientId(client).setContactId(id.contactId())
                .setPhoneNumber(phone(attemptId)).setAttemptNumber(id.attemptNumber()).setStatus(status)
                .setSource(EventSource.EXECUTOR).setOccurredAt(at).setPlivoRequestUuid("req-" + attemptId)
                .setRingTimeoutSeconds(30).setTimeLimitSeconds(600).build();
    }

    static CallEvent webhook(String client, String attemptId, CallStatus status, Instant at) {
        CallEvent.Builder b = CallEvent.newBuilder().setEventId(attemptId + ":webhook:" + status).setAttemptId(attemptId)
                .setClientId(client).setStatus(status).setSource(EventSource.WEBHOOK).setOccurredAt(at)
                .setPlivoCallUuid("call-" + attemptId);
        if (CallStateMachine.isFinal(status)) {
            b.setHangupCause(status == CallStatus.COMPLETED ? "NORMAL_CLEARING" : status.name()).setDurationSeconds(
                    status == CallStatus.COMPLETED ? 37 : 0);
        }
        return b.build();
    }

    static String phone(String attemptId) {
        return "+1415" + String.format("%07d", Math.floorMod(attemptId.hashCode(), 10_000_000));
    }

    static void produce(LocalStack stack, Topic<String, CallEvent> topic, List<CallEvent> events) throws Exception {
        try (KafkaProducer<String, CallEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), topic.valueSerde().serializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (CallEvent e : events) {
                sent.add(producer.send(new ProducerRecord<>(topic.name(), e.getAttemptId(), e)));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(); // a record the broker did not store fails the test here, not as a wrong count later
            }
        }
    }

    /** Waits until the application committed every record of the topic: Redis was written before each commit. */
    static void awaitConsumed(Admin admin, String appId, String topic, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                    .partitionsToOffsetAndMetadata().get();
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
        });
    }
}
