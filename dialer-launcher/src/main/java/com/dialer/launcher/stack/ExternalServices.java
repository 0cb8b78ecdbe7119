package com.dialer.launcher.stack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.dialer.schemas.EnvironmentKeys;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.KeySource;
import com.dialer.schemas.Masked;
import com.dialer.state.RedisEndpoint;

/**
 * The parts of the stack that run elsewhere: each one given replaces the part {@link DialerStack}
 * would otherwise start itself (null = embedded). The embedded broker is plaintext and alone, so a
 * Kafka client properties file only makes sense with an external Kafka.
 *
 * @param kafkaBootstrap HOST:PORT[,HOST:PORT…] of an external Kafka
 * @param kafkaConfig    a Kafka client properties file for it (KAFKA_CONFIG_FILE of every service)
 * @param redisUri       an external Redis
 * @param mongoUri       an external MongoDB
 */
public record ExternalServices(String kafkaBootstrap, Path kafkaConfig, String redisUri, String mongoUri) {

    /** Everything embedded. */
    public static final ExternalServices NONE = new ExternalServices(null, null, null, null);

    /** What state.json and the start-up lines call the two kinds of part. */
    public static final String EMBEDDED = "embedded";
    public static final String EXTERNAL = "external";

    public ExternalServices {
        if (kafkaBootstrap != null && !kafkaBootstrap.matches("[^\\s,:/]+:\\d{1,5}(,[^\\s,:/]+:\\d{1,5})*")) {
            throw new IllegalArgumentException("--kafka-bootstrap: HOST:PORT[,HOST:PORT...], was " + kafkaBootstrap);
        }
        if (kafkaConfig != null && kafkaBootstrap == null) {
            throw new IllegalArgumentException("--kafka-config: only with --kafka-bootstrap (the embedded broker takes no client properties)");
        }
        if (kafkaConfig != null && !Files.isReadable(kafkaConfig)) {
            throw new IllegalArgumentException("--kafka-config: cannot read " + kafkaConfig);
        }
        if (redisUri != null) {
            // the rule every service reads REDIS_URI by: one node, a Sentinel-watched master or a cluster
            RedisEndpoint.parse("--redis-uri", redisUri);
        }
        checkUri("--mongodb-uri", mongoUri, "mongodb");
    }

    private static void checkUri(String option, String uri, String schemePrefix) {
        if (uri == null) {
            return;
        }
        String scheme;
        try {
            scheme = URI.create(uri).getScheme();
        } catch (IllegalArgumentException e) {
            scheme = null;
        }
        if (scheme == null || !scheme.startsWith(schemePrefix)) {
            throw new IllegalArgumentException(option + ": a " + schemePrefix + "… URI, was " + Masked.uri(uri));
        }
    }

    /**
     * The external Kafka's client settings, read and checked as every service reads them (an unknown
     * property or one our promises refuse stops here, naming it); null when Kafka is embedded.
     */
    public KafkaClientProperties kafka() {
        if (kafkaBootstrap == null) {
            return null;
        }
        Map<String, String> keys = new HashMap<>();
        keys.put(KafkaClientProperties.BOOTSTRAP_SERVERS.name(), kafkaBootstrap);
        if (kafkaConfig != null) {
            keys.put(KafkaClientProperties.CONFIG_FILE.name(), kafkaConfig.toAbsolutePath().toString());
        }
        return KafkaClientProperties.from(new EnvironmentKeys(KeySource.of(keys)));
    }

    /** kafka, redis, mongodb → embedded or external, for state.json. */
    public Map<String, String> parts() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("kafka", kafkaBootstrap == null ? EMBEDDED : EXTERNAL);
        parts.put("redis", redisUri == null ? EMBEDDED : EXTERNAL);
        parts.put("mongodb", mongoUri == null ? EMBEDDED : EXTERNAL);
        return parts;
    }

    @Override
    public String toString() {
        return "ExternalServices[kafka=" + kafkaBootstrap + ", kafkaConfig=" + kafkaConfig + ", redis=" + Masked.uri(redisUri)
                + ", mongodb=" + Masked.uri(mongoUri) + "]";
    }
}
