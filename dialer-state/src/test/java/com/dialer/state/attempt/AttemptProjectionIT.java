package com.dialer.state.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import com.dialer.state.attempt.AttemptProjection.Change;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class AttemptProjectionIT {

    private final RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("proj"));
    private final AttemptProjection projection = new AttemptProjection(keys, Duration.ofMinutes(10));
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisClusterCommands<String, String> redis;

    @BeforeEach
    void connect(LocalStack stack) {
        client = RedisClient.create(stack.redis().uri());
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    private static Change change(String attemptId, long version, String state) {
        return new Change("c-1", "camp-1", attemptId, version, state, 1_000L * version,
                Map.of("attemptId", attemptId, "campaignId", "camp-1", "clientId", "c-1"));
    }

    private List<Change> answeredCall(String attemptId) {
        return List.of(change(attemptId, 1, "DIALING"), change(attemptId, 2, "RINGING"),
                change(attemptId, 3, "IN_PROGRESS"), change(attemptId, 4, "COMPLETED"));
    }

    @Test
    void shouldCountEachAttemptOnceWhenTheWholeHistoryIsReplayed() {
        redis.zadd(keys.slots("c-1"), 1.0, "a-1");
        List<Change> history = new java.util.ArrayList<>(answeredCall("a-1"));
        history.addAll(List.of(change("a-2", 1, "DIALING"), change("a-2", 2, "RINGING"), change("a-2", 3, "BUSY")));
        history.add(change("a-3", 1, "DIALING"));

        history.forEach(c -> projection.apply(redis, c));
        Map<String, String> onePass = redis.hgetall(keys.campaignStats("c-1", "camp-1"));
        history.forEach(c -> assertThat(projection.apply(redis, c)).isFalse());

        assertThat(redis.hgetall(keys.campaignStats("c-1", "camp-1"))).isEqualTo(onePass);
        assertThat(onePass).containsEntry("attempts", "3").containsEntry("answered", "1")
                .containsEntry("busy", "1").containsEntry("finished", "2").containsEntry("dialing", "1")
                .containsEntry("ringing", "0").containsEntry("inProgress", "0");
        assertThat(redis.hget(keys.attempt("c-1", "a-1"), "state")).isEqualTo("COMPLETED");
        assertThat(redis.zscore(keys.slots("c-1"), "a-1")).isNull();
        assertThat(redis.zcard(keys.recentCalls("c-1"))).isEqualTo(3);
    }

    @Test
    void aFinalStateTrimsTheRecentCallsIndexToTheHotWindowSoItStaysBoundedForAClientThatNeverStops() {
        long now = System.currentTimeMillis();
        String recent = keys.recentCalls("c-1");
        redis.zadd(recent, now - Duration.ofMinutes(11).toMillis(), "expired-1");
        redis.zadd(recent, now - Duration.ofMinutes(10).toMillis() - 1, "expired-2");
        redis.zadd(recent, now - Duration.ofMinutes(9).toMillis(), "kept-1");

        projection.apply(redis, new Change("c-1", "camp-1", "live-1", 1, "RINGING", now, Map.of("attemptId", "live-1")));
        assertThat(redis.zcard(recent)).as("a live state trims nothing").isEqualTo(4);
        projection.apply(redis, new Change("c-1", "camp-1", "live-1", 2, "COMPLETED", now, Map.of("attemptId", "live-1")));

        assertThat(redis.zrange(recent, 0, -1)).containsExactly("kept-1", "live-1");
    }

    @Test
    void shouldIgnoreAnOlderEventArrivingLate() {
        String id = "late-1";
        assertThat(projection.apply(redis, change(id, 2, "RINGING"))).isTrue();
        assertThat(projection.apply(redis, change(id, 1, "DIALING"))).isFalse();
        assertThat(redis.hget(keys.attempt("c-1", id), "state")).isEqualTo("RINGING");
        assertThat(redis.hget(keys.campaignStats("c-1", "camp-1"), "dialing")).isNull();
    }

    @Test
    void shouldKeepTheFirstFinalState() {
        String id = "fin-1";
        projection.apply(redis, change(id, 1, "DIALING"));
        projection.apply(redis, change(id, 2, "TIMEOUT"));
        assertThat(projection.apply(redis, change(id, 3, "COMPLETED"))).isFalse();
        assertThat(redis.hgetall(keys.campaignStats("c-1", "camp-1")))
                .containsEntry("timeout", "1").doesNotContainKey("answered").containsEntry("finished", "1");
    }

    @Test
    void shouldExpireHotKeysAfterTheHotWindow() {
        projection.apply(redis, change("ttl-1", 1, "DIALING"));
        assertThat(redis.ttl(keys.attempt("c-1", "ttl-1"))).isBetween(1L, 600L);
        assertThat(redis.ttl(keys.campaignStats("c-1", "camp-1"))).isBetween(1L, 600L);
    }

    @Test
    void shouldHoldALiveAttemptsSlotUntilItsLeaseAndReleaseItOnTheFinalState() {
        String id = "lease-1";
        long lease = System.currentTimeMillis() + 60_000;
        projection.apply(redis, new Change("c-1", "camp-1", id, 1, "DIALING", 1_000L, lease, Map.of("attemptId", id)));
        assertThat(redis.zscore(keys.slots("c-1"), id)).isEqualTo(lease * 1000.0);

        projection.apply(redis, new Change("c-1", "camp-1", id, 2, "RINGING", 2_000L, lease - 30_000, Map.of()));
        assertThat(redis.zscore(keys.slots("c-1"), id)).as("a lease is never shortened").isEqualTo(lease * 1000.0);

        projection.apply(redis, new Change("c-1", "camp-1", id, 3, "COMPLETED", 3_000L, lease, Map.of()));
        assertThat(redis.zscore(keys.slots("c-1"), id)).isNull();
    }

    @Test
    void shouldNotReviveALeaseThatHasAlreadyEnded() {
        String id = "lease-2";
        projection.apply(redis, new Change("c-1", "camp-1", id, 1, "DIALING", 1_000L,
                System.currentTimeMillis() - 1_000, Map.of("attemptId", id)));
        assertThat(redis.zscore(keys.slots("c-1"), id)).isNull();
        assertThat(redis.hget(keys.attempt("c-1", id), "state")).isEqualTo("DIALING");
    }

    @Test
    void shouldFillInMissingFieldsWithoutOverwritingOrCountingAgain() {
        String id = "fill-1";
        projection.apply(redis, new Change("c-1", "camp-1", id, 1, "BUSY", 1_000L,
                Map.of("attemptId", id, "hangupCause", "USER_BUSY")));
        Map<String, String> counters = redis.hgetall(keys.campaignStats("c-1", "camp-1"));

        long added = projection.fillIn(redis, "c-1", id, Map.of("phoneNumber", "+14155550100", "hangupCause", "OTHER"));

        assertThat(added).isEqualTo(1);
        assertThat(redis.hgetall(keys.attempt("c-1", id))).containsEntry("phoneNumber", "+14155550100")
                .containsEntry("hangupCause", "USER_BUSY").containsEntry("state", "BUSY").containsEntry("version", "1");
        assertThat(redis.hgetall(keys.campaignStats("c-1", "camp-1"))).isEqualTo(counters);
        assertThat(projection.fillIn(redis, "c-1", id, Map.of("phoneNumber", "+14155550100"))).isZero();
    }

    @Test
    void shouldNotCreateAHashJustToFillItIn() {
        assertThat(projection.fillIn(redis, "c-1", "absent-1", Map.of("phoneNumber", "+14155550100"))).isZero();
        assertThat(redis.exists(keys.attempt("c-1", "absent-1"))).isZero();
    }
}
