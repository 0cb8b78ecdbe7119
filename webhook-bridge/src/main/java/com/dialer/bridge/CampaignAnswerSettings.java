package com.dialer.bridge;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CommandType;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.OutboundUrlPolicy;
import com.dialer.schemas.Topic;

/**
 * The answer settings of every campaign, as the latest CREATE or UPDATE_SETTINGS command of
 * {@code campaign-commands} left them. Every bridge instance reads the whole topic from its start
 * (no consumer group: each needs every campaign), committed records only; a record it cannot
 * decode is skipped with a log line. A campaign not seen (yet) gets the configured default.
 */
final class CampaignAnswerSettings implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignAnswerSettings.class);
    private static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);

    private final Topic<String, CampaignCommand> topic;
    private final AnswerSettings fallback;
    private final OutboundUrlPolicy urls;
    private final Map<String, AnswerSettings> byCampaign = new ConcurrentHashMap<>();
    /** Campaign → the client whose CREATE came first: campaign ids are global, as the scheduler keeps them. */
    private final Map<String, String> ownerByCampaign = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread reader;
    private volatile boolean running = true;
    private Map<TopicPartition, Long> startupEnd;

    CampaignAnswerSettings(KafkaClientProperties kafka, Topic<String, CampaignCommand> topic, AnswerSettings fallback,
                           OutboundUrlPolicy urls) {
        this.urls = urls;
        this.topic = topic;
        this.fallback = fallback;
        this.consumer = new KafkaConsumer<>(kafka.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.CLIENT_ID_CONFIG, "webhook-bridge-settings-" + Long.toHexString(System.nanoTime()))),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.reader = Thread.ofPlatform().daemon().name("bridge-campaign-settings").unstarted(this::readLoop);
    }

    CampaignAnswerSettings start() {
        reader.start();
        return this;
    }

    /** The campaign's settings, or the default for a campaign never seen (or no campaign at all). */
    AnswerSettings settingsFor(String campaignId) {
        AnswerSettings settings = campaignId == null ? null : byCampaign.get(campaignId);
        return settings != null ? settings : fallback;
    }

    /**
     * The client the campaign belongs to, null while the bridge has not read it: a callback naming another client
     * for one of its attempts is refused, as a client dialing through its own Plivo account holds a token that signs
     * any URL naming that client.
     */
    String ownerOf(String campaignId) {
        return campaignId == null ? null : ownerByCampaign.get(campaignId);
    }

    int knownCampaigns() {
        return byCampaign.size();
    }

    /** Waits until the topic has been read up to where it ended at start-up; false when the time ran out. */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void readLoop() {
        long nextRefresh = 0;
        try {
            while (running) {
                try {
                    if (System.nanoTime() >= nextRefresh) {
                        assignNewPartitions();
                        nextRefresh = System.nanoTime() + PARTITION_REFRESH.toNanos();
                    }
                    if (consumer.assignment().isEmpty()) {
                        Thread.sleep(200);
                        continue;
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        apply(record);
                    }
                    checkCaughtUp();
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // Kafka unreachable or the topic not there yet: try again; answers use what we have
                    LOG.debug("campaign settings: {}", e.toString());
                    nextRefresh = 0;
                    Thread.sleep(1_000);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void assignNewPartitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(5));
        Set<TopicPartition> all = infos == null ? Set.of() : infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toSet());
        if (all.isEmpty()) {
            LOG.debug("campaign settings: topic {} not found yet", topic.name());
            if (startupEnd == null) {
                startupEnd = Map.of(); // nothing to catch up with
                checkCaughtUp();
            }
            return;
        }
        if (!consumer.assignment().containsAll(all)) {
            Set<TopicPartition> added = all.stream().filter(p -> !consumer.assignment().contains(p)).collect(Collectors.toSet());
            consumer.assign(all);
            consumer.seekToBeginning(added);
            if (startupEnd == null || startupEnd.isEmpty()) {
                startupEnd = new HashMap<>(consumer.endOffsets(all, Duration.ofSeconds(5)));
            }
        }
    }

    private void checkCaughtUp() {
        if (caughtUp.getCount() == 0 || startupEnd == null) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> end : startupEnd.entrySet()) {
            if (consumer.position(end.getKey(), Duration.ofSeconds(5)) < end.getValue()) {
                return;
            }
        }
        LOG.info("campaign settings read up to start-up: {} campaigns", byCampaign.size());
        caughtUp.countDown();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        CampaignCommand command;
        try {
            command = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            LOG.warn("skipping undecodable campaign command {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        boolean setsAnswer = command.getType() == CommandType.CREATE || command.getType() == CommandType.UPDATE_SETTINGS;
        String campaignId = command.getCampaignId() != null && !command.getCampaignId().isBlank()
                ? command.getCampaignId() : record.key();
        if (setsAnswer && campaignId != null && command.getClientId() != null) {
            String owner = ownerByCampaign.putIfAbsent(campaignId, command.getClientId());
            if (owner != null && !owner.equals(command.getClientId())) {
                // the scheduler dead-letters it too: another client's command changes nothing of this campaign
                LOG.warn("campaign {}: settings from client {} ignored, the campaign is {}'s", campaignId, command.getClientId(), owner);
                return;
            }
        }
        if (setsAnswer && command.getSettings() != null && command.getSettings().getAnswer() != null) {
            // the scheduler refused such a campaign at intake; the bridge reads the same topic and must not hand Plivo its URL
            java.util.Optional<String> refused = urls.problem("botStreamUrl", command.getSettings().getAnswer().getBotStreamUrl());
            if (campaignId == null) {
                return;
            }
            if (refused.isPresent()) {
                LOG.warn("campaign {}: {}; its calls get the default answer", campaignId, refused.get());
                byCampaign.remove(campaignId);
            } else {
                byCampaign.put(campaignId, command.getSettings().getAnswer());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (reader.getState() == Thread.State.NEW) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
