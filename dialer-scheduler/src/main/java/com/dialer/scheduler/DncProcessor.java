package com.dialer.scheduler;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.DncEntry;
import com.dialer.schemas.AvroDecodingException;
import com.dialer.schemas.AvroSerde;

/**
 * Keeps every instance's full copy of the compacted dnc topic (a global store): key = E.164
 * number (everyone) or clientId|number (one client); a tombstone removes the entry. An unreadable
 * entry is skipped here (a global processor cannot forward, and it runs again on every restore);
 * {@link DncCheckTopology} sends it to dnc-dlq once.
 */
final class DncProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(DncProcessor.class);
    private final AvroSerde<DncEntry> serde = AvroSerde.of(DncEntry.class);
    private final String topic;
    private KeyValueStore<String, String> store;

    DncProcessor(String topic) {
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(SchedulerStores.DNC);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            LOG.debug("dnc entry without a key skipped (dnc-dlq has it)");
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        try {
            DncEntry entry = serde.deserialize(topic, record.value());
            store.put(record.key(), entry.getReason() == null ? "dnc" : entry.getReason());
        } catch (AvroDecodingException e) {
            LOG.debug("dnc entry {} skipped (dnc-dlq has it): {}", record.key(), e.reason());
        }
    }
}
