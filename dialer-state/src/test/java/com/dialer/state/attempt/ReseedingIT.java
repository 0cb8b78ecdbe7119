package com.dialer.state.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import com.dialer.state.attempt.Reseeding.Readiness;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class ReseedingIT {
    private final RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("reseed"));
    private final Reseeding reseeding = new Reseeding(keys, Duration.ofMinutes(10));
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

    @Test
    void shouldTrustRedisOnlyOnceEveryPartitionHasReseeded() {
        assertThat(reseeding.readiness(redis, 0)).isEqualTo(Readiness.UNSEEDED);
        String first = reseeding.begin(redis, 0);
        String second = reseeding.begin(redis, 1);

        assertThat(reseeding.finish(redis, 0, first, 2, "run-1")).isEqualTo(Readiness.PARTITION_DONE);
        assertThat(reseeding.readiness(redis, 0)).isEqualTo(Readiness.PARTITION_DONE);
        assertThat(reseeding.readiness(redis, 1)).isEqualTo(Readiness.UNSEEDED);
        assertThat(redis.exists(keys.seededGlobal())).isZero();

        assertThat(reseeding.finish(redis, 1, second, 2, "run-1")).isEqualTo(Readiness.SEEDED);
        assertThat(redis.get(keys.seededGlobal())).isEqualTo("run-1");
        assertThat(reseeding.readiness(redis, 0)).isEqualTo(Readiness.SEEDED);
        assertThat(redis.exists(keys.reseedProgress())).as("progress is cleaned up").isZero();
    }

    @Test
    void shouldRejectAScanDuringWhichRedisWasLostAgain() {
        String token = reseeding.begin(redis, 0);
        redis.del(keys.reseedProgress()); // what a second loss does to the progress hash

        assertThat(reseeding.finish(redis, 0, token, 1, "run-1")).isEqualTo(Readiness.UNSEEDED);
        assertThat(redis.exists(keys.seededGlobal())).isZero();
    }

    @Test
    void shouldRejectTheScanOfAPartitionsFormerOwner() {
        String former = reseeding.begin(redis, 0);
        String current = reseeding.begin(redis, 0);

        assertThat(reseeding.finish(redis, 0, former, 1, "zombie")).isEqualTo(Readiness.UNSEEDED);
        assertThat(reseeding.finish(redis, 0, current, 1, "owner")).isEqualTo(Readiness.SEEDED);
        assertThat(redis.get(keys.seededGlobal())).isEqualTo("owner");
    }

    @Test
    void shouldRestoreAMissingDialGuardButNeverReplaceTheExecutorsOwn() {
        assertThat(reseeding.restoreGuard(redis, "c-1", "a-1")).isTrue();
        assertThat(redis.hget(keys.dialGuard("c-1", "a-1"), "state")).isEqualTo(Reseeding.RESTORED_GUARD_STATE);
        assertThat(redis.pttl(keys.dialGuard("c-1", "a-1"))).isBetween(1L, 600_000L);

        redis.hset(keys.dialGuard("c-1", "a-2"), "state", "ACCEPTED");
        assertThat(reseeding.restoreGuard(redis, "c-1", "a-2")).isFalse();
        assertThat(redis.hget(keys.dialGuard("c-1", "a-2"), "state")).isEqualTo("ACCEPTED");
    }
}
