package com.dialer.scheduler;

import java.util.Optional;
import java.util.function.BiFunction;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import com.dialer.schemas.AvroDecodingException;
import com.dialer.schemas.AvroSerde;

/**
 * Reads an input topic's raw bytes, so a record that cannot be decoded or fails validation goes
 * to the topic's DLQ (raw bytes, reason in headers) instead of stopping the stream thread, and
 * every good record passes on decoded to {@code validChild} (none: the check is all there is).
 */
final class InputDecoder<V extends SpecificRecordBase> implements Processor<String, byte[], String, Object> {
    private final String topic;
    private final SchedulerMeters meters;
    private final AvroSerde<V> serde;
    private final BiFunction<String, V, Optional<String>> problem;
    private final boolean tombstonesAllowed;
    private final String validChild;
    private final String dlqChild;
    private ProcessorContext<String, Object> context;
    private DeadLetters deadLetters;

    /**
     * @param problem           what is wrong with a decoded record and its key, if anything
     * @param tombstonesAllowed a null value is a valid record (a compacted topic's delete)
     * @param validChild        where good records go; null to drop them after the check
     */
    InputDecoder(String topic, AvroSerde<V> serde, BiFunction<String, V, Optional<String>> problem,
                 boolean tombstonesAllowed, String validChild, String dlqChild, SchedulerMeters meters) {
        this.meters = meters;
        this.topic = topic;
        this.serde = serde;
        this.problem = problem;
        this.tombstonesAllowed = tombstonesAllowed;
        this.validChild = validChild;
        this.dlqChild = dlqChild;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.deadLetters = new DeadLetters(context, topic, dlqChild, meters);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            if (tombstonesAllowed && record.key() != null) {
                forward(record.<Object>withValue(null));
            } else {
                deadLetters.send(record, null, record.key() == null ? "tombstone without a key"
                        : "empty value (tombstone) where a " + serde.type().getSimpleName() + " was expected", null);
            }
            return;
        }
        V value;
        try {
            value = serde.deserialize(topic, record.value());
        } catch (AvroDecodingException e) {
            deadLetters.send(record, record.value(), e.reason(), e);
            return;
        }
        Optional<String> invalid = problem.apply(record.key(), value);
        if (invalid.isPresent()) {
            deadLetters.send(record, record.value(), invalid.get(), null);
            return;
        }
        forward(record.withValue(value));
    }

    private void forward(Record<String, ?> record) {
        if (validChild != null) {
            context.forward(record, validChild);
        }
    }
}
