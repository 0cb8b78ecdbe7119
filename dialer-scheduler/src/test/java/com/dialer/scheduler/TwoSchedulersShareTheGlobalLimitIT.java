package com.dialer.scheduler;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static com.dialer.scheduler.SchedulerFixture.number;
import static com.dialer.scheduler.SchedulerFixture.settings;
import static com.dialer.scheduler.SchedulerInstances.activeTasks;
import static com.dialer.scheduler.SchedulerInstances.campaignOnPartition;
import static com.dialer.scheduler.SchedulerInstances.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CommandType;
import com.dialer.avro.Contact;
import com.dialer.avro.DialRequest;
import com.dialer.schemas.AvroSerde;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import com.dialer.state.ratelimit.RateLimit;

/**
 * Two scheduler instances of one application on the real local Kafka and Redis, each owning one
 * campaign's partition and each earning a full global budget locally: only the shared GCRA key
 * in Redis keeps their sum at the global rate.
 */
@ExtendWith(LocalStackExtension.class)
class TwoSchedulersShareTheGlobalLimitIT {
    private static final int PER_SECOND = 5;
    private static final int BURST = 2;
    private static final int EXPECTED = 60;

    @Test
    void twoInstancesTogetherNeverReleaseMoreThanTheGlobalRate(LocalStack stack) throws Exception {
        String prefix = LocalStack.uniquePrefix("sched");
        TopicCatalog topics = TopicCatalog.of(prefix, 2);
        new TopicProvisioner(stack.kafka().admin(), (short) 1).ensure(topics.all());
        SchedulerConfig config = SchedulerConfig.fromEnv(Map.of("RELEASE_TICK_MS", "100",
                        "RECIPIENT_MIN_GAP_SECONDS", "0", "DEFAULT_CLIENT_CAP", "100000"))
                .withGlobalLimit(RateLimit.perMinute(PER_SECOND * 60L, BURST))
                .withKafka(stack.bootstrapServers(), prefix + "app", prefix, 2, stack.redis().uri());
        RedisKeys keys = new RedisKeys(prefix);
        List<String> campaigns = List.of(campaignOnPartition("campaign", 0, 2), campaignOnPartition("campaign", 1, 2));

        try (var first = SchedulerApp.StartedScheduler.start(config, keys, instance("one"), new SimpleMeterRegistry());
             var second = SchedulerApp.StartedScheduler.start(config, keys, instance("two"), new SimpleMeterRegistry())) {
            publishCampaigns(stack, topics, campaigns);
            List<DialRequest> released = readReleases(stack, topics);

            assertThat(released).extracting(DialRequest::getCampaignId).containsAll(campaigns);
            Set<String> attempts = new HashSet<>();
            released.forEach(r -> assertThat(attempts.add(r.getAttemptId())).as("released once").isTrue());
            assertThat(activeTasks(first.streams())).isPositive();
            assertThat(activeTasks(second.streams())).isPositive();

            List<Long> times = released.stream().map(r -> r.getReleasedAt().toEpochMilli()).sorted().toList();
            double spanSeconds = (times.get(times.size() - 1) - times.get(0)) / 1000.0;
            // releasedAt is the instance's clock at the start of its round, a little before the Redis grant:
            // allow one second of that skew, far below the 2x two unshared limiters would release
            double bound = PER_SECOND * (spanSeconds + 1.0) + BURST;
            System.out.printf("two instances: %d releases in %.2f s, bound rate*W+burst = %.1f%n",
                    times.size(), spanSeconds, bound);
            assertThat((double) times.size()).isLessThanOrEqualTo(bound);
        }
    }

    private static void publishCampaigns(LocalStack stack, TopicCatalog topics, List<String> campaigns) {
        Properties props = SchedulerInstances.producer(stack);
        try (var commands = new KafkaProducer<>(props, new StringSerializer(), AvroSerde.of(CampaignCommand.class));
             var contacts = new KafkaProducer<>(props, new StringSerializer(), AvroSerde.of(Contact.class))) {
            int n = 0;
            for (String campaign : campaigns) {
                commands.send(new ProducerRecord<>(topics.campaignCommands().name(), campaign,
                        CampaignCommand.newBuilder().setCommandId(campaign).setCampaignId(campaign).setClientId("acme")
                                .setType(CommandType.CREATE).setSettings(settings(60_000).build())
                                .setIssuedAt(Instant.now()).build()));
                for (int i = 0; i < 100; i++) {
                    contacts.send(new ProducerRecord<>(topics.campaignContacts().name(), campaign,
                            Contact.newBuilder().setCampaignId(campaign).setContactId("k" + i)
                                    .setPhoneNumber(number(n++)).setCreatedAt(Instant.now()).build()));
                }
            }
            commands.flush();
            contacts.flush();
        }
    }

    private static List<DialRequest> readReleases(LocalStack stack, TopicCatalog topics) {
        List<DialRequest> released = SchedulerInstances.readUntil(stack, topics.prefix() + "reader",
                topics.dialRequests().name(), AvroSerde.of(DialRequest.class), Duration.ofSeconds(120),
                read -> read.size() >= EXPECTED, request -> { });
        assertThat(released).as("releases within two minutes").hasSizeGreaterThanOrEqualTo(EXPECTED);
        return released;
    }
}
