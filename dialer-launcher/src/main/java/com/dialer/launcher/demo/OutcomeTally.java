package com.dialer.launcher.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.dialer.avro.CallOutcome;
import com.dialer.avro.CampaignStatus;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.Disposition;
import com.dialer.schemas.AvroDecodingException;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.Topic;
import com.dialer.schemas.TopicCatalog;

/**
 * Reads what the pipeline committed to Kafka (read_committed) about a run: each contact's final
 * dispositions on {@code call-outcomes}, the attempts on {@code call-records}, the campaigns'
 * summaries (the demo's report and the reliability suite's). A contact's final record is one with attempt number 0 (written by the scheduler) or
 * an ANSWERED attempt (written by the status-processor); see the scheduler's README.
 */
public final class OutcomeTally implements AutoCloseable {
    private final TopicCatalog topics;
    // each catalogue call builds a new serde (schema fingerprints included): built once here, not per record
    private final Topic<String, CallOutcome> outcomes;
    private final Topic<String, CampaignSummary> summaries;
    private final String recordsTopic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private final Map<String, Integer> finalsByContact = new HashMap<>();
    private final Map<Disposition, Long> dispositions = new HashMap<>();
    private final Set<String> finishedAttempts = new HashSet<>();
    private final Map<String, CampaignStatus> campaignStatus = new ConcurrentHashMap<>();
    private volatile RuntimeException failure;

    /** On the brokers at {@code bootstrapServers}, no other client property (the embedded stack). */
    public OutcomeTally(String bootstrapServers, TopicCatalog topics) {
        this(KafkaClientProperties.of(bootstrapServers), topics);
    }

    public OutcomeTally(KafkaClientProperties kafka, TopicCatalog topics) {
        this.topics = topics;
        this.outcomes = topics.callOutcomes();
        this.recordsTopic = topics.callRecords().name();
        this.summaries = topics.campaignSummaries();
        this.consumer = new KafkaConsumer<>(kafka.consumer(Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new ByteArrayDeserializer());
        // every partition assigned, read once from the start: no group, so a broker restart cannot
        // send the reader back to the beginning (a rejoined group without offsets would), which
        // would count every outcome twice
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.callOutcomes().name(), topics.callRecords().name(), topics.campaignSummaries().name())) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.reader = Thread.ofPlatform().daemon().name("demo-tally").start(this::read);
    }

    private void read() {
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        take(record);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private synchronized void take(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        try {
            if (topic.equals(outcomes.name())) {
                CallOutcome outcome = outcomes.valueSerde().deserializer().deserialize(topic, record.value());
                if (outcome.getAttemptNumber() == 0 || outcome.getDisposition() == Disposition.ANSWERED) {
                    finalsByContact.merge(outcome.getCampaignId() + "|" + outcome.getContactId(), 1, Integer::sum);
                    dispositions.merge(outcome.getDisposition(), 1L, Long::sum);
                }
            } else if (topic.equals(recordsTopic)) {
                finishedAttempts.add(record.key());
            } else {
                CampaignSummary summary = summaries.valueSerde().deserializer().deserialize(topic, record.value());
                campaignStatus.put(summary.getCampaignId(), summary.getStatus());
            }
        } catch (AvroDecodingException e) {
            // not ours to judge here: the services dead-letter what they cannot read
        }
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("reading the results failed: " + failure, failure);
        }
    }

    public synchronized int contactsWithFinal() {
        check();
        return finalsByContact.size();
    }

    /** The contacts with a final record, as {@code campaignId|contactId}. */
    public synchronized Set<String> contactsWithFinalIds() {
        check();
        return Set.copyOf(finalsByContact.keySet());
    }

    public synchronized long contactsWithSeveralFinals() {
        return finalsByContact.values().stream().filter(n -> n > 1).count();
    }

    public synchronized Map<Disposition, Long> dispositions() {
        return Map.copyOf(dispositions);
    }

    public synchronized int finishedAttempts() {
        check();
        return finishedAttempts.size();
    }

    public boolean allEnded(Set<String> campaigns) {
        check();
        return campaigns.stream().allMatch(c -> {
            CampaignStatus s = campaignStatus.get(c);
            return s == CampaignStatus.COMPLETED || s == CampaignStatus.CANCELLED;
        });
    }

    @Override
    public void close() {
        ConsumerReader.stop(consumer, reader);
    }
}
