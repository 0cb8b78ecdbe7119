package com.dialer.scheduler;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

import com.dialer.avro.DncEntry;
import com.dialer.schemas.AvroSerde;
import com.dialer.schemas.TopicCatalog;

/**
 * Sends every unusable {@code dnc} record (undecodable, no key, a key that does not match its
 * entry, a number not in E.164) to {@code dnc-dlq} with the reason in headers, once.
 *
 * <p>Its own application (application id {@code <scheduler's>-dnc-check}), because the scheduler
 * topology cannot do it: it reads {@code dnc} into a global store, a topic of a global store may
 * not also be a source of the same topology, and a global processor cannot forward (it also runs
 * again on every restore, so a DLQ producer called from it would report each bad entry once per
 * instance and restart). Here a consumer group reads each record once and, with exactly-once,
 * writes its DLQ record once. Good records go nowhere: the global store keeps them.
 */
public final class DncCheckTopology {
    static final String DLQ_SINK = "dnc-dlq-sink";

    private DncCheckTopology() {
    }

    public static Topology build(TopicCatalog topics, SchedulerMeters meters) {
        String topic = topics.dnc().name();
        Topology topology = new Topology();
        topology.addSource("dnc-check-source", new StringDeserializer(), new ByteArrayDeserializer(), topic);
        topology.addProcessor("check-dnc", () -> new InputDecoder<>(topic, AvroSerde.of(DncEntry.class),
                InputRules::dnc, true, null, DLQ_SINK, meters), "dnc-check-source");
        topology.addSink(DLQ_SINK, topics.dlq(topics.dnc()).name(), new StringSerializer(), new ByteArraySerializer(),
                "check-dnc");
        return topology;
    }
}
