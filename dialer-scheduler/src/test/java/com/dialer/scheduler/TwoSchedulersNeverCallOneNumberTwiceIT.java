package com.dialer.scheduler;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static com.dialer.scheduler.SchedulerFixture.settings;
import static com.dialer.scheduler.SchedulerInstances.activeTasks;
import static com.dialer.scheduler.SchedulerInstances.campaignOnPartition;
import static com.dialer.scheduler.SchedulerInstances.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.avro.CallOutcome;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CommandType;
import com.dialer.avro.Contact;
import com.dialer.avro.DialRequest;
import com.dialer.avro.Disposition;
import com.dialer.schemas.AvroSerde;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import com.dialer.state.ratelimit.RateLimit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;

/**
 * Two campaigns of one client on different partitions, owned by two scheduler instances, both
 * holding the same numbers: no number may ever have two live calls, and two calls to a number
 * must start at least the minimum gap apart. Each instance sees only its own campaign, so only
 * the recipient rule in Redis can keep them apart. The test plays the executor and the
 * status-processor: it "calls" each dial request for a while, then publishes its outcome.
 */
@ExtendWith(LocalStackExtension.class)
class TwoSchedulersNeverCallOneNumberTwiceIT {
    private static final int NUMBERS = 6;
    private static final Duration GAP = Duration.ofSeconds(2);

    /** One call as the test saw it: from the dial request's arrival to the moment it hung up. */
    private record Call(String attemptId, long startedNanos, long endedNanos) {
    }

    @Test
    void twoInstancesWithTheSameNumbersNeverOverlapCallsToANumberAndKeepTheGap(LocalStack stack) throws Exception {
        String prefix = LocalStack.uniquePrefix("recipients");
        TopicCatalog topics = TopicCatalog.of(prefix, 2);
        new TopicProvisioner(stack.kafka().admin(), (short) 1).ensure(topics.all());
        SchedulerConfig config = SchedulerConfig.fromEnv(Map.of("RELEASE_TICK_MS", "100",
                        "RECIPIENT_MIN_GAP_SECONDS", Long.toString(GAP.toSeconds()), "RECIPIENT_MAX_CALLS", "10",
                        "RECIPIENT_RECHECK_MS", "200", "DEFAULT_CLIENT_CAP", "100000"))
                .withGlobalLimit(RateLimit.perMinute(60_000, 100))
                .withKafka(stack.bootstrapServers(), prefix + "app", prefix, 2, stack.redis().uri());
        RedisKeys keys = new RedisKeys(prefix);
        List<String> campaigns = List.of(campaignOnPartition("a", 0, 2), campaignOnPartition("b", 1, 2));
        Map<String, List<Call>> callsByNumber = new ConcurrentHashMap<>();
        // one thread: the calls overlap in time, their bookkeeping never does
        ScheduledExecutorService phone = Executors.newSingleThreadScheduledExecutor();

        try (var first = SchedulerApp.StartedScheduler.start(config, keys, instance("one"), new SimpleMeterRegistry());
             var second = SchedulerApp.StartedScheduler.start(config, keys, instance("two"), new SimpleMeterRegistry());
             var outcomes = new KafkaProducer<>(SchedulerInstances.producer(stack), new StringSerializer(),
                     AvroSerde.of(CallOutcome.class))) {
            publishCampaigns(stack, topics, campaigns);

            List<DialRequest> released = SchedulerInstances.readUntil(stack, prefix + "phone",
                    topics.dialRequests().name(), AvroSerde.of(DialRequest.class), Duration.ofSeconds(90),
                    read -> read.size() >= campaigns.size() * NUMBERS,
                    request -> {
                        long started = System.nanoTime();
                        // the call lasts 300-800 ms, then its outcome goes back to the scheduler
                        phone.schedule(() -> {
                            callsByNumber.computeIfAbsent(request.getPhoneNumber(), n -> new ArrayList<>())
                                    .add(new Call(request.getAttemptId(), started, System.nanoTime()));
                            outcomes.send(new ProducerRecord<>(topics.callOutcomes().name(), request.getCampaignId(),
                                    SchedulerFixture.outcomeOf(request, Disposition.ANSWERED, Instant.now())));
                            outcomes.flush();
                        }, ThreadLocalRandom.current().nextLong(300, 800), TimeUnit.MILLISECONDS);
                    });

            assertThat(released).hasSize(campaigns.size() * NUMBERS);
            assertThat(released).extracting(DialRequest::getCampaignId).containsAll(campaigns);
            assertThat(activeTasks(first.streams())).isPositive();
            assertThat(activeTasks(second.streams())).isPositive();
            phone.shutdown();
            assertThat(phone.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

            for (Map.Entry<String, List<Call>> number : callsByNumber.entrySet()) {
                List<Call> calls = number.getValue().stream()
                        .sorted(java.util.Comparator.comparingLong(Call::startedNanos)).toList();
                assertThat(calls).as("calls to %s", number.getKey()).hasSize(2);
                assertThat(calls.get(1).startedNanos()).as("second call to %s starts after the first ended", number.getKey())
                        .isGreaterThan(calls.get(0).endedNanos());
            }
            assertCallStartsKeepTheGap(stack, keys);
        }
    }

    /** The call starts Redis recorded (its TIME, µs) for each number are at least the gap apart. */
    private static void assertCallStartsKeepTheGap(LocalStack stack, RedisKeys keys) {
        RedisClient client = RedisClient.create(stack.redis().uri());
        try (var connection = client.connect()) {
            for (int i = 0; i < NUMBERS; i++) {
                List<Double> starts = connection.sync().zrangeWithScores(keys.recipientCalls("acme", number(i)), 0, -1)
                        .stream().map(ScoredValue::getScore).toList();
                assertThat(starts).hasSize(2);
                System.out.printf("number %s: calls %.3f s apart (gap %d s)%n", number(i),
                        (starts.get(1) - starts.get(0)) / 1e6, GAP.toSeconds());
                assertThat(starts.get(1) - starts.get(0)).isGreaterThanOrEqualTo(GAP.toNanos() / 1000.0);
            }
        } finally {
            client.shutdown();
        }
    }

    private static String number(int i) {
        return SchedulerFixture.number(i);
    }

    private static void publishCampaigns(LocalStack stack, TopicCatalog topics, List<String> campaigns) {
        var props = SchedulerInstances.producer(stack);
        try (var commands = new KafkaProducer<>(props, new StringSerializer(), AvroSerde.of(CampaignCommand.class));
             var contacts = new KafkaProducer<>(props, new StringSerializer(), AvroSerde.of(Contact.class))) {
            for (String campaign : campaigns) {
                commands.send(new ProducerRecord<>(topics.campaignCommands().name(), campaign,
                        CampaignCommand.newBuilder().setCommandId(campaign).setCampaignId(campaign).setClientId("acme")
                                .setType(CommandType.CREATE).setSettings(settings(60_000).build())
                                .setIssuedAt(Instant.now()).build()));
            }
            commands.flush();
            // both campaigns hold the same numbers, in the same order: they want them at the same time
            for (int i = 0; i < NUMBERS; i++) {
                for (String campaign : campaigns) {
                    contacts.send(new ProducerRecord<>(topics.campaignContacts().name(), campaign,
                            Contact.newBuilder().setCampaignId(campaign).setContactId("k" + i)
                                    .setPhoneNumber(number(i)).setCreatedAt(Instant.now()).build()));
                }
            }
            contacts.flush();
        }
    }
}
