package com.dialer.scheduler;

import java.util.List;
import java.util.Map;

import com.dialer.state.RedisKeys;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * {@code ZCARD slots:{client}} and {@code HMGET limits:{client} cap rate}: two commands, one slot.
 * The hash is where operators change a client's limits live, and what the executor's reservation
 * reads; {@link #seed} fills it from {@code CLIENT_LIMITS} where it has no value yet.
 */
public final class RedisClientLimits implements ClientLimits {
    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;

    public RedisClientLimits(RedisCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Writes configured limits into limits:{client} fields that have none; a value already there (an operator's) stays. */
    public void seed(Map<String, SchedulerConfig.ClientLimit> configured) {
        configured.forEach((clientId, limit) -> {
            redis.hsetnx(keys.limits(clientId), "cap", Integer.toString(limit.cap()));
            if (limit.callsPerMinute() != null) {
                redis.hsetnx(keys.limits(clientId), "rate", Integer.toString(limit.callsPerMinute()));
            }
        });
    }

    @Override
    public ClientLoad load(String clientId) {
        long live = redis.zcard(keys.slots(clientId));
        List<KeyValue<String, String>> limits = redis.hmget(keys.limits(clientId), "cap", "rate");
        return new ClientLoad(live, positiveOrNull(limits.get(0)), positiveOrNull(limits.get(1)));
    }

    private static Integer positiveOrNull(KeyValue<String, String> field) {
        if (!field.hasValue()) {
            return null;
        }
        try {
            int value = Integer.parseInt(field.getValue().trim());
            return value > 0 ? value : null;
        } catch (NumberFormatException e) {
            // an operator typo must not stop dialing: fall back to the configured limit
            return null;
        }
    }
}
