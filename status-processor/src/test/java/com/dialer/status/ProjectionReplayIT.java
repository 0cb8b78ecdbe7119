package com.dialer.status;

import static com.dialer.status.StackRuns.executor;
import static com.dialer.status.StackRuns.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallOutcome;
import com.dialer.avro.CallStatus;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;
import com.dialer.state.slots.Reservation;
import com.dialer.state.limits.ConfiguredClientLimits;
import com.dialer.state.limits.Limits;
import com.dialer.state.slots.SlotHolder;
import com.dialer.state.slots.SlotLeases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A realistic event stream (three clients, two campaigns each, duplicates, reordering, hangups
 * before the executor's event, calls still live) through the real status-processor on the local
 * Kafka and Redis; then the whole topic again by a new application on the same Redis, and once
 * more into an empty key space: the projection never counts twice and rebuilds the same.
 */
@ExtendWith(LocalStackExtension.class)
class ProjectionReplayIT {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionReplayIT.class);
    private static final int PARTITIONS = 3;
    private static final int ATTEMPTS = 240;
    private static final List<String> CLIENTS = List.of("acme", "globex", "initech");

    /** What happens to one attempt, as its events arrive (the order the topic gets them in). */
    enum Script {
        ANSWERED(CallStatus.COMPLETED, "answered"), BUSY(CallStatus.BUSY, "busy"), NO_ANSWER(CallStatus.NO_ANSWER, "noAnswer"),
        REFUSED(CallStatus.FAILED, "failed"), MACHINE(CallStatus.MACHINE, "machine"),
        HANGUP_FIRST(CallStatus.BUSY, "busy"), RINGS_BEFORE_DIALING(CallStatus.COMPLETED, "answered"),
        STILL_RINGING(CallStatus.RINGING, "ringing"), STILL_TALKING(CallStatus.IN_PROGRESS, "inProgress");

        final CallStatus last;
        final String counter;

        Script(CallStatus last, String counter) {
            this.last = last;
            this.counter = counter;
        }

        boolean live() {
            return !CallStateMachine.isFinal(last);
        }

        List<CallEvent> events(String client, String id, Instant t) {
            return switch (this) {
                case ANSWERED -> List.of(executor(client, id, CallStatus.DIALING, t), webhook(client, id, CallStatus.RINGING, t.plusSeconds(2)),
                        webhook(client, id, CallStatus.IN_PROGRESS, t.plusSeconds(6)), webhook(client, id, CallStatus.COMPLETED, t.plusSeconds(43)));
                case BUSY, NO_ANSWER -> List.of(executor(client, id, CallStatus.DIALING, t), webhook(client, id, CallStatus.RINGING, t.plusSeconds(1)),
                        webhook(client, id, last, t.plusSeconds(30)));
                case REFUSED -> List.of(executor(client, id, CallStatus.FAILED, t));
                case MACHINE -> List.of(executor(client, id, CallStatus.DIALING, t), webhook(client, id, CallStatus.RINGING, t.plusSeconds(2)),
                        webhook(client, id, CallStatus.IN_PROGRESS, t.plusSeconds(5)), webhook(client, id, CallStatus.MACHINE, t.plusSeconds(8)),
                        webhook(client, id, CallStatus.COMPLETED, t.plusSeconds(20)));
                case HANGUP_FIRST -> List.of(webhook(client, id, CallStatus.BUSY, t.plusSeconds(1)), executor(client, id, CallStatus.DIALING, t));
                case RINGS_BEFORE_DIALING -> List.of(webhook(client, id, CallStatus.RINGING, t.plusSeconds(1)), executor(client, id, CallStatus.DIALING, t),
                        webhook(client, id, CallStatus.IN_PROGRESS, t.plusSeconds(4)), webhook(client, id, CallStatus.COMPLETED, t.plusSeconds(30)));
                case STILL_RINGING -> List.of(executor(client, id, CallStatus.DIALING, t), webhook(client, id, CallStatus.RINGING, t.plusSeconds(1)));
                case STILL_TALKING -> List.of(executor(client, id, CallStatus.DIALING, t), webhook(client, id, CallStatus.RINGING, t.plusSeconds(1)),
                        webhook(client, id, CallStatus.IN_PROGRESS, t.plusSeconds(3)));
            };
        }
    }

    record Planned(String client, String campaign, String attemptId, Script script) {
    }

    private RedisConnection connection;

    @BeforeEach
    void connect(LocalStack stack) {
        connection = RedisConnection.open("REDIS_URI", stack.redis().uri());
    }

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void aReplayOfTheWholeTopicLeavesTheProjectionAsOnePassMadeIt(LocalStack stack) throws Exception {
        String prefix = LocalStack.uniquePrefix("status-replay");
        TopicCatalog topics = TopicCatalog.of(prefix, PARTITIONS);
        try (Admin admin = stack.kafka().admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(topics.all());
        }
        RedisKeys keys = new RedisKeys(prefix);
        List<Planned> plan = plan();
        reserveAsTheExecutorDid(keys, plan);
        List<CallEvent> stream = stream(plan);
        StackRuns.produce(stack, topics.callEvents(), stream);
        LOG.info("{} attempts, {} events on {}", plan.size(), stream.size(), topics.callEvents().name());

        RedisSnapshot onePass = run(stack, topics, keys, prefix + "first");
        RedisSnapshot replayed = run(stack, topics, keys, prefix + "replay");
        String emptyPrefix = LocalStack.uniquePrefix("status-rebuilt");
        RedisSnapshot rebuilt = run(stack, topics, new RedisKeys(emptyPrefix), prefix + "rebuild");

        assertThat(replayed).as("a replay on the same Redis changes nothing").isEqualTo(onePass);
        assertThat(rebuilt.only("attempt:", "stats:", "client:")).as("a replay into an empty Redis rebuilds the same")
                .isEqualTo(onePass.only("attempt:", "stats:", "client:"));
        assertThat(onePass.entries()).containsKey("seeded:{global}");

        Map<String, Map<String, String>> expected = expectedCounters(plan);
        for (String client : CLIENTS) {
            for (String campaign : campaignsOf(client)) {
                assertThat(onePass.counters(client, campaign)).as("counters of %s/%s", client, campaign)
                        .isEqualTo(expected.get(client + "/" + campaign));
            }
            Set<String> live = new HashSet<>();
            plan.stream().filter(p -> p.client().equals(client) && p.script().live()).forEach(p -> live.add(p.attemptId()));
            assertThat(onePass.zset("slots:{" + client + "}").keySet()).as("only live calls hold slots").isEqualTo(live);
            assertThat(rebuilt.zset("slots:{" + client + "}").keySet()).as("live leases rebuilt").isEqualTo(live);
        }
        for (Planned p : plan) {
            Map<String, String> hash = onePass.hash("attempt:{" + p.client() + "}:" + p.attemptId());
            assertThat(hash).as(p.attemptId()).containsEntry("state", p.script().last.name())
                    .containsEntry("phoneNumber", StackRuns.phone(p.attemptId()));
        }

        Map<String, Integer> outcomes = outcomesPerAttempt(stack, topics);
        for (Planned p : plan) {
            // three runs, each emits a finished attempt's outcome exactly once
            assertThat(outcomes.getOrDefault(p.attemptId(), 0)).as(p.attemptId()).isEqualTo(p.script().live() ? 0 : 3);
        }
    }

    private RedisSnapshot run(LocalStack stack, TopicCatalog topics, RedisKeys keys, String appId) {
        StatusConfig config = StackRuns.config(stack, stack.redis().uri(), topics.prefix(), appId, PARTITIONS);
        long started = System.nanoTime();
        try (StartedStatusProcessor processor = StartedStatusProcessor.start(config, keys, StackRuns.overrides());
             Admin admin = stack.kafka().admin()) {
            StackRuns.awaitConsumed(admin, appId, topics.callEvents().name(), Duration.ofSeconds(90));
            await().atMost(Duration.ofSeconds(30)).until(() -> connection.sync().exists(keys.seededGlobal()) == 1);
            LOG.info("{}: topic consumed in {} ms; events {}", appId, (System.nanoTime() - started) / 1_000_000,
                    processor.metrics().find("dialer.status.events").counters().stream()
                            .map(c -> c.getId().getTag("result") + "=" + (long) c.count()).toList());
        }
        return RedisSnapshot.of(connection.sync(), keys.prefix());
    }

    private static List<Planned> plan() {
        Random random = new Random(42);
        Script[] scripts = Script.values();
        List<Planned> plan = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS; i++) {
            String client = CLIENTS.get(i % CLIENTS.size());
            String campaign = campaignsOf(client).get(random.nextInt(2));
            plan.add(new Planned(client, campaign, campaign + ":contact-" + i + ":" + (1 + random.nextInt(3)),
                    scripts[random.nextInt(scripts.length)]));
        }
        return plan;
    }

    private static List<String> campaignsOf(String client) {
        return List.of(client + "-spring", client + "-renewals");
    }

    /** Every attempt's events in its script's order, interleaved with the others', a third sent twice. */
    private static List<CallEvent> stream(List<Planned> plan) {
        Random random = new Random(7);
        Instant t0 = Instant.now().minusSeconds(60);
        List<List<CallEvent>> pending = new ArrayList<>();
        for (Planned p : plan) {
            pending.add(new ArrayList<>(p.script().events(p.client(), p.attemptId(), t0.plusMillis(random.nextInt(20_000)))));
        }
        List<CallEvent> stream = new ArrayList<>();
        while (!pending.isEmpty()) {
            int pick = random.nextInt(pending.size());
            CallEvent next = pending.get(pick).remove(0);
            stream.add(next);
            if (random.nextInt(3) == 0) {
                stream.add(next); // a duplicate webhook or a re-sent executor event
            }
            if (pending.get(pick).isEmpty()) {
                pending.remove(pick);
            }
        }
        return stream;
    }

    /** The executor's side: a slot reserved and settled per attempt (released at once for a refused dial). */
    private void reserveAsTheExecutorDid(RedisKeys keys, List<Planned> plan) {
        SlotLeases slots = new SlotLeases(connection, keys, new SlotLeases.Settings(new Limits(Limits.defaults().globalRate(), 100_000, ConfiguredClientLimits.NONE), false, Duration.ofHours(1), Duration.ofMinutes(2)));
        for (Planned p : plan) {
            assertThat(slots.reserve(holder(p.client(), p.attemptId()), null, Duration.ofSeconds(30))).isInstanceOf(Reservation.Reserved.class);
            assertThat(slots.markDialing(holder(p.client(), p.attemptId()), Duration.ofSeconds(30))).isTrue();
            boolean refused = p.script() == Script.REFUSED;
            slots.settle(holder(p.client(), p.attemptId()), refused ? SlotLeases.DialVerdict.REJECTED : SlotLeases.DialVerdict.ACCEPTED,
                    refused ? null : "req-" + p.attemptId(), Duration.ofMinutes(12));
        }
    }

    private static Map<String, Map<String, String>> expectedCounters(List<Planned> plan) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (String client : CLIENTS) {
            for (String campaign : campaignsOf(client)) {
                counts.put(client + "/" + campaign, new TreeMap<>());
            }
        }
        for (Planned p : plan) {
            Map<String, Integer> c = counts.get(p.client() + "/" + p.campaign());
            c.merge("attempts", 1, Integer::sum);
            c.merge(p.script().counter, 1, Integer::sum);
            if (!p.script().live()) {
                c.merge("finished", 1, Integer::sum);
            }
        }
        Map<String, Map<String, String>> expected = new HashMap<>();
        counts.forEach((k, v) -> {
            Map<String, String> s = new TreeMap<>();
            v.forEach((f, n) -> s.put(f, Integer.toString(n)));
            expected.put(k, s);
        });
        return expected;
    }

    private static Map<String, Integer> outcomesPerAttempt(LocalStack stack, TopicCatalog topics) {
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, CallOutcome> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, topics.prefix() + "outcome-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), topics.callOutcomes().valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.callOutcomes().name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int idlePolls = 0;
            while (System.nanoTime() < deadline && idlePolls < 5) {
                var records = consumer.poll(Duration.ofMillis(500));
                idlePolls = records.isEmpty() ? idlePolls + 1 : 0;
                for (ConsumerRecord<String, CallOutcome> r : records) {
                    assertThat(r.key()).isEqualTo(r.value().getCampaignId());
                    assertThat(r.value().getAttemptNumber()).isGreaterThanOrEqualTo(1);
                    counts.merge(r.value().getAttemptId(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** The slot holder of an attempt named by the convention {@code <campaignId>:<contactId>:<n>}. */
    private static SlotHolder holder(String client, String attemptId) {
        return new SlotHolder(client, attemptId.substring(0, attemptId.indexOf(':')), attemptId);
    }
}
