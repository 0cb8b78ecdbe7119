package com.dialer.scheduler;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static com.dialer.scheduler.SchedulerInstances.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.avro.DncEntry;
import com.dialer.schemas.AvroSerde;
import com.dialer.schemas.DeadLetterHeaders;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;

/** On the real broker: two scheduler instances report an unreadable DNC entry to dnc-dlq once, with headers. */
@ExtendWith(LocalStackExtension.class)
class DncDeadLetterIT {

    @Test
    void anUnreadableDncEntryReachesTheDlqOnceWhateverTheNumberOfInstances(LocalStack stack) throws Exception {
        String prefix = LocalStack.uniquePrefix("dnc");
        TopicCatalog topics = TopicCatalog.of(prefix, 2);
        new TopicProvisioner(stack.kafka().admin(), (short) 1).ensure(topics.all());
        SchedulerConfig config = SchedulerConfig.defaults()
                .withKafka(stack.bootstrapServers(), prefix + "app", prefix, 2, stack.redis().uri());
        try (var first = SchedulerApp.StartedScheduler.start(config, new RedisKeys(prefix), instance("dnc-one"), new SimpleMeterRegistry());
             var second = SchedulerApp.StartedScheduler.start(config, new RedisKeys(prefix), instance("dnc-two"), new SimpleMeterRegistry());
             var producer = new KafkaProducer<>(SchedulerInstances.producer(stack), new StringSerializer(),
                     new ByteArraySerializer())) {
            String dnc = topics.dnc().name();
            producer.send(new ProducerRecord<>(dnc, "+12012000001", AvroSerde.of(DncEntry.class).serialize(dnc,
                    DncEntry.newBuilder().setPhoneNumber("+12012000001").setAddedAt(Instant.EPOCH).build())));
            producer.send(new ProducerRecord<>(dnc, "+12012000002", "garbage".getBytes(StandardCharsets.UTF_8)));
            producer.flush();

            List<ConsumerRecord<String, byte[]>> dead = readDlq(stack, topics.dlq(topics.dnc()).name(), prefix);

            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("+12012000002");
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("garbage");
                assertThat(header(r, DeadLetterHeaders.REASON)).contains("not Avro single-object encoding");
                assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(dnc);
                assertThat(header(r, DeadLetterHeaders.SOURCE_OFFSET)).isNotBlank();
                assertThat(header(r, DeadLetterHeaders.SERVICE)).isEqualTo("dialer-scheduler");
            });
        }
    }

    /** Everything on the DLQ until one record has come and a few more seconds passed without another. */
    private static List<ConsumerRecord<String, byte[]>> readDlq(LocalStack stack, String topic, String prefix) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "dlq-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    dead.add(record);
                    quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return dead;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
