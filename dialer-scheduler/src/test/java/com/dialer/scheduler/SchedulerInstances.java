package com.dialer.scheduler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import com.dialer.stack.LocalStack;

/** What the scheduler ITs on the real local stack share: instance settings, partition-aware ids, clients. */
final class SchedulerInstances {
    private SchedulerInstances() {
    }

    /** Streams overrides for one instance: its own state directory, quick commits. */
    static Properties instance(String name) {
        try {
            Properties props = new Properties();
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("scheduler-" + name).toString());
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
            return props;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static int activeTasks(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    /** A campaign id the default partitioner puts on the given partition. */
    static String campaignOnPartition(String stem, int partition, int partitions) {
        for (int i = 0; ; i++) {
            String id = stem + "-" + i;
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions == partition) {
                return id;
            }
        }
    }

    static Properties producer(LocalStack stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        return props;
    }

    /** Reads committed records of a topic until {@code done} says so or the time is up; returns every value read. */
    static <V> List<V> readUntil(LocalStack stack, String group, String topic, Deserializer<V> values,
                                 Duration atMost, java.util.function.Predicate<List<V>> done, Consumer<V> each) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<V> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!done.test(read) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    read.add(r.value());
                    each.accept(r.value());
                });
            }
        }
        return read;
    }
}
