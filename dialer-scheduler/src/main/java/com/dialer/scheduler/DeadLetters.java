package com.dialer.scheduler;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import com.dialer.schemas.DeadLetterHeaders;

/**
 * Sends a record the scheduler cannot use to its topic's DLQ: the bytes as they came, the reason
 * and the source's topic, partition and offset in {@link DeadLetterHeaders}, so operators read one format.
 */
final class DeadLetters {
    static final String SERVICE = "dialer-scheduler";

    private final ProcessorContext<String, Object> context;
    private final String topic;
    private final String dlqSink;
    private final SchedulerMeters meters;

    /**
     * @param topic   the source topic, named in the headers when the record's metadata is unknown
     * @param dlqSink the sink node writing {@code <topic>-dlq}
     */
    DeadLetters(ProcessorContext<String, Object> context, String topic, String dlqSink, SchedulerMeters meters) {
        this.meters = meters;
        this.context = context;
        this.topic = topic;
        this.dlqSink = dlqSink;
    }

    /** Forwards the raw bytes of {@code record} to the DLQ; {@code cause} null means a validation failure. */
    void send(Record<String, ?> record, byte[] raw, String reason, Exception cause) {
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
        context.forward(new Record<String, Object>(record.key(), raw, record.timestamp(), headers), dlqSink);
        meters.deadLettered(source.map(RecordMetadata::topic).orElse(topic), cause);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
