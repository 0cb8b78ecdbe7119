package com.dialer.status;

import static com.dialer.status.StackRuns.executor;
import static com.dialer.status.StackRuns.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a call event takes from its acknowledged write to call-events until Redis shows it
 * (the bridge's share of webhook → Redis, after it answered Plivo). Measured one event at a time;
 * the test asserts only that every event arrives, and logs the figures.
 */
@ExtendWith(LocalStackExtension.class)
class ProjectionLatencyIT {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionLatencyIT.class);
    private static final int CALLS = 150;

    @Test
    void everyAcknowledgedEventReachesRedis(LocalStack stack) throws Exception {
        String prefix = LocalStack.uniquePrefix("status-latency");
        TopicCatalog topics = TopicCatalog.of(prefix, 2);
        try (Admin admin = stack.kafka().admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(topics.all());
        }
        RedisKeys keys = new RedisKeys(prefix);
        StatusConfig config = StackRuns.config(stack, stack.redis().uri(), prefix, prefix + "app", 2);
        List<Long> micros = new ArrayList<>();
        try (StartedStatusProcessor processor = StartedStatusProcessor.start(config, keys, StackRuns.overrides());
             AutoCloseableRedis client = closeable(RedisClient.create(stack.redis().uri()));
             StatefulRedisConnection<String, String> connection = client.connect();
             KafkaProducer<String, CallEvent> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"),
                     new StringSerializer(), topics.callEvents().valueSerde().serializer())) {
            RedisClusterCommands<String, String> redis = connection.sync();
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.exists(keys.seededGlobal()) == 1);
            // warm-up: the first records meet the group's first fetch and transaction
            send(producer, topics, executor("acme", "warm:up:1", CallStatus.DIALING, Instant.now()));
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.exists(keys.attempt("acme", "warm:up:1")) == 1);

            for (int i = 0; i < CALLS; i++) {
                String id = "latency:c" + i + ":1";
                micros.add(measure(producer, topics, redis, keys.attempt("acme", id),
                        executor("acme", id, CallStatus.DIALING, Instant.now()), "1"));
                micros.add(measure(producer, topics, redis, keys.attempt("acme", id),
                        webhook("acme", id, CallStatus.COMPLETED, Instant.now()), "2"));
            }
        }
        List<Long> sorted = micros.stream().sorted().toList();
        assertThat(sorted).hasSize(2 * CALLS);
        LOG.info("call-events write acknowledged → Redis hash updated, {} events: p50 {} ms, p99 {} ms, max {} ms",
                sorted.size(), sorted.get(sorted.size() / 2) / 1000.0, sorted.get(sorted.size() * 99 / 100) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static long measure(KafkaProducer<String, CallEvent> producer, TopicCatalog topics, RedisClusterCommands<String, String> redis,
                                String key, CallEvent event, String version) throws Exception {
        send(producer, topics, event);
        long acked = System.nanoTime();
        long deadline = acked + TimeUnit.SECONDS.toNanos(10);
        while (!version.equals(redis.hget(key, "version"))) {
            assertThat(System.nanoTime()).as("%s projected within 10 s", event.getEventId()).isLessThan(deadline);
            LockSupport.parkNanos(100_000);
        }
        return (System.nanoTime() - acked) / 1_000;
    }

    private static void send(KafkaProducer<String, CallEvent> producer, TopicCatalog topics, CallEvent event) throws Exception {
        producer.send(new ProducerRecord<>(topics.callEvents().name(), event.getAttemptId(), event)).get(10, TimeUnit.SECONDS);
    }

    private static AutoCloseableRedis closeable(RedisClient client) {
        return new AutoCloseableRedis(client);
    }

    /** RedisClient is not AutoCloseable; this lets try-with-resources shut it down. */
    private record AutoCloseableRedis(RedisClient client) implements AutoCloseable {
        StatefulRedisConnection<String, String> connect() {
            return client.connect();
        }

        @Override
        public void close() {
            client.shutdown();
        }
    }
}
