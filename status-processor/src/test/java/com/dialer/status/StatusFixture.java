package com.dialer.status;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallOutcome;
import com.dialer.avro.CallRecord;
import com.dialer.avro.CallStatus;
import com.dialer.avro.EventSource;
import com.dialer.schemas.Topic;
import com.dialer.schemas.TopicCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** One status-processor on a TopologyTestDriver with its Redis side in memory, on the driver's wall clock. */
final class StatusFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2025-03-03T10:00:00Z");
    static final String CLIENT = "client-1";
    static final String CAMPAIGN = "camp-1";

    final TopicCatalog topics = TopicCatalog.of("", 1);
    final InMemoryHotState hot = new InMemoryHotState();
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final StatusConfig config;
    final TopologyTestDriver driver;
    final TestInputTopic<String, CallEvent> events;
    final TestInputTopic<String, byte[]> rawEvents;
    final TestOutputTopic<String, CallOutcome> outcomes;
    final TestOutputTopic<String, CallRecord> records;
    final TestOutputTopic<String, CallEvent> eventsOut;
    final TestOutputTopic<String, byte[]> dlq;
    private Instant now = START;

    StatusFixture() {
        this(Map.of());
    }

    StatusFixture(Map<String, String> env) {
        Map<String, String> settings = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092",
                "REDIS_URI", "redis://unused:6379", "TOPIC_PARTITIONS", "1", "REAPER_INTERVAL_MS", "1000",
                "RESEED_CHECK_INTERVAL_MS", "1000", "REAPER_GRACE_SECONDS", "30", "IDENTITY_WAIT_SECONDS", "60"));
        settings.putAll(env);
        config = StatusConfig.from(settings);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "status-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir());
        driver = new TopologyTestDriver(StatusTopology.build(topics, config, hot, metrics), props, START);
        Topic<String, CallEvent> callEvents = topics.callEvents();
        events = driver.createInputTopic(callEvents.name(), new StringSerializer(), callEvents.valueSerde().serializer());
        rawEvents = driver.createInputTopic(callEvents.name(), new StringSerializer(), new ByteArraySerializer());
        outcomes = driver.createOutputTopic(topics.callOutcomes().name(), new StringDeserializer(),
                topics.callOutcomes().valueSerde().deserializer());
        records = driver.createOutputTopic(topics.callRecords().name(), new StringDeserializer(),
                topics.callRecords().valueSerde().deserializer());
        eventsOut = driver.createOutputTopic(callEvents.name(), new StringDeserializer(), callEvents.valueSerde().deserializer());
        dlq = driver.createOutputTopic(topics.dlq(callEvents).name(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    static String attempt(int contact) {
        return CAMPAIGN + ":contact-" + contact + ":1";
    }

    static String phone(String attemptId) {
        return "+1415555" + String.format("%04d", Integer.parseInt(AttemptId.parse(attemptId, null).orElseThrow()
                .contactId().replaceAll("\\D", "")));
    }

    /** The executor's event: full identity, the number called from, ring timeout 30 s and time limit 60 s. */
    CallEvent executor(String attemptId, CallStatus status) {
        AttemptId id = AttemptId.parse(attemptId, null).orElseThrow();
        return base(attemptId, status, EventSource.EXECUTOR).setCampaignId(id.campaignId()).setClientId(CLIENT)
                .setContactId(id.contactId()).setPhoneNumber(phone(attemptId))
                .setAttemptNumber(id.attemptNumber()).setPlivoRequestUuid("req-" + attemptId)
                .setRingTimeoutSeconds(30).setTimeLimitSeconds(60).setCallerId(CALLER_ID).build();
    }

    static final String CALLER_ID = "+12015550100";

    /** The webhook bridge's event: the attempt id and client from the callback URL, Plivo's call UUID. */
    CallEvent.Builder webhook(String attemptId, CallStatus status) {
        return base(attemptId, status, EventSource.WEBHOOK).setClientId(CLIENT).setPlivoCallUuid("call-" + attemptId);
    }

    private CallEvent.Builder base(String attemptId, CallStatus status, EventSource source) {
        return CallEvent.newBuilder().setEventId(attemptId + ":" + source + ":" + status).setAttemptId(attemptId)
                .setStatus(status).setSource(source).setOccurredAt(now);
    }

    /** Pipes events written now, as producers stamp them. */
    void send(CallEvent... sent) {
        for (CallEvent e : sent) {
            events.pipeInput(e.getAttemptId(), e, now);
        }
    }

    /** Moves the wall clock in one-second ticks, so every punctuation runs at its time. */
    void advance(Duration by) {
        for (long s = 0; s < by.toSeconds(); s++) {
            now = now.plusSeconds(1);
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
    }

    Instant now() {
        return now;
    }

    KeyValueStore<String, Attempt> attempts() {
        return driver.getKeyValueStore(AttemptStores.ATTEMPTS);
    }

    double counter(String name, String... tags) {
        var search = metrics.find(name);
        if (tags.length > 0) {
            search = search.tags(tags);
        }
        var c = search.counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        driver.close();
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("status-ttd").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
