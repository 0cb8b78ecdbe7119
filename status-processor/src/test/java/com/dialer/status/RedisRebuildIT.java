package com.dialer.status;

import static com.dialer.status.StackRuns.executor;
import static com.dialer.status.StackRuns.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.stack.RedisServer;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;
import com.dialer.state.attempt.Reseeding;
import com.dialer.state.slots.Reservation;
import com.dialer.state.limits.ConfiguredClientLimits;
import com.dialer.state.limits.Limits;
import com.dialer.state.slots.SlotHolder;
import com.dialer.state.slots.SlotLeases;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis lost and back empty (its own Redis process here, restarted without persistence; the shared
 * one serves other tests): the status-processor notices, re-seeds attempt hashes, counters, live
 * leases and dial guards from its stores on every partition, then sets {@code seeded:{global}};
 * executors that require seeded state wait for that, then reserve again, clients never seen too.
 */
@ExtendWith(LocalStackExtension.class)
class RedisRebuildIT {
    private static final int PARTITIONS = 2;
    private static final Set<String> LIVE_ACME = Set.of("spring:c1:1", "spring:c2:1", "spring:c3:1");
    private RedisServer redisServer;
    private RedisConnection connection;
    private RedisClusterCommands<String, String> redis;
    private String prefix;
    private TopicCatalog topics;
    private RedisKeys keys;

    /** When the calls were dialed. */
    private Instant t;

    @BeforeEach
    void start(LocalStack stack) throws Exception {
        redisServer = RedisServer.start();
        connection = RedisConnection.open("REDIS_URI", redisServer.uri());
        redis = connection.sync();
        prefix = LocalStack.uniquePrefix("status-rebuild");
        topics = TopicCatalog.of(prefix, PARTITIONS);
        keys = new RedisKeys(prefix);
        try (Admin admin = stack.kafka().admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(topics.all());
        }
        t = Instant.now().minusSeconds(10);
        List<CallEvent> events = new ArrayList<>();
        for (String id : LIVE_ACME) {
            events.add(executor("acme", id, CallStatus.DIALING, t));
            events.add(webhook("acme", id, CallStatus.RINGING, t.plusSeconds(1)));
        }
        events.add(executor("globex", "renewals:g1:1", CallStatus.DIALING, t));
        events.add(executor("globex", "renewals:g2:1", CallStatus.DIALING, t));
        events.add(webhook("globex", "renewals:g2:1", CallStatus.IN_PROGRESS, t.plusSeconds(2)));
        events.add(webhook("globex", "renewals:g2:1", CallStatus.COMPLETED, t.plusSeconds(5)));
        events.add(webhook("globex", "renewals:g3:2", CallStatus.NO_ANSWER, t.plusSeconds(3)));
        events.add(executor("globex", "renewals:g3:2", CallStatus.DIALING, t));
        StackRuns.produce(stack, topics.callEvents(), events);
    }

    @AfterEach
    void stop() {
        connection.close();
        redisServer.close();
    }

    @Test
    void redisRestartedEmptyUnderARunningProcessorIsReseededAndMarkedReady(LocalStack stack) {
        String appId = prefix + "app";
        try (StartedStatusProcessor processor = StartedStatusProcessor.start(config(stack, appId), keys, StackRuns.overrides());
             Admin admin = stack.kafka().admin()) {
            StackRuns.awaitConsumed(admin, appId, topics.callEvents().name(), Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.exists(keys.seededGlobal()) == 1);
            RedisSnapshot before = RedisSnapshot.of(redis, prefix);
            assertThat(before.zset("slots:{acme}").keySet()).isEqualTo(LIVE_ACME);

            double reseededBefore = reseeded(processor);

            redisServer.restartEmpty();

            await().atMost(Duration.ofSeconds(30)).until(() -> reseeded(processor) >= reseededBefore + 6);
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.exists(keys.seededGlobal()) == 1);
            RedisSnapshot after = RedisSnapshot.of(redis, prefix);
            assertThat(after.only("attempt:", "stats:", "client:"))
                    .isEqualTo(before.withoutZeroCounters().only("attempt:", "stats:", "client:"));
            assertThat(after.zset("slots:{acme}").keySet()).isEqualTo(LIVE_ACME);
            assertThat(after.zset("slots:{globex}").keySet()).containsExactly("renewals:g1:1");
            // the DIALING event's time + ring timeout + time limit + margin (not this machine's clock now: a slow start-up is no error)
            long deadline = t.plusSeconds(30 + 600 + 120).toEpochMilli() * 1000;
            assertThat(after.zset("slots:{acme}").values()).allSatisfy(score ->
                    assertThat(score).as("the lease ends at the call's deadline").isBetween(deadline - 5e6, deadline + 5e6));
            for (String id : List.of("renewals:g1:1", "renewals:g2:1", "renewals:g3:2")) {
                assertThat(redis.hget(keys.dialGuard("globex", id), "state")).isEqualTo(Reseeding.RESTORED_GUARD_STATE);
            }
            assertThat(after.counters("globex", "renewals")).containsEntry("attempts", "3").containsEntry("answered", "1")
                    .containsEntry("noAnswer", "1").containsEntry("dialing", "1").containsEntry("finished", "2");
        }
    }

    @Test
    void executorsRefuseReservationsUntilTheReseedThenEvenUnknownClientsReserve(LocalStack stack) {
        String appId = prefix + "app";
        Properties overrides = StackRuns.overrides();
        try (StartedStatusProcessor processor = StartedStatusProcessor.start(config(stack, appId), keys, overrides);
             Admin admin = stack.kafka().admin()) {
            StackRuns.awaitConsumed(admin, appId, topics.callEvents().name(), Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.exists(keys.seededGlobal()) == 1);
        }
        redisServer.restartEmpty();
        SlotLeases executor = new SlotLeases(connection, keys, new SlotLeases.Settings(new Limits(Limits.defaults().globalRate(), 3, ConfiguredClientLimits.NONE), true, Duration.ofHours(1), Duration.ofMinutes(2)));
        assertThat(executor.reserve(holder("acme", "spring:c9:1"), null, Duration.ofSeconds(30))).isInstanceOf(Reservation.NotReady.class);
        assertThat(executor.reserve(holder("newcomer", "x:y:1"), null, Duration.ofSeconds(30))).isInstanceOf(Reservation.NotReady.class);

        // the same application again, its stores restored from its state directory and changelogs
        try (StartedStatusProcessor processor = StartedStatusProcessor.start(config(stack, appId), keys, overrides)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.exists(keys.seededGlobal()) == 1);

            assertThat(executor.reserve(holder("acme", "spring:c9:1"), null, Duration.ofSeconds(30)))
                    .as("acme's three live calls hold its three slots again").isInstanceOf(Reservation.Full.class);
            assertThat(executor.reserve(holder("newcomer", "x:y:1"), null, Duration.ofSeconds(30)))
                    .as("a client the processor never saw has nothing to restore").isInstanceOf(Reservation.Reserved.class);
            assertThat(executor.reserve(holder("globex", "renewals:g2:1"), null, Duration.ofSeconds(30)))
                    .as("a dialed attempt's guard is back: never dialed twice").isInstanceOf(Reservation.Duplicate.class);
        }
    }

    private static double reseeded(StartedStatusProcessor processor) {
        return processor.metrics().find("dialer.status.reseeded").counter().count();
    }

    private StatusConfig config(LocalStack stack, String appId) {
        return StackRuns.config(stack, redisServer.uri(), prefix, appId, PARTITIONS);
    }

    /** The slot holder of an attempt named by the convention {@code <campaignId>:<contactId>:<n>}. */
    private static SlotHolder holder(String client, String attemptId) {
        return new SlotHolder(client, attemptId.substring(0, attemptId.indexOf(':')), attemptId);
    }
}
