package com.dialer.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.admin.Admin;

import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.TopicReplication;
import com.dialer.stack.KafkaCluster;
import com.dialer.stack.RedisCluster;
import com.dialer.stack.RedisServer;

import io.lettuce.core.AclSetuserArgs;

/**
 * The infrastructure of {@link Topology#CLUSTER}: local-stack's {@link KafkaCluster} (three KRaft brokers, clients
 * over SASL_SSL with SCRAM-SHA-512, topics RF 3 / min.insync.replicas 2) and {@link RedisCluster} (3 masters, 3
 * replicas). The services reach them as production would, through the keys they already read: KAFKA_BOOTSTRAP_SERVERS
 * and KAFKA_CONFIG_FILE, and a {@code redis-cluster://} REDIS_URI with a user and password. The suite's own witness
 * clients read the topics on the brokers' plaintext loopback listener, which answers however the clients' fares.
 */
public final class ClusterInfra implements AutoCloseable {
    static final TopicReplication REPLICATION = new TopicReplication((short) 3, 2);

    private final KafkaCluster kafka;
    private final RedisCluster redis;
    private final Path clientConfig;

    private ClusterInfra(KafkaCluster kafka, RedisCluster redis, Path clientConfig) {
        this.kafka = kafka;
        this.redis = redis;
        this.clientConfig = clientConfig;
    }

    /** Starts both clusters side by side; {@code dir} receives the services' Kafka client properties file. */
    static ClusterInfra start(Path dir) {
        try (var starting = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<KafkaCluster> kafka = CompletableFuture.supplyAsync(KafkaCluster::start, starting);
            CompletableFuture<RedisCluster> redis = CompletableFuture.supplyAsync(RedisCluster::start, starting);
            try {
                CompletableFuture.allOf(kafka, redis).join();
            } catch (CompletionException e) {
                kafka.thenAccept(KafkaCluster::close);
                redis.thenAccept(RedisCluster::close);
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            return new ClusterInfra(kafka.join(), redis.join(), kafka.join().writeClientConfig(dir.resolve("kafka-client.properties")));
        }
    }

    public KafkaCluster kafka() {
        return kafka;
    }

    public RedisCluster redis() {
        return redis;
    }

    /** What every service gets for Kafka: the SASL_SSL listeners, the client properties file, production's replication. */
    Map<String, String> kafkaEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(KafkaClientProperties.BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
        env.put(KafkaClientProperties.CONFIG_FILE.name(), clientConfig.toString());
        env.put(TopicReplication.REPLICATION_FACTOR.name(), Short.toString(REPLICATION.replicationFactor()));
        env.put(TopicReplication.MIN_INSYNC_REPLICAS.name(), Integer.toString(REPLICATION.minInsyncReplicas()));
        // two instances of each Streams service: a warm copy of each store on the other, as production would run them
        env.put(KafkaClientProperties.STANDBY_REPLICAS.name(), "1");
        return env;
    }

    /** The same, as the Connect worker in the suite's JVM is given it. */
    KafkaClientProperties kafkaClient() {
        Map<String, String> overrides = new LinkedHashMap<>();
        kafka.clientProperties().forEach((k, v) -> overrides.put((String) k, (String) v));
        return new KafkaClientProperties(kafka.bootstrapServers(), overrides, REPLICATION, 0);
    }

    /** The plaintext loopback listeners, for the suite's own clients (feed, tally, dead-letter reads). */
    String witnessBootstrapServers() {
        return kafka.internalBootstrapServers();
    }

    Admin admin() {
        return kafka.admin();
    }

    /** {@code redis-cluster://user:password@h1:p1,…}; without a user, the default one (this JVM's). */
    String redisUri(String user, String password) {
        String seeds = redis.uri().substring("redis-cluster://".length());
        return user == null ? redis.uri() : "redis-cluster://" + user + ":" + password + "@" + seeds;
    }

    /** Creates the services' user on every running node: ACL users are per node and live in memory. */
    void grantRedisUser(String user, String password) {
        redis.nodes().stream().filter(RedisServer::isRunning).forEach(node -> grantRedisUser(node, user, password));
    }

    static void grantRedisUser(RedisServer node, String user, String password) {
        RedisCluster.withNode(node, r -> r.aclSetuser(user, AclSetuserArgs.Builder.on().addPassword(password)
                .allKeys().allChannels().allCommands()));
    }

    /** How long the faults wait for a failover or a node's return before they call it stuck. */
    static final Duration RECOVERY = Duration.ofSeconds(90);

    @Override
    public void close() {
        try {
            redis.close();
        } finally {
            kafka.close();
        }
    }
}
