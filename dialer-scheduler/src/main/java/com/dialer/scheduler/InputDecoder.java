package com.dialer.scheduler;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.avro.specific.SpecificRecordBase;

import com.dialer.schemas.AvroDecodingException;
import com.dialer.schemas.AvroSerde;
import com.dialer.schemas.DeadLetterHeaders;

/**
 * Reads an input topic's raw bytes, so a record that cannot be decoded or fails validation goes
 * to the topic's DLQ (raw bytes, reason in {@link DeadLetterHeaders}) instead of stopping the
 * stream thread, and every good record passes on decoded.
 */
final class InputDecoder<V extends SpecificRecordBase> implements Processor<String, byte[], String, Object> {
    static final String SERVICE = "dialer-scheduler";

    private final String topic;
    private final AvroSerde<V> serde;
    private final Function<V, Optional<String>> problem;
    private final Function<V, String> campaignOf;
    private final String validChild;
    private final String dlqChild;
    private ProcessorContext<String, Object> context;

    InputDecoder(String topic, AvroSerde<V> serde, Function<V, Optional<String>> problem, Function<V, String> campaignOf,
                 String validChild, String dlqChild) {
        this.campaignOf = campaignOf;
        this.topic = topic;
        this.serde = serde;
        this.problem = problem;
        this.validChild = validChild;
        this.dlqChild = dlqChild;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            deadLetter(record, "empty value (tombstone) where a " + serde.type().getSimpleName() + " was expected", null);
            return;
        }
        V value;
        try {
            value = serde.deserialize(topic, record.value());
        } catch (AvroDecodingException e) {
            deadLetter(record, e.reason(), e);
            return;
        }
        Optional<String> invalid = problem.apply(value);
        if (invalid.isPresent()) {
            deadLetter(record, invalid.get(), null);
            return;
        }
        // a campaign's records must share its partition, or its state would split across tasks
        if (!campaignOf.apply(value).equals(record.key())) {
            deadLetter(record, "record key '" + record.key() + "' is not its campaignId '" + campaignOf.apply(value) + "'", null);
            return;
        }
        context.forward(record.withValue(value), validChild);
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
        context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(), headers), dlqChild);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
