package com.dialer.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.schemas.DeadLetterHeaders;

/** Sends a {@link BadInputCorpus} to Kafka, and reads back what a dead-letter topic holds. */
final class CorpusFeed {
    private static final Logger LOG = LoggerFactory.getLogger(CorpusFeed.class);
    /** Attribute sizes tried for the contact closest to Kafka's record limit, largest first. */
    private static final int[] NEAR_LIMIT_SIZES = {1_048_200, 1_048_000, 1_047_600, 1_047_000, 1_045_000, 1_040_000, 1_000_000};

    private CorpusFeed() {
    }

    /** Every item, shuffled, then the largest contact the broker accepts; returns what was sent. */
    static List<BadInputCorpus.Item> send(String bootstrapServers, BadInputCorpus corpus, Random random) {
        List<BadInputCorpus.Item> items = new ArrayList<>(corpus.items());
        Collections.shuffle(items, random);
        List<BadInputCorpus.Item> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // the broker, not this producer, is to decide what is too large
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer())) {
            for (BadInputCorpus.Item item : items) {
                producer.send(new ProducerRecord<>(item.topic(), item.key(), item.value())).get(30, TimeUnit.SECONDS);
                sent.add(item);
            }
            for (int size : NEAR_LIMIT_SIZES) {
                BadInputCorpus.Item huge = corpus.nearTheSizeLimit(size);
                try {
                    producer.send(new ProducerRecord<>(huge.topic(), huge.key(), huge.value())).get(30, TimeUnit.SECONDS);
                    sent.add(huge);
                    LOG.info("the broker took a contact of {} bytes", huge.value().length);
                    break;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RecordTooLargeException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot send the corpus: " + e, e);
        }
        return sent;
    }

    /** The dead-letter records of one topic: for each, its reason header (null when it has none). */
    static List<String> reasons(String bootstrapServers, String dlqTopic) {
        List<String> reasons = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(dlqTopic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Header reason = r.headers().lastHeader(DeadLetterHeaders.REASON);
                    reasons.add(reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return reasons;
    }
}
