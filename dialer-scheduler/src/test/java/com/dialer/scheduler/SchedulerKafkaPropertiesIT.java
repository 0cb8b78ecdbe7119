package com.dialer.scheduler;

import static com.dialer.scheduler.SchedulerInstances.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * On the real broker: a Kafka client property the operator gives in KAFKA_CONFIG_FILE reaches the
 * scheduler's Streams clients (the broker sees their client.id), and the internal topics Streams
 * creates carry TOPIC_MIN_INSYNC_REPLICAS as a topic config of their own.
 */
@ExtendWith(LocalStackExtension.class)
class SchedulerKafkaPropertiesIT {

    @TempDir
    Path dir;

    @Test
    void aClientPropertyFromTheConfigFileReachesEveryStreamsClientTheBrokerSees(LocalStack stack) throws Exception {
        String prefix = LocalStack.uniquePrefix("kprops");
        TopicCatalog topics = TopicCatalog.of(prefix, 2);
        new TopicProvisioner(stack.kafka().admin(), (short) 1).ensure(topics.all());
        Path file = Files.writeString(dir.resolve("kafka-client.properties"), "client.id=ops-" + prefix + "\n");
        SchedulerConfig config = SchedulerConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(),
                "APPLICATION_ID", prefix + "app", "TOPIC_PREFIX", prefix, "TOPIC_PARTITIONS", "2",
                "REDIS_URI", stack.redis().uri(), "KAFKA_CONFIG_FILE", file.toString()));

        try (var scheduler = SchedulerApp.StartedScheduler.start(config, new RedisKeys(prefix), instance("kprops"),
                new SimpleMeterRegistry());
             Admin admin = stack.kafka().admin()) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                Collection<MemberDescription> members = admin.describeConsumerGroups(List.of(prefix + "app"))
                        .all().get().get(prefix + "app").members();
                assertThat(members).isNotEmpty().allSatisfy(m -> assertThat(m.clientId()).startsWith("ops-" + prefix));
            });

            Set<String> changelogs = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(prefix + "app-") && name.endsWith("-changelog")).collect(java.util.stream.Collectors.toSet());
            assertThat(changelogs).isNotEmpty();
            ConfigResource changelog = new ConfigResource(ConfigResource.Type.TOPIC, changelogs.iterator().next());
            Config configs = admin.describeConfigs(List.of(changelog)).all().get().get(changelog);
            ConfigEntry minInsync = configs.get("min.insync.replicas");
            // TOPIC_MIN_INSYNC_REPLICAS defaults to 2, lowered with the replication factor to this one broker
            assertThat(minInsync.value()).isEqualTo("1");
            assertThat(minInsync.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        }
    }
}
