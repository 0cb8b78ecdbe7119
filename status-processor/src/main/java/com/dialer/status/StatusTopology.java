package com.dialer.status;

import com.dialer.avro.CallEvent;
import com.dialer.schemas.AvroSerde;
import com.dialer.schemas.TopicCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * The status-processor: call events in (keyed by attemptId, so one task owns everything about an
 * attempt), the attempt's state in a store, its projection in Redis, and outcomes and records of
 * finished attempts out. Pure: no I/O; Redis comes in through {@link HotState}.
 *
 * <pre>
 * call-events ─► decode-call-events ─► track-attempts ─┬─► call-outcomes   (key campaignId)
 *                └─► call-events-dlq    │ stores:       ├─► call-records    (key attemptId)
 *                                       │ attempts,     └─► call-events     (the reaper's TIMEOUT verdicts)
 *                                       │ attempt-deadlines
 *                                       └ punctuators: reaper, hot-state rebuild ─► Redis (HotState)
 * </pre>
 */
public final class StatusTopology {
    static final String SOURCE = "call-events-source";
    static final String DECODER = "decode-call-events";
    static final String TRACKER = "track-attempts";
    static final String DLQ_SINK = "call-events-dlq-sink";
    static final String OUTCOMES_SINK = "call-outcomes-sink";
    static final String RECORDS_SINK = "call-records-sink";
    static final String REAPER_EVENTS_SINK = "reaper-events-sink";

    private StatusTopology() {
    }

    public static Topology build(TopicCatalog topics, StatusConfig config, HotState hot) {
        return build(topics, config, hot, Metrics.globalRegistry);
    }

    public static Topology build(TopicCatalog topics, StatusConfig config, HotState hot, MeterRegistry registry) {
        return build(topics, config, hot, registry, OverdueCalls.OFF);
    }

    /** @param overdue where the reaper hands calls overdue for a look at Plivo (never blocking this topology's threads) */
    @SuppressWarnings("unchecked")
    static Topology build(TopicCatalog topics, StatusConfig config, HotState hot, MeterRegistry registry, OverdueCalls overdue) {
        StatusMetrics metrics = new StatusMetrics(registry);
        var events = topics.callEvents();
        AvroSerde<CallEvent> serde = (AvroSerde<CallEvent>) events.valueSerde();
        Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), events.name());
        topology.addProcessor(DECODER, () -> new EventDecoder(events.name(), serde, TRACKER, DLQ_SINK, metrics), SOURCE);
        topology.addProcessor(TRACKER, () -> new AttemptTracker(config, hot, metrics, overdue), DECODER);
        topology.addStateStore(AttemptStores.attemptStore(), TRACKER);
        topology.addStateStore(AttemptStores.deadlineStore(), TRACKER);

        topology.addSink(DLQ_SINK, topics.dlq(events).name(), new StringSerializer(), new ByteArraySerializer(), DECODER);
        topology.addSink(OUTCOMES_SINK, topics.callOutcomes().name(), new StringSerializer(),
                topics.callOutcomes().valueSerde().serializer(), TRACKER);
        topology.addSink(RECORDS_SINK, topics.callRecords().name(), new StringSerializer(),
                topics.callRecords().valueSerde().serializer(), TRACKER);
        topology.addSink(REAPER_EVENTS_SINK, events.name(), new StringSerializer(), serde.serializer(), TRACKER);
        return topology;
    }
}
