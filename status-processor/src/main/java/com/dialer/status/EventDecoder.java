package com.dialer.status;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.schemas.AvroDecodingException;
import com.dialer.schemas.AvroSerde;
import com.dialer.schemas.DeadLetterHeaders;
import com.dialer.schemas.IdRule;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads call-events as raw bytes, so a record that cannot be decoded or is not a usable event goes
 * to {@code call-events-dlq} (raw bytes, the reason in {@link DeadLetterHeaders}) instead of
 * stopping the stream thread, and every good event passes on decoded.
 */
final class EventDecoder implements Processor<String, byte[], String, Object> {
    static final String SERVICE = "status-processor";

    private final String topic;
    private final AvroSerde<CallEvent> serde;
    private final String validChild;
    private final String dlqChild;
    private final StatusMetrics metrics;
    private ProcessorContext<String, Object> context;

    EventDecoder(String topic, AvroSerde<CallEvent> serde, String validChild, String dlqChild, StatusMetrics metrics) {
        this.topic = topic;
        this.serde = serde;
        this.validChild = validChild;
        this.dlqChild = dlqChild;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            deadLetter(record, "empty value (tombstone) where a CallEvent was expected", null);
            return;
        }
        CallEvent event;
        try {
            event = serde.deserialize(topic, record.value());
        } catch (AvroDecodingException e) {
            deadLetter(record, e.reason(), e);
            return;
        }
        Optional<String> problem = problem(record.key(), event);
        if (problem.isPresent()) {
            deadLetter(record, problem.get(), null);
            return;
        }
        context.forward(record.withValue(event), validChild);
    }

    /** Why an event cannot be applied, if it cannot. */
    static Optional<String> problem(String key, CallEvent e) {
        if (blank(e.getAttemptId())) {
            return Optional.of("attemptId is empty");
        }
        if (!e.getAttemptId().equals(key)) {
            // an attempt's events must share its partition, or its state would split across tasks
            return Optional.of("record key '" + key + "' is not its attemptId '" + e.getAttemptId() + "'");
        }
        if (blank(e.getEventId())) {
            return Optional.of("eventId is empty");
        }
        if (e.getStatus() == CallStatus.UNKNOWN) {
            return Optional.of("status UNKNOWN: a state this version cannot place (written by a newer schema?)");
        }
        if (e.getOccurredAt() == null || e.getOccurredAt().toEpochMilli() <= 0) {
            return Optional.of("occurredAt is not a time: " + e.getOccurredAt());
        }
        if (e.getAttemptNumber() != null && e.getAttemptNumber() < 1) {
            return Optional.of("attemptNumber must be >= 1 for a call attempt, was " + e.getAttemptNumber());
        }
        if (e.getClientId() != null && e.getClientId().isBlank()) {
            return Optional.of("clientId is blank");
        }
        // ids become Redis keys: one that could name another client's key is refused here, not by a stream thread's crash
        if (!IdRule.validAttempt(e.getAttemptId())) {
            return Optional.of("attemptId '" + e.getAttemptId() + "' must be ids (" + IdRule.DESCRIPTION + ") joined by ':'");
        }
        if (e.getClientId() != null && !IdRule.valid(e.getClientId())) {
            return IdRule.problem("clientId", e.getClientId());
        }
        if (e.getCampaignId() != null && !IdRule.valid(e.getCampaignId())) {
            return IdRule.problem("campaignId", e.getCampaignId());
        }
        return Optional.empty();
    }

    private void deadLetter(Record<String, byte[]> record, String reason, Exception cause) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        put(headers, DeadLetterHeaders.REASON, reason);
        put(headers, DeadLetterHeaders.EXCEPTION, cause == null ? "validation" : cause.getClass().getName());
        put(headers, DeadLetterHeaders.SERVICE, SERVICE);
        Optional<RecordMetadata> source = context.recordMetadata();
        put(headers, DeadLetterHeaders.SOURCE_TOPIC, source.map(RecordMetadata::topic).orElse(topic));
        source.ifPresent(m -> {
            put(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(m.partition()));
            put(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(m.offset()));
        });
        metrics.deadLettered(source.map(RecordMetadata::topic).orElse(topic), cause);
        context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(), headers), dlqChild);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
