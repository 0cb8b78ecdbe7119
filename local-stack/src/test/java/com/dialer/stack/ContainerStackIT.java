package com.dialer.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.mongodb.client.MongoClients;

import io.lettuce.core.RedisClient;

/**
 * The same smoke checks on the production images (Kafka KRaft, Redis, MongoDB), where a Docker
 * engine exists. Tagged {@code containers}: run with {@code ./mvnw verify -Pcontainers}; skipped
 * cleanly without Docker. The local stack ({@link LocalStackIT}) always runs.
 */
@Tag("containers")
@Testcontainers(disabledWithoutDocker = true)
class ContainerStackIT {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");
    @Container
    static final GenericContainer<?> REDIS = new GenericContainer<>("redis:7.4")
            .withCommand("redis-server", "--maxmemory-policy", "noeviction").withExposedPorts(6379);
    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @Test
    void theCatalogProvisionsOnRealKafkaAndRedisAndMongoAnswer() throws Exception {
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers()))) {
            TopicCatalog catalog = TopicCatalog.of("containers-", 1);
            new TopicProvisioner(admin, (short) 1).ensure(catalog.all());
            assertThat(admin.listTopics().names().get()).contains(catalog.callEvents().name());
        }
        RedisClient redis = RedisClient.create("redis://" + REDIS.getHost() + ":" + REDIS.getMappedPort(6379));
        try (var c = redis.connect()) {
            assertThat(c.sync().ping()).isEqualTo("PONG");
        } finally {
            redis.shutdown();
        }
        try (var mongo = MongoClients.create(MONGO.getConnectionString())) {
            var calls = mongo.getDatabase("dialer").getCollection("calls");
            calls.insertOne(new Document("_id", "a-1"));
            assertThat(calls.find().into(new java.util.ArrayList<>())).hasSize(1);
        }
        assertThat(List.of(KAFKA, REDIS, MONGO)).allMatch(GenericContainer::isRunning);
    }
}
