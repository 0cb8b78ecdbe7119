package com.dialer.scheduler;

import com.dialer.state.ratelimit.RedisGlobalLimitSource;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import com.dialer.state.ratelimit.RateLimit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

@ExtendWith(LocalStackExtension.class)
class RedisPacingIT {
    private static final RateLimit CONFIGURED = RateLimit.perMinute(600, 10);
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisKeys keys;

    @BeforeEach
    void connect(LocalStack stack) {
        client = RedisClient.create(stack.redis().uri());
        connection = client.connect();
        keys = new RedisKeys(LocalStack.uniquePrefix("pacing"));
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    @Test
    void anOperatorsHsetChangesTheGlobalLimitOnTheNextRead() {
        var source = new RedisGlobalLimitSource(connection.sync(), keys, CONFIGURED);
        assertThat(source.current()).isEqualTo(CONFIGURED);

        connection.sync().hset(keys.globalRateLimits(), Map.of("maxCallsPerMinute", "1200", "windowMs", "30000"));

        assertThat(source.current()).isEqualTo(new RateLimit(1200, Duration.ofSeconds(30), 10));
    }

    @Test
    void aBadValueInTheHashFallsBackToTheConfiguredLimit() {
        connection.sync().hset(keys.globalRateLimits(), "burst", "many");
        assertThat(new RedisGlobalLimitSource(connection.sync(), keys, CONFIGURED).current()).isEqualTo(CONFIGURED);
    }

    @Test
    void readsTheLiveSlotsAndTheClientsLimits() {
        var limits = new RedisClientLimits(connection.sync(), keys);
        assertThat(limits.load("acme")).isEqualTo(new ClientLoad(0, null, null));

        connection.sync().zadd(keys.slots("acme"), 1.0, "a1");
        connection.sync().zadd(keys.slots("acme"), 2.0, "a2");
        connection.sync().hset(keys.limits("acme"), Map.of("cap", "5", "rate", "120"));

        assertThat(limits.load("acme")).isEqualTo(new ClientLoad(2, 5, 120));
    }

    @Test
    void seedsConfiguredClientLimitsWithoutOverwritingAnOperatorsValue() {
        connection.sync().hset(keys.limits("acme"), "cap", "7");
        var limits = new RedisClientLimits(connection.sync(), keys);

        limits.seed(Map.of("acme", new SchedulerConfig.ClientLimit(10, 120), "beta", new SchedulerConfig.ClientLimit(5, null)));

        assertThat(limits.load("acme")).isEqualTo(new ClientLoad(0, 7, 120));
        assertThat(limits.load("beta")).isEqualTo(new ClientLoad(0, 5, null));
    }
}
