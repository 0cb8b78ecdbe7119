package com.dialer.schemas;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every topic we create is replicated: the topics of the catalog, Kafka Streams' changelogs and
 * repartition topics, the archiver's dead-letter topic. One owner, so no topic is created less safe
 * than the others.
 *
 * @param replicationFactor TOPIC_REPLICATION_FACTOR
 * @param minInsyncReplicas TOPIC_MIN_INSYNC_REPLICAS: with acks=all a write is refused, not acknowledged by fewer
 */
public record TopicReplication(short replicationFactor, int minInsyncReplicas) {
    private static final Logger LOG = LoggerFactory.getLogger(TopicReplication.class);

    public static final ConfigKey<Integer> REPLICATION_FACTOR = ConfigKey.integer("TOPIC_REPLICATION_FACTOR", 3, 1, Short.MAX_VALUE,
            "replicas of every topic we create (catalog, Streams internal topics, dead-letter topics); on a cluster with fewer "
                    + "live brokers it is lowered to their number with a WARN, so a one-broker stack runs unchanged");
    public static final ConfigKey<Integer> MIN_INSYNC_REPLICAS = ConfigKey.integer("TOPIC_MIN_INSYNC_REPLICAS", 2, 1, Short.MAX_VALUE,
            "min.insync.replicas of every topic we create: an acks=all write needs this many replicas (at most the replication "
                    + "factor; lowered with it)");

    /** One broker: what tests and the embedded stack ask for explicitly. */
    public static final TopicReplication ONE_BROKER = new TopicReplication((short) 1, 1);

    public TopicReplication {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(REPLICATION_FACTOR.name() + ": must be >= 1, was " + replicationFactor);
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException(MIN_INSYNC_REPLICAS.name() + ": must be between 1 and " + REPLICATION_FACTOR.name()
                    + " (" + replicationFactor + "), was " + minInsyncReplicas);
        }
    }

    public static TopicReplication from(EnvironmentKeys keys) {
        return new TopicReplication(REPLICATION_FACTOR.read(keys).shortValue(), MIN_INSYNC_REPLICAS.read(keys));
    }

    /** The topic configs that carry it (the replication factor itself goes in the creation request). */
    public Map<String, String> topicConfigs() {
        return Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
    }

    /**
     * This replication on a cluster of {@code liveBrokers}: lowered to their number when fewer (a topic
     * asking for more replicas than brokers cannot be created at all), with a WARN naming the key.
     * min.insync.replicas keeps its distance below the factor so a lowered topic still takes writes.
     */
    public TopicReplication on(int liveBrokers) {
        if (liveBrokers < 1 || liveBrokers >= replicationFactor) {
            return this;
        }
        TopicReplication lowered = new TopicReplication((short) liveBrokers,
                Math.max(1, minInsyncReplicas - (replicationFactor - liveBrokers)));
        LOG.warn("{}={} but the cluster has {} live broker(s): topics are created with replication factor {} and "
                        + "min.insync.replicas {}; they are not raised when brokers join", REPLICATION_FACTOR.name(), replicationFactor,
                liveBrokers, lowered.replicationFactor, lowered.minInsyncReplicas);
        return lowered;
    }

    /** As {@link #on(int)}, the live brokers counted through {@code admin}. */
    public TopicReplication on(Admin admin) {
        try {
            return on(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting the brokers", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(KafkaClientProperties.unreachable(e), e);
        }
    }
}
