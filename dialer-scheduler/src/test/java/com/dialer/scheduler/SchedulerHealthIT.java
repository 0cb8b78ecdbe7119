package com.dialer.scheduler;

import static com.dialer.scheduler.SchedulerInstances.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.WallclockTimestampExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import com.dialer.state.metrics.MetricsEndpoint;

/**
 * On the real broker and Redis: the scheduler's management endpoint says ready while its Streams
 * clients run, and stops saying so within seconds once a stream thread dies, instead of answering
 * UP for a client that does nothing.
 */
@ExtendWith(LocalStackExtension.class)
class SchedulerHealthIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void readyTurns503WithinSecondsOnceAStreamThreadDies(LocalStack stack) throws Exception {
        String prefix = LocalStack.uniquePrefix("health");
        TopicCatalog topics = TopicCatalog.of(prefix, 2);
        new TopicProvisioner(stack.kafka().admin(), (short) 1).ensure(topics.all());
        SchedulerConfig config = SchedulerConfig.defaults()
                .withKafka(stack.bootstrapServers(), prefix + "app", prefix, 2, stack.redis().uri());
        Properties overrides = instance("health");
        // the poison: a record keyed "poison" makes the stream thread throw, as a bug in a processor would
        overrides.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, PoisonExtractor.class);
        try (var scheduler = SchedulerApp.StartedScheduler.start(config, new RedisKeys(prefix), overrides,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
             var endpoint = MetricsEndpoint.start("127.0.0.1", 0, MetricsEndpoint.registry()).health(scheduler.health());
             var producer = new KafkaProducer<>(SchedulerInstances.producer(stack), new StringSerializer(), new ByteArraySerializer())) {
            String ready = "http://127.0.0.1:" + endpoint.port() + "/health/ready";
            await().atMost(Duration.ofSeconds(90)).until(() -> get(ready).statusCode() == 200);
            assertThat(get(ready).body()).contains("\"streams." + prefix + "app\":{\"status\":\"UP\"", "\"redis\":{\"status\":\"UP\"");

            producer.send(new ProducerRecord<>(topics.campaignCommands().name(), "poison", "x".getBytes(StandardCharsets.UTF_8))).get();
            long sent = System.nanoTime();

            await().atMost(Duration.ofSeconds(15)).until(() -> get(ready).statusCode() == 503);
            System.out.printf("ready 503 %d ms after the poison was written%n", (System.nanoTime() - sent) / 1_000_000);
            assertThat(scheduler.streams().state()).isIn(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR);
            assertThat(get(ready).body()).contains("\"status\":\"DOWN\"").contains("\"streams." + prefix + "app\":{\"status\":\"DOWN\"");
            await().atMost(Duration.ofSeconds(15)).until(() -> get("http://127.0.0.1:" + endpoint.port() + "/health/live").statusCode() == 503);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Wall-clock timestamps, and an exception for a record keyed "poison". */
    public static final class PoisonExtractor implements TimestampExtractor {
        private final WallclockTimestampExtractor wallclock = new WallclockTimestampExtractor();

        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            if ("poison".equals(record.key())) {
                throw new IllegalStateException("poison record");
            }
            return wallclock.extract(record, partitionTime);
        }
    }
}
