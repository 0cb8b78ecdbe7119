package com.dialer.schemas;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/** One topic: its name, layout and serdes. */
public record Topic<K, V>(String name, int partitions, Cleanup cleanup, Duration retention,
                          Serde<K> keySerde, Serde<V> valueSerde) {

    public enum Cleanup {
        DELETE(TopicConfig.CLEANUP_POLICY_DELETE),
        COMPACT(TopicConfig.CLEANUP_POLICY_COMPACT);

        final String policy;

        Cleanup(String policy) {
            this.policy = policy;
        }
    }

    public Topic {
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1");
        }
    }

    public Map<String, String> configs() {
        // retention -1 = keep forever (compacted tables)
        long retentionMs = retention == null ? -1 : retention.toMillis();
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanup.policy,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
    }

    public NewTopic newTopic(TopicReplication replication) {
        Map<String, String> configs = new java.util.HashMap<>(configs());
        configs.putAll(replication.topicConfigs());
        return new NewTopic(name, partitions, replication.replicationFactor()).configs(configs);
    }
}
