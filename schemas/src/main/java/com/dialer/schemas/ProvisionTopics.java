package com.dialer.schemas;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -cp … com.dialer.schemas.ProvisionTopics}: creates every topic of the catalog that is
 * missing (the deployment's init step). Environment: the Kafka client keys of {@link KafkaClientProperties}
 * (KAFKA_BOOTSTRAP_SERVERS required; TOPIC_REPLICATION_FACTOR default 3, TOPIC_MIN_INSYNC_REPLICAS default 2),
 * TOPIC_PREFIX (default empty), TOPIC_PARTITIONS (default 6).
 */
public final class ProvisionTopics {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionTopics.class);

    /** Every environment key this step reads. */
    public static final java.util.Set<String> ENV_KEYS = java.util.Set.of("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_CONFIG_FILE",
            "TOPIC_PREFIX", "TOPIC_PARTITIONS", "TOPIC_REPLICATION_FACTOR", "TOPIC_MIN_INSYNC_REPLICAS", LogKeys.LOG_LEVEL.name(),
            LogKeys.LOG_FORMAT.name());

    private ProvisionTopics() {
    }

    public static void main(String[] args) {
        EnvironmentKeys keys = new EnvironmentKeys(KeySource.of(System.getenv()));
        KafkaClientProperties kafka;
        TopicCatalog catalog;
        try {
            LogKeys.check(keys);
            kafka = KafkaClientProperties.from(keys);
            catalog = TopicCatalog.of(keys.optional("TOPIC_PREFIX", ""), keys.integer("TOPIC_PARTITIONS", 6, 1, 100_000));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("{}", kafka);
        try (Admin admin = Admin.create(kafka.admin(Map.of()))) {
            LOG.info("created {}", new TopicProvisioner(admin, kafka.replication()).ensure(catalog.all()));
        }
    }
}
