package com.dialer.state.ratelimit;

import java.time.Duration;
import java.util.Map;

import com.dialer.state.RedisKeys;


import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The live global limit: fields {@code maxCallsPerMinute}, {@code windowMs}, {@code burst} of the
 * hash {@link RedisKeys#globalRateLimits()}, each falling back to the configured value. Operators
 * change the limit with one {@code HSET}; every instance applies it on its next release round.
 */
public final class RedisGlobalLimitSource implements GlobalLimitSource {
    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;
    private final RateLimit configured;

    public RedisGlobalLimitSource(RedisClusterCommands<String, String> redis, RedisKeys keys, RateLimit configured) {
        this.redis = redis;
        this.keys = keys;
        this.configured = configured;
    }

    @Override
    public RateLimit current() {
        Map<String, String> fields = redis.hgetall(keys.globalRateLimits());
        try {
            long permits = number(fields, "maxCallsPerMinute", configured.permits());
            long window = number(fields, "windowMs", configured.window().toMillis());
            long burst = number(fields, "burst", configured.burst());
            return new RateLimit(permits, Duration.ofMillis(window), (int) burst);
        } catch (IllegalArgumentException e) {
            // a bad value in the hash must not stop dialing at the configured rate
            return configured;
        }
    }

    /** Sets the live limit; every instance applies it on its next round. */
    public void set(RateLimit rate) {
        redis.hset(keys.globalRateLimits(), Map.of("maxCallsPerMinute", Long.toString(rate.permits()),
                "windowMs", Long.toString(rate.window().toMillis()), "burst", Integer.toString(rate.burst())));
    }

    private static long number(Map<String, String> fields, String name, long fallback) {
        String raw = fields.get(name);
        return raw == null ? fallback : Long.parseLong(raw.trim());
    }
}
