package com.dialer.bench.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.dialer.avro.DialRequest;
import com.dialer.launcher.demo.ConsumerReader;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.Topic;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * End-to-end latency, release → final state in Redis, without touching the pipeline: the scheduler's
 * release time is the dial request's {@code releasedAt} (read from dial-requests, every partition,
 * no group), and apply-event.lua announces the freed slot on {@code slots:{client}:released} in the
 * script that writes the final state, so the announcement's arrival is when Redis showed it. The two
 * are joined by attempt id at the end; no Redis read per call. Same machine, one clock, milliseconds.
 */
final class ReleaseLatencyProbe implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<String, DialRequest> dialRequests;
    private final Thread reader;
    private final RedisConnection redis;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final Map<String, Long> releasedAt = new HashMap<>();
    private final Map<String, Long> finalAt = new HashMap<>();

    ReleaseLatencyProbe(KafkaClientProperties kafka, Topic<String, DialRequest> dialRequests, String redisUri, RedisKeys keys) {
        this.dialRequests = dialRequests;
        consumer = new KafkaConsumer<>(kafka.consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-release-probe")), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(dialRequests.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader = Thread.ofPlatform().daemon().name("bench-release-probe").start(this::read);
        redis = RedisConnection.open("REDIS_URI", redisUri);
        pubsub = redis.connectPubSub();
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String attemptId) {
                long now = System.currentTimeMillis();
                synchronized (finalAt) {
                    finalAt.putIfAbsent(attemptId, now);
                }
            }
        });
        pubsub.sync().psubscribe(keys.slots("*") + ":released");
    }

    private void read() {
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue;
                    }
                    try {
                        DialRequest request = dialRequests.valueSerde().deserializer().deserialize(record.topic(), record.value());
                        if (request.getWaitingFor() != null) {
                            continue; // the scheduler's note on a contact held back, not a release
                        }
                        synchronized (releasedAt) {
                            releasedAt.putIfAbsent(request.getAttemptId(), request.getReleasedAt().toEpochMilli());
                        }
                    } catch (RuntimeException undecodable) {
                        // not ours to judge: the executor dead-letters it
                    }
                }
            }
        } catch (WakeupException closing) {
            // closing
        }
    }

    /** Milliseconds from release to final state of the attempts released in [fromMillis, toMillis). */
    List<Long> latenciesMillis(long fromMillis, long toMillis) {
        List<Long> out = new ArrayList<>();
        synchronized (releasedAt) {
            synchronized (finalAt) {
                releasedAt.forEach((attempt, released) -> {
                    Long ended = finalAt.get(attempt);
                    if (ended != null && released >= fromMillis && released < toMillis) {
                        out.add(Math.max(0, ended - released));
                    }
                });
            }
        }
        return out;
    }

    @Override
    public void close() {
        ConsumerReader.stop(consumer, reader);
        pubsub.close();
        redis.close();
    }
}
