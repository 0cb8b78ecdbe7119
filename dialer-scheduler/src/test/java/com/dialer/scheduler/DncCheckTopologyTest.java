package com.dialer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import com.dialer.avro.DncEntry;
import com.dialer.schemas.AvroSerde;
import com.dialer.schemas.DeadLetterHeaders;
import com.dialer.schemas.TopicCatalog;

class DncCheckTopologyTest {
    private final TopicCatalog topics = TopicCatalog.of("", 1);

    @Test
    void sendsEveryUnusableDncRecordToTheDlqWithTheReasonAndNothingElse() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dnc-check-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(DncCheckTopology.build(topics, new SchedulerMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry())), props)) {
            TestInputTopic<String, byte[]> dnc = driver.createInputTopic(topics.dnc().name(), new StringSerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, byte[]> dlq = driver.createOutputTopic(topics.dlq(topics.dnc()).name(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            AvroSerde<DncEntry> serde = AvroSerde.of(DncEntry.class);

            dnc.pipeInput("+12012000001", serde.serialize("dnc", entry("+12012000001", null)));
            dnc.pipeInput("acme|+12012000002", serde.serialize("dnc", entry("+12012000002", "acme")));
            dnc.pipeInput("+12012000001", (byte[]) null);
            dnc.pipeInput("+12012000003", "not avro".getBytes(StandardCharsets.UTF_8));
            dnc.pipeInput("+12012000004", serde.serialize("dnc", entry("+12012000004", "acme")));
            dnc.pipeInput("2012000005", serde.serialize("dnc", entry("2012000005", null)));

            List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
            assertThat(dead).extracting(TestRecord::key).containsExactly("+12012000003", "+12012000004", "2012000005");
            assertThat(reason(dead.get(0))).contains("not Avro single-object encoding");
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
            assertThat(reason(dead.get(1))).isEqualTo("dnc key '+12012000004' does not match its entry: expected 'acme|+12012000004'");
            assertThat(reason(dead.get(2))).startsWith("dnc number '2012000005' is not E.164");
            assertThat(header(dead.get(0), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("dnc");
            assertThat(header(dead.get(0), DeadLetterHeaders.SERVICE)).isEqualTo("dialer-scheduler");
        }
    }

    private static DncEntry entry(String number, String clientId) {
        return DncEntry.newBuilder().setPhoneNumber(number).setClientId(clientId).setAddedAt(Instant.EPOCH).build();
    }

    private static String reason(TestRecord<String, byte[]> record) {
        return header(record, DeadLetterHeaders.REASON);
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
