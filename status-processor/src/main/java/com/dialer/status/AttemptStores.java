package com.dialer.status;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The status-processor's state: persistent RocksDB stores, each backed by a changelog topic.
 *
 * <pre>
 * attempts            attemptId                   → Attempt (JSON: fields may be added without a migration)
 * attempt-deadlines   dueMillis(13 digits)|attemptId → attemptId: when the reaper must look at the attempt next
 *                                                   (live: its lease deadline; final: the end of the wait for its
 *                                                   identity, then the end of its retention)
 * </pre>
 * Zero-padded due times sort as numbers, so "everything due by now" is one range scan from the start.
 */
final class AttemptStores {
    static final String ATTEMPTS = "attempts";
    static final String DEADLINES = "attempt-deadlines";

    final KeyValueStore<String, Attempt> attempts;
    final KeyValueStore<String, String> deadlines;

    AttemptStores(ProcessingContext context) {
        this.attempts = context.getStateStore(ATTEMPTS);
        this.deadlines = context.getStateStore(DEADLINES);
    }

    static StoreBuilder<KeyValueStore<String, Attempt>> attemptStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ATTEMPTS), Serdes.String(), new AttemptSerde());
    }

    static StoreBuilder<KeyValueStore<String, String>> deadlineStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEADLINES), Serdes.String(), Serdes.String());
    }

    static String deadlineKey(long dueMillis, String attemptId) {
        return String.format("%013d|%s", dueMillis, attemptId);
    }

    /** The first key after every entry due at or before {@code millis}. */
    static String dueBound(long millis) {
        return String.format("%013d", millis + 1);
    }

    /** Saves the attempt and moves its deadline entry when its due time changed. */
    void save(Attempt before, Attempt after) {
        attempts.put(after.attemptId(), after);
        long was = before == null ? 0L : before.dueAt();
        if (was != after.dueAt()) {
            if (was > 0) {
                deadlines.delete(deadlineKey(was, after.attemptId()));
            }
            deadlines.put(deadlineKey(after.dueAt(), after.attemptId()), after.attemptId());
        }
    }

    void forget(Attempt attempt) {
        attempts.delete(attempt.attemptId());
        deadlines.delete(deadlineKey(attempt.dueAt(), attempt.attemptId()));
    }

    /** JSON, so the store survives fields added later (unknown ones are ignored, missing ones stay null). */
    static final class AttemptSerde implements Serde<Attempt>, Serializer<Attempt>, Deserializer<Attempt> {
        private static final ObjectMapper JSON = new ObjectMapper()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

        @Override
        public byte[] serialize(String topic, Attempt attempt) {
            if (attempt == null) {
                return null;
            }
            try {
                return JSON.writeValueAsBytes(attempt);
            } catch (IOException e) {
                throw new SerializationException("cannot write attempt " + attempt.attemptId(), e);
            }
        }

        @Override
        public Attempt deserialize(String topic, byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            try {
                return JSON.readValue(bytes, Attempt.class);
            } catch (IOException e) {
                throw new SerializationException("cannot read an attempt from " + topic, e);
            }
        }

        @Override
        public Serializer<Attempt> serializer() {
            return this;
        }

        @Override
        public Deserializer<Attempt> deserializer() {
            return this;
        }

        @Override
        public void configure(java.util.Map<String, ?> configs, boolean isKey) {
            // configured by construction
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
