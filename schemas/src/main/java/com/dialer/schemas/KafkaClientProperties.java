package com.dialer.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * The one owner of what every Kafka client of every service is given: the bootstrap servers, the
 * operator's client properties (security, SASL, TLS, timeouts, compression, …), the replication of
 * the topics we create and the Streams standby replicas. Every producer, consumer, admin client,
 * Kafka Streams instance and Connect worker config is built by {@link #producer}, {@link #consumer},
 * {@link #admin}, {@link #streams} or {@link #connectWorker}, so a property set once reaches them all.
 *
 * <p>Where the operator's properties come from, later winning:
 * <ol>
 *   <li>{@code KAFKA_CONFIG_FILE}: a Java properties file of Kafka client property names
 *       ({@code security.protocol=SASL_SSL});</li>
 *   <li>the environment: {@code KAFKA_<NAME>} is the property whose name is {@code NAME} lower-cased
 *       with {@code _} read as {@code .}, {@code __} as {@code _} and {@code ___} as {@code -} (the
 *       rule of Confluent's images): {@code KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}.
 *       Not read this way: {@code KAFKA_BOOTSTRAP_SERVERS} and {@code KAFKA_CONFIG_FILE} (keys of
 *       their own) and the Kafka scripts' variables ({@link #NOT_CLIENT_PROPERTIES}).</li>
 * </ol>
 * A property must be one a producer, consumer or admin client knows, with a value its type and
 * validator accept; the properties our promises depend on ({@link #PROMISES}) may only be given the
 * value we set; those the services set themselves ({@link #OWNED}) not at all. Anything else
 * stops start-up with a message naming the key. Otherwise the operator's value wins over our
 * tuning (linger, timeouts, client ids).
 *
 * @param bootstrapServers KAFKA_BOOTSTRAP_SERVERS
 * @param overrides        the operator's client properties, by property name
 * @param replication      how the topics we create are replicated
 * @param standbyReplicas  STREAMS_NUM_STANDBY_REPLICAS
 */
public record KafkaClientProperties(String bootstrapServers, Map<String, String> overrides, TopicReplication replication,
                                    int standbyReplicas) {

    /** The environment prefix of client properties. */
    public static final String PREFIX = "KAFKA_";

    public static final ConfigKey<String> BOOTSTRAP_SERVERS = new ConfigKey<>("KAFKA_BOOTSTRAP_SERVERS", "", "host:port,…",
            "the Kafka brokers to start from", (keys, key) -> keys.required(key));

    public static final ConfigKey<Path> CONFIG_FILE = ConfigKey.parsed("KAFKA_CONFIG_FILE", "a readable Java properties file",
            "Kafka client properties (security.protocol, sasl.*, ssl.*, …) given to every client of the service; "
                    + "KAFKA_<NAME> in the environment wins over it",
            raw -> raw == null || raw.isBlank() ? null : Path.of(raw.strip()));

    public static final ConfigKey<Integer> STANDBY_REPLICAS = ConfigKey.integer("STREAMS_NUM_STANDBY_REPLICAS", 0, 0, 10,
            "num.standby.replicas of the Kafka Streams services: warm copies of each state store on other instances, "
                    + "so a failed instance's tasks resume without replaying their changelogs");

    /** Every named key, for help texts and docs ({@code KAFKA_<NAME>} is described by {@link #PREFIX_RULE}). */
    public static final List<ConfigKey<?>> ALL = List.of(BOOTSTRAP_SERVERS, CONFIG_FILE, TopicReplication.REPLICATION_FACTOR,
            TopicReplication.MIN_INSYNC_REPLICAS, STANDBY_REPLICAS);

    /** The prefix rule, for help texts. */
    public static final String PREFIX_RULE = "KAFKA_<NAME>: any Kafka client property, NAME lower-cased with _ as '.', "
            + "__ as '_', ___ as '-' (KAFKA_SECURITY_PROTOCOL=SASL_SSL is security.protocol=SASL_SSL); secrets masked in logs";

    /** Environment variables under the prefix that are the Kafka scripts' or images' own, not client properties. */
    public static final Set<String> NOT_CLIENT_PROPERTIES = Set.of("KAFKA_HOME", "KAFKA_OPTS", "KAFKA_HEAP_OPTS",
            "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_JMX_OPTS", "KAFKA_DEBUG",
            "KAFKA_VERSION", "KAFKA_LOG_DIR", "KAFKA_CLUSTER_ID");

    /**
     * Properties our promises depend on, with the one value they may be given: a producer that may
     * lose or duplicate a write (acks, idempotence), a consumer that reads aborted transactions,
     * commits offsets behind our back or starts a new group at the end of a topic (skipping every
     * contact and setting already there) would break exactly-once dialing.
     */
    public static final Map<String, List<String>> PROMISES = Map.of(
            ProducerConfig.ACKS_CONFIG, List.of("all", "-1"),
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, List.of("true"),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, List.of("read_committed"),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, List.of("false"),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, List.of("earliest"),
            "processing.guarantee", List.of("exactly_once_v2"));

    /** Properties each service sets itself, with where to set them instead. */
    public static final Map<String, String> OWNED = Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "set KAFKA_BOOTSTRAP_SERVERS instead",
            ConsumerConfig.GROUP_ID_CONFIG, "each service names its own group",
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "one per instance: a value shared by every instance would fence them",
            ProducerConfig.PARTITIONER_CLASS_CONFIG, "records are placed by key, as Kafka Streams' co-partitioning expects",
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "Kafka Streams owns the transactional ids",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "each topic has its serdes",
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "each topic has its serdes",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "each topic has its serdes",
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "each topic has its serdes");

    private static final List<ConfigDef> CLIENT_DEFS = List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(),
            AdminClientConfig.configDef());

    public KafkaClientProperties {
        overrides = Map.copyOf(overrides);
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException(STANDBY_REPLICAS.name() + ": must be >= 0, was " + standbyReplicas);
        }
    }

    /** Only the bootstrap servers, topics on one broker: tests and the embedded stack's own clients. */
    public static KafkaClientProperties of(String bootstrapServers) {
        return new KafkaClientProperties(bootstrapServers, Map.of(), TopicReplication.ONE_BROKER, 0);
    }

    /** The same settings for the brokers at {@code bootstrapServers}. */
    public KafkaClientProperties withBootstrapServers(String bootstrapServers) {
        return new KafkaClientProperties(bootstrapServers, overrides, replication, standbyReplicas);
    }

    /** Reads and checks every key; KAFKA_BOOTSTRAP_SERVERS is required. */
    public static KafkaClientProperties from(EnvironmentKeys keys) {
        return from(keys, BOOTSTRAP_SERVERS.read(keys));
    }

    /** As {@link #from(EnvironmentKeys)} with {@code bootstrapServers} when KAFKA_BOOTSTRAP_SERVERS is unset. */
    public static KafkaClientProperties from(EnvironmentKeys keys, String bootstrapServers) {
        Map<String, String> overrides = new TreeMap<>();
        Path file = CONFIG_FILE.read(keys);
        if (file != null) {
            load(file).forEach((name, value) -> overrides.put(name, checked(name, value,
                    CONFIG_FILE.name() + " (" + file + "): " + name)));
        }
        for (String key : new TreeSet<>(keys.names())) {
            if (key.startsWith(PREFIX) && ALL.stream().noneMatch(k -> k.name().equals(key)) && !NOT_CLIENT_PROPERTIES.contains(key)) {
                String value = keys.optional(key, null);
                if (value != null) {
                    String name = propertyName(key);
                    overrides.put(name, checked(name, value, key + " (" + name + ")"));
                }
            }
        }
        overrides.values().removeIf(v -> v == null);
        return new KafkaClientProperties(keys.optional(BOOTSTRAP_SERVERS.name(), bootstrapServers), overrides,
                TopicReplication.from(keys), STANDBY_REPLICAS.read(keys));
    }

    /** {@code KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}; {@code ___} → '-', {@code __} → '_', {@code _} → '.'. */
    static String propertyName(String environmentKey) {
        return environmentKey.substring(PREFIX.length()).toLowerCase(Locale.ROOT)
                .replace("___", "\u0001").replace("__", "\u0002").replace('_', '.')
                .replace('\u0001', '-').replace('\u0002', '_');
    }

    private static Map<String, String> load(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(CONFIG_FILE.name() + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        return properties.stringPropertyNames().stream().collect(Collectors.toMap(n -> n, n -> properties.getProperty(n).strip()));
    }

    /**
     * The value when it may be given; null when it repeats what a promise needs (nothing to add); an
     * exception naming {@code where} otherwise. A secret's value is never repeated in the message.
     */
    private static String checked(String name, String value, String where) {
        if (OWNED.containsKey(name)) {
            throw new IllegalArgumentException(where + ": not settable here, " + OWNED.get(name));
        }
        if (PROMISES.containsKey(name)) {
            if (PROMISES.get(name).contains(value.toLowerCase(Locale.ROOT))) {
                return null;
            }
            throw new IllegalArgumentException(where + ": the pipeline's promises depend on " + name + "="
                    + PROMISES.get(name).get(0) + "; refusing " + value);
        }
        List<ConfigDef.ConfigKey> defs = CLIENT_DEFS.stream().map(def -> def.configKeys().get(name))
                .filter(Objects::nonNull).toList();
        if (defs.isEmpty()) {
            throw new IllegalArgumentException(where + ": not a Kafka producer, consumer or admin client property");
        }
        for (ConfigDef.ConfigKey def : defs) {
            try {
                Object parsed = ConfigDef.parseType(name, value, def.type);
                if (def.validator != null) {
                    def.validator.ensureValid(name, parsed);
                }
            } catch (ConfigException e) {
                throw new IllegalArgumentException(where + ": " + (secret(name) ? "not a valid value" : e.getMessage()));
            }
        }
        return value;
    }

    /** A property whose value is a secret: Kafka's own PASSWORD type (sasl.jaas.config, ssl.*.password, keys) or named so. */
    static boolean secret(String name) {
        return name.contains("password") || CLIENT_DEFS.stream().map(def -> def.configKeys().get(name))
                .anyMatch(def -> def != null && def.type == ConfigDef.Type.PASSWORD);
    }

    /**
     * Why a client could not use the cluster, naming the key an operator fixes: a refused SASL login
     * names {@code KAFKA_SASL_JAAS_CONFIG} (sasl.jaas.config, from the environment or the config file),
     * a failed TLS handshake the trust store, any other failure {@code KAFKA_BOOTSTRAP_SERVERS}. The
     * cause's own message follows; a secret never appears in it (Kafka's messages carry none).
     */
    public static String unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SaslAuthenticationException) {
                return PREFIX + "SASL_JAAS_CONFIG (sasl.jaas.config, or in " + CONFIG_FILE.name()
                        + "): the brokers refused the login: " + cause.getMessage();
            }
            if (cause instanceof SslAuthenticationException) {
                return PREFIX + "SSL_TRUSTSTORE_LOCATION (ssl.truststore.*, or in " + CONFIG_FILE.name()
                        + "): the TLS handshake with the brokers failed: " + cause.getMessage();
            }
            if (cause instanceof AuthenticationException) {
                return PREFIX + "SECURITY_PROTOCOL / KAFKA_SASL_* (or in " + CONFIG_FILE.name()
                        + "): the brokers refused the client: " + cause.getMessage();
            }
        }
        return BOOTSTRAP_SERVERS.name() + ": cannot reach the brokers: " + failure;
    }

    /**
     * Asks the cluster once, at start-up, whether it takes these credentials: a refused SASL login or TLS
     * handshake is a bad configuration (an {@link IllegalArgumentException} naming the key, {@link #unreachable}),
     * which no retry mends. A cluster that does not answer within 30 s is left to the clients, which wait for it.
     */
    public void checkCredentials() {
        try (Admin admin = Admin.create(admin(Map.of()))) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException) {
                throw new IllegalArgumentException(unreachable(e), e.getCause());
            }
        } catch (TimeoutException notYet) {
            // not up yet, or unreachable: the clients keep trying, as they would without this check
        }
    }

    /**
     * The replication of the topics we create, fitted to the cluster's live brokers ({@link TopicReplication#on}):
     * asks the cluster, so only for start-up (Kafka Streams' internal topics).
     */
    public TopicReplication replicationOnCluster() {
        try (Admin admin = Admin.create(admin(Map.of()))) {
            return replication.on(admin);
        }
    }

    /** A producer's config: {@code ours}, then the operator's properties a producer knows, then the bootstrap servers. */
    public Map<String, Object> producer(Map<String, ?> ours) {
        return merged(ours, ProducerConfig.configNames());
    }

    /** A consumer's config, as {@link #producer}. */
    public Map<String, Object> consumer(Map<String, ?> ours) {
        return merged(ours, ConsumerConfig.configNames());
    }

    /** An admin client's config, as {@link #producer}. */
    public Map<String, Object> admin(Map<String, ?> ours) {
        return merged(ours, AdminClientConfig.configNames());
    }

    /**
     * A Kafka Streams config: {@code ours}, then every operator property (Streams gives each of its
     * clients the ones it knows), internal topics replicated as {@code replication} (already fitted to
     * the cluster, {@link TopicReplication#on}), the standby replicas.
     */
    public Properties streams(Map<String, ?> ours, TopicReplication replication) {
        Properties props = new Properties();
        props.putAll(ours);
        props.putAll(overrides);
        props.put("replication.factor", (int) replication.replicationFactor());
        props.put("topic." + TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                Integer.toString(replication.minInsyncReplicas()));
        props.put("num.standby.replicas", standbyReplicas);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /**
     * A Connect worker's config: {@code ours}, then the operator's properties at the top level (the
     * worker's own clients) and again under {@code producer.}, {@code consumer.} and {@code admin.}
     * (the clients of the connectors' tasks and of the dead-letter reporter, which read only their prefix).
     */
    public Map<String, String> connectWorker(Map<String, String> ours) {
        Map<String, String> worker = new HashMap<>(ours);
        worker.putAll(overrides);
        overrides.forEach((name, value) -> {
            if (ProducerConfig.configNames().contains(name)) {
                worker.put("producer." + name, value);
            }
            if (ConsumerConfig.configNames().contains(name)) {
                worker.put("consumer." + name, value);
            }
            if (AdminClientConfig.configNames().contains(name)) {
                worker.put("admin." + name, value);
            }
        });
        worker.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return worker;
    }

    private Map<String, Object> merged(Map<String, ?> ours, Set<String> known) {
        Map<String, Object> config = new HashMap<>(ours);
        overrides.forEach((name, value) -> {
            if (known.contains(name)) {
                config.put(name, value);
            }
        });
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /** As logged at start-up: secrets masked. */
    @Override
    public String toString() {
        return "KafkaClientProperties[bootstrap=" + Masked.uri(bootstrapServers) + ", properties=" + masked(overrides)
                + ", replication=" + replication.replicationFactor() + "/min.insync " + replication.minInsyncReplicas()
                + ", standbyReplicas=" + standbyReplicas + "]";
    }

    /** {@code properties} with every secret's value masked, for logs and state files. */
    public static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((name, value) -> shown.put(name, secret(name) ? Masked.secret(value) : value));
        return shown;
    }
}
