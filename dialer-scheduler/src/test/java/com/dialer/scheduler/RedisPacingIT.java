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
import com.dialer.state.limits.Limits;
import com.dialer.state.limits.LiveLimits;
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
    void readsTheLiveSlotsAndResolvesEachCapByTheOneChain() {
        var limits = new RedisClientLimits(new LiveLimits(connection.sync(), keys,
                Limits.from(Map.of("CLIENT_LIMITS", "acme=4/90", "DEFAULT_CLIENT_CAP", "6")::get)));
        assertThat(limits.load("acme")).as("CLIENT_LIMITS").isEqualTo(new ClientLoad(0, 4, 90));
        assertThat(limits.load("other")).as("DEFAULT_CLIENT_CAP").isEqualTo(new ClientLoad(0, 6, null));

        connection.sync().zadd(keys.slots("acme"), 1.0, "a1");
        connection.sync().zadd(keys.slots("acme"), 2.0, "a2");
        connection.sync().hset(keys.limits("acme"), Map.of("cap", "5", "rate", "120"));
        assertThat(limits.load("acme")).as("the live value").isEqualTo(new ClientLoad(2, 5, 120));

        connection.sync().hset(keys.limits("acme"), "cap", "five");
        assertThat(limits.load("acme").cap()).as("a typo falls back to the configured cap").isEqualTo(4);
    }

    @Test
    void aCampaignsMirroredCapWinsOverItsSettingsAndNoneMeansNone() {
        var limits = new RedisClientLimits(new LiveLimits(connection.sync(), keys, Limits.defaults()));
        assertThat(limits.campaign("acme", "c1", 3)).isEqualTo(new CampaignLoad(0, 3));

        limits.mirrorCampaignCap("acme", "c1", 2);
        connection.sync().zadd(keys.campaignSlots("acme", "c1"), 1.0, "c1:k:1");
        assertThat(limits.campaign("acme", "c1", 3)).isEqualTo(new CampaignLoad(1, 2));

        limits.mirrorCampaignCap("acme", "c1", null);
        assertThat(limits.campaign("acme", "c1", 3)).isEqualTo(new CampaignLoad(1, null));
    }
}
