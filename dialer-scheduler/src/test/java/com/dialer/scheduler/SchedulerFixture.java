package com.dialer.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CallOutcome;
import com.dialer.avro.CallStatus;
import com.dialer.avro.CallingWindow;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.CommandType;
import com.dialer.avro.Contact;
import com.dialer.avro.DialRequest;
import com.dialer.avro.Disposition;
import com.dialer.avro.DncEntry;
import com.dialer.avro.RetryPolicy;
import com.dialer.avro.RetryRule;
import com.dialer.schemas.Topic;
import com.dialer.schemas.TopicCatalog;
import com.dialer.state.RedisKeys;
import com.dialer.state.limits.Limits;
import com.dialer.state.ratelimit.RateLimit;

/** One scheduler on a TopologyTestDriver, with the Redis contracts in memory on the driver's wall clock. */
final class SchedulerFixture implements AutoCloseable {
    static final Duration TICK = Duration.ofMillis(100);
    final TopicCatalog topics = TopicCatalog.of("", 1);
    final io.micrometer.core.instrument.simple.SimpleMeterRegistry metrics = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    final AtomicLong clock;
    final AtomicReference<RateLimit> globalLimit;
    /** Reads of the live global limit and weights posted to the rate shares, in order. */
    final AtomicLong limitReads = new AtomicLong();
    final List<Double> postedWeights = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, ClientLoad> clientLoads = new HashMap<>();
    /** Live calls of a client whose load is not set whole in {@link #clientLoads}: its caps come from the configuration. */
    final Map<String, Long> clientLive = new HashMap<>();
    final Map<String, Long> campaignLive = new HashMap<>();
    /** The campaign caps the scheduler mirrored for the reservation (null: none). */
    final Map<String, Integer> mirroredCampaignCaps = new HashMap<>();
    final InMemoryRecipientGuard recipients;
    final TopologyTestDriver driver;
    final TestInputTopic<String, CampaignCommand> commands;
    final TestInputTopic<String, Contact> contacts;
    final TestInputTopic<String, CallOutcome> outcomesIn;
    final TestInputTopic<String, DncEntry> dnc;
    final TestInputTopic<String, byte[]> rawContacts;
    final TestInputTopic<String, byte[]> rawCommands;
    final TestOutputTopic<String, DialRequest> dialRequests;
    final TestOutputTopic<String, CallOutcome> outcomesOut;
    final TestOutputTopic<String, CampaignSummary> summaries;

    SchedulerFixture(Instant start, RateLimit global) {
        this(start, global, Map.of());
    }

    SchedulerFixture(Instant start, RateLimit global, Map<String, String> env) {
        clock = new AtomicLong(start.toEpochMilli());
        globalLimit = new AtomicReference<>(global);
        // periodic summaries only where a test asks for them: a year between two
        Map<String, String> settings = new HashMap<>(Map.of("RELEASE_TICK_MS", Long.toString(TICK.toMillis()),
                "RECIPIENT_MIN_GAP_SECONDS", "0", "RECIPIENT_MAX_CALLS", "100", "DEFAULT_CLIENT_CAP", "1000000",
                "SUMMARY_INTERVAL_MS", Long.toString(Duration.ofDays(365).toMillis())));
        settings.putAll(env);
        SchedulerConfig config = SchedulerConfig.fromEnv(settings).withGlobalLimit(global);
        recipients = new InMemoryRecipientGuard(clock::get);
        // one task on the driver: it holds the whole global rate
        Limits limits = config.limits();
        ClientLimits clientLimits = new ClientLimits() {
            @Override
            public ClientLoad load(String client) {
                return clientLoads.getOrDefault(client, new ClientLoad(clientLive.getOrDefault(client, 0L),
                        limits.configuredCap(client), limits.configuredRate(client)));
            }

            @Override
            public CampaignLoad campaign(String client, String campaign, Integer settingsCap) {
                Integer cap = mirroredCampaignCaps.containsKey(campaign) ? mirroredCampaignCaps.get(campaign) : settingsCap;
                return new CampaignLoad(campaignLive.getOrDefault(campaign, 0L), cap);
            }

            @Override
            public void mirrorCampaignCap(String client, String campaign, Integer cap) {
                mirroredCampaignCaps.put(campaign, cap);
            }
        };
        // counted: in production each is a Redis round trip
        Pacing pacing = new Pacing(new InMemoryRateLimiter(clock::get), () -> {
            limitReads.incrementAndGet();
            return globalLimit.get();
        }, (task, weight) -> {
            postedWeights.add(weight);
            return 1.0;
        }, clientLimits, recipients, RedisKeys.standard());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scheduler-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempStateDir());
        driver = new TopologyTestDriver(SchedulerTopology.build(topics, config, pacing, new SchedulerMeters(metrics)), props, start);
        commands = input(topics.campaignCommands());
        contacts = input(topics.campaignContacts());
        outcomesIn = input(topics.callOutcomes());
        dnc = input(topics.dnc());
        rawContacts = driver.createInputTopic(topics.campaignContacts().name(), new StringSerializer(), new ByteArraySerializer());
        rawCommands = driver.createInputTopic(topics.campaignCommands().name(), new StringSerializer(), new ByteArraySerializer());
        dialRequests = output(topics.dialRequests());
        outcomesOut = output(topics.callOutcomes());
        summaries = output(topics.campaignSummaries());
    }

    private static String tempStateDir() {
        try {
            return java.nio.file.Files.createTempDirectory("scheduler-ttd").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), new StringSerializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), new StringDeserializer(), topic.valueSerde().deserializer());
    }

    TestOutputTopic<String, byte[]> dlq(Topic<?, ?> source) {
        return driver.createOutputTopic(topics.dlq(source).name(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Moves the wall clock in ticks, so each punctuation sees the time it runs at. */
    void advance(Duration by) {
        long steps = by.toMillis() / TICK.toMillis();
        for (long i = 0; i < steps; i++) {
            jump(TICK);
        }
    }

    /** Moves the wall clock in one step (one punctuation), for hours and days. */
    void jump(Duration by) {
        clock.addAndGet(by.toMillis());
        driver.advanceWallClockTime(by);
    }

    Instant now() {
        return Instant.ofEpochMilli(clock.get());
    }

    void create(String campaignId, String clientId, CampaignSettings settings) {
        commands.pipeInput(campaignId, command(campaignId, clientId, CommandType.CREATE, settings));
    }

    void command(String campaignId, String clientId, CommandType type) {
        commands.pipeInput(campaignId, command(campaignId, clientId, type, null));
    }

    CampaignCommand command(String campaignId, String clientId, CommandType type, CampaignSettings settings) {
        return CampaignCommand.newBuilder().setCommandId(campaignId + "-" + type).setCampaignId(campaignId)
                .setClientId(clientId).setType(type).setSettings(settings).setIssuedAt(now()).build();
    }

    void contact(String campaignId, String contactId, String number) {
        contact(campaignId, contactId, number, null);
    }

    void contact(String campaignId, String contactId, String number, String zone) {
        contacts.pipeInput(campaignId, Contact.newBuilder().setCampaignId(campaignId).setContactId(contactId)
                .setPhoneNumber(number).setTimeZone(zone).setCreatedAt(now()).build());
    }

    /** Distinct valid US numbers: +1 212 555 0000 + i is not valid (555-01xx is), so use 201-2xx-xxxx. */
    static String number(int i) {
        return String.format("+1201%07d", 2_000_000 + i);
    }

    void outcome(DialRequest request, Disposition disposition) {
        outcomesIn.pipeInput(request.getCampaignId(), outcomeOf(request, disposition, now()));
    }

    static CallOutcome outcomeOf(DialRequest request, Disposition disposition, Instant decidedAt) {
        return CallOutcome.newBuilder().setAttemptId(request.getAttemptId())
                .setCampaignId(request.getCampaignId()).setClientId(request.getClientId())
                .setContactId(request.getContactId()).setPhoneNumber(request.getPhoneNumber())
                .setAttemptNumber(request.getAttemptNumber()).setDisposition(disposition)
                .setFinalStatus(CallStatus.COMPLETED).setDecidedAt(decidedAt).build();
    }

    List<DialRequest> released() {
        List<DialRequest> all = new ArrayList<>();
        for (TestRecord<String, DialRequest> r : dialRequests.readRecordsToList()) {
            all.add(r.value());
        }
        return all;
    }

    static RetryRule rule(int delaySeconds, int maxAttempts) {
        return RetryRule.newBuilder().setDelaySeconds(delaySeconds).setMaxAttempts(maxAttempts).build();
    }

    static CampaignSettings.Builder settings(int callsPerMinute) {
        RetryRule once = rule(60, 1);
        return CampaignSettings.newBuilder().setCallsPerMinute(callsPerMinute).setCallerId("+12015550100")
                .setRetryPolicy(RetryPolicy.newBuilder().setBusy(once).setNoAnswer(once).setFailed(once)
                        .setMachine(once).build())
                .setAnswer(AnswerSettings.newBuilder().build());
    }

    static CallingWindow window(LocalTime start, LocalTime end) {
        return CallingWindow.newBuilder().setStart(start).setEnd(end).build();
    }

    @Override
    public void close() {
        driver.close();
    }
}
