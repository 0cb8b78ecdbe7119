package com.dialer.schemas;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallOutcome;
import com.dialer.avro.CallRecord;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.Contact;
import com.dialer.avro.DialRequest;
import com.dialer.avro.DncEntry;

/**
 * Every topic of the pipeline, in one place. A prefix isolates one test or one environment from
 * another on a shared broker; partitions is the unit of parallelism of every service.
 */
public final class TopicCatalog {
    public static final Duration EVENTS_RETENTION = Duration.ofDays(14);
    public static final Duration DLQ_RETENTION = Duration.ofDays(30);

    private final String prefix;
    private final int partitions;

    private TopicCatalog(String prefix, int partitions) {
        this.prefix = prefix == null ? "" : prefix;
        this.partitions = partitions;
    }

    public static TopicCatalog standard() {
        return new TopicCatalog("", 6);
    }

    public static TopicCatalog of(String prefix, int partitions) {
        return new TopicCatalog(prefix, partitions);
    }

    public String prefix() {
        return prefix;
    }

    public int partitions() {
        return partitions;
    }

    public Topic<String, CampaignCommand> campaignCommands() {
        return avro("campaign-commands", Topic.Cleanup.DELETE, null, CampaignCommand.class);
    }

    public Topic<String, Contact> campaignContacts() {
        return avro("campaign-contacts", Topic.Cleanup.DELETE, null, Contact.class);
    }

    public Topic<String, DncEntry> dnc() {
        return avro("dnc", Topic.Cleanup.COMPACT, null, DncEntry.class);
    }

    public Topic<String, DialRequest> dialRequests() {
        return avro("dial-requests", Topic.Cleanup.DELETE, EVENTS_RETENTION, DialRequest.class);
    }

    public Topic<String, CallEvent> callEvents() {
        return avro("call-events", Topic.Cleanup.DELETE, EVENTS_RETENTION, CallEvent.class);
    }

    public Topic<String, CallOutcome> callOutcomes() {
        return avro("call-outcomes", Topic.Cleanup.DELETE, null, CallOutcome.class);
    }

    public Topic<String, CallRecord> callRecords() {
        return avro("call-records", Topic.Cleanup.DELETE, EVENTS_RETENTION, CallRecord.class);
    }

    public Topic<String, CampaignSummary> campaignSummaries() {
        return avro("campaign-summaries", Topic.Cleanup.DELETE, EVENTS_RETENTION, CampaignSummary.class);
    }

    /**
     * Every value schema any writer published ({@link SchemaTopic}): key = fingerprint, value = the
     * schema's JSON; compacted, kept forever, one partition.
     */
    public Topic<String, String> schemas() {
        return new Topic<>(prefix + "schemas", 1, Topic.Cleanup.COMPACT, null, Serdes.String(), Serdes.String());
    }

    /** The dead-letter topic of a source topic: raw bytes as they came, the reason in headers. */
    public Topic<byte[], byte[]> dlq(Topic<?, ?> source) {
        return new Topic<>(source.name() + "-dlq", 1, Topic.Cleanup.DELETE, DLQ_RETENTION,
                Serdes.ByteArray(), Serdes.ByteArray());
    }

    /** The data topics, without their DLQs. */
    public List<Topic<String, ?>> dataTopics() {
        return List.of(campaignCommands(), campaignContacts(), dnc(), dialRequests(), callEvents(),
                callOutcomes(), callRecords(), campaignSummaries());
    }

    /** Every topic, with one DLQ per data topic, and the schema topic. */
    public List<Topic<?, ?>> all() {
        List<Topic<?, ?>> all = new java.util.ArrayList<>(dataTopics());
        dataTopics().forEach(t -> all.add(dlq(t)));
        all.add(schemas());
        return List.copyOf(all);
    }

    private <V extends org.apache.avro.specific.SpecificRecordBase> Topic<String, V> avro(
            String name, Topic.Cleanup cleanup, Duration retention, Class<V> type) {
        Serde<String> keys = Serdes.String();
        return new Topic<>(prefix + name, partitions, cleanup, retention, keys, AvroSerde.of(type));
    }
}
