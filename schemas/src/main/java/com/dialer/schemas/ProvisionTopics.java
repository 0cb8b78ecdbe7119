package com.dialer.schemas;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -cp … com.dialer.schemas.ProvisionTopics}: creates every topic of the catalog that is
 * missing (the deployment's init step). Environment: KAFKA_BOOTSTRAP_SERVERS (required),
 * TOPIC_PREFIX (default empty), TOPIC_PARTITIONS (default 6), TOPIC_REPLICATION_FACTOR (default 1).
 */
public final class ProvisionTopics {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionTopics.class);

    /** Every environment key this step reads. */
    public static final java.util.Set<String> ENV_KEYS = java.util.Set.of("KAFKA_BOOTSTRAP_SERVERS", "TOPIC_PREFIX",
            "TOPIC_PARTITIONS", "TOPIC_REPLICATION_FACTOR", LogKeys.LOG_LEVEL.name(), LogKeys.LOG_FORMAT.name());

    private ProvisionTopics() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        try {
            LogKeys.check(new EnvironmentKeys(env::get));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null || bootstrap.isBlank()) {
            System.err.println("KAFKA_BOOTSTRAP_SERVERS: required, not set");
            System.exit(2);
        }
        int partitions = positive(env, "TOPIC_PARTITIONS", 6);
        short replication = (short) positive(env, "TOPIC_REPLICATION_FACTOR", 1);
        TopicCatalog catalog = TopicCatalog.of(env.getOrDefault("TOPIC_PREFIX", ""), partitions);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            LOG.info("created {}", new TopicProvisioner(admin, replication).ensure(catalog.all()));
        }
    }

    private static int positive(Map<String, String> env, String key, int fallback) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println(key + ": must be a whole number >= 1, was " + v);
        System.exit(2);
        return fallback;
    }
}
