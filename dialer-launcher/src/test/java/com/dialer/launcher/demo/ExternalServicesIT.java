package com.dialer.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.dialer.launcher.stack.DialerStack;
import com.dialer.stack.LocalStack;
import com.dialer.stack.RedisCluster;

import io.lettuce.core.RedisClient;
import picocli.CommandLine;

/**
 * {@code ./dialer demo --kafka-bootstrap … --kafka-config … --redis-uri …} against a Kafka and a Redis
 * started elsewhere (here by local-stack, as an operator's would be): the stack starts neither of its
 * own, only MongoDB; every service's clients get the client properties file (the external broker sees
 * its client.id); the campaigns complete with every promise held, their state in the external Redis.
 */
class ExternalServicesIT {

    @TempDir
    Path dir;

    @Test
    void aDemoOnAnExternalKafkaAndRedisStartsNeitherAndKeepsEveryPromise() throws Exception {
        try (LocalStack elsewhere = LocalStack.start(true, true, false)) {
            Path kafkaConfig = Files.writeString(dir.resolve("kafka-client.properties"), "client.id=ops-external\n");
            DemoCommand demo = new DemoCommand();
            new CommandLine(demo).parseArgs("--contacts", "60", "--clients", "2", "--cap", "4", "--rate", "1200",
                    "--time-scale", "0.01", "--quiet", "--timeout", "180",
                    "--kafka-bootstrap", elsewhere.bootstrapServers(), "--kafka-config", kafkaConfig.toString(),
                    "--redis-uri", elsewhere.redis().uri());

            try (DialerStack stack = DialerStack.start(demo.stackOptions(), demo.publishing())) {
                assertThat(stack.infrastructure().hasKafka()).as("embedded Kafka started").isFalse();
                assertThat(stack.infrastructure().hasRedis()).as("embedded Redis started").isFalse();
                assertThat(stack.infrastructure().hasMongo()).isTrue();
                assertThat(stack.endpoints().parts()).containsEntry("kafka", "external").containsEntry("redis", "external")
                        .containsEntry("mongodb", "embedded");
                assertThat(stack.endpoints().kafkaBootstrap()).isEqualTo(elsewhere.bootstrapServers());
                assertThat(stack.endpoints().kafkaConfigFile()).isEqualTo(kafkaConfig.toAbsolutePath().toString());

                DemoReport report = demo.runOn(stack);
                report.print(System.out);

                assertThat(report.promisesHeld()).isTrue();
                assertThat(report.contactsWithoutDisposition()).isZero();
                assertThat(report.dispositions().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(60);
                try (Admin admin = elsewhere.kafka().admin()) {
                    assertThat(admin.listTopics().names().get()).contains(stack.topics().dialRequests().name());
                    Collection<MemberDescription> executors = admin.describeConsumerGroups(List.of("call-executor"))
                            .all().get().get("call-executor").members();
                    assertThat(executors).isNotEmpty().allSatisfy(m -> assertThat(m.clientId()).isEqualTo("ops-external"));
                }
                RedisClient redis = RedisClient.create(elsewhere.redis().uri());
                try (var connection = redis.connect()) {
                    assertThat(connection.sync().dbsize()).as("keys in the external Redis").isPositive();
                } finally {
                    redis.shutdown();
                }
            }
        }
    }

    /**
     * {@code ./dialer demo --redis-uri redis-cluster://…} against a Redis Cluster (3 masters, 3 replicas) started
     * elsewhere: every script finds its keys' node, every promise holds, and the keys are spread over the masters.
     */
    @Test
    void aDemoOnAnExternalRedisClusterKeepsEveryPromise() throws Exception {
        try (RedisCluster cluster = RedisCluster.start()) {
            DemoCommand demo = new DemoCommand();
            new CommandLine(demo).parseArgs("--contacts", "90", "--clients", "3", "--cap", "4", "--rate", "1200",
                    "--time-scale", "0.01", "--quiet", "--timeout", "180", "--redis-uri", cluster.uri());

            try (DialerStack stack = DialerStack.start(demo.stackOptions(), demo.publishing())) {
                assertThat(stack.infrastructure().hasRedis()).as("embedded Redis started").isFalse();
                assertThat(stack.endpoints().parts()).containsEntry("redis", "external");

                DemoReport report = demo.runOn(stack);
                report.print(System.out);

                assertThat(report.promisesHeld()).isTrue();
                assertThat(report.contactsWithoutDisposition()).isZero();
                assertThat(report.dispositions().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(90);
            }
            // each client's keys hash to their own slot: three clients' calls land on more than one master
            List<Long> keysPerMaster = cluster.nodes().stream()
                    .map(node -> RedisCluster.withNode(node, redis -> redis.info("replication").contains("role:master")
                            ? redis.dbsize() : -1L))
                    .filter(n -> n >= 0).toList();
            assertThat(keysPerMaster).hasSize(3);
            assertThat(keysPerMaster.stream().filter(n -> n > 0)).hasSizeGreaterThan(1);
        }
    }
}
