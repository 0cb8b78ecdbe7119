package com.dialer.scheduler;

import java.util.List;

import com.dialer.state.RedisKeys;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.sync.RedisCommands;

/** {@code ZCARD slots:{client}} and {@code HMGET limits:{client} cap rate}: two commands, one slot. */
public final class RedisClientLimits implements ClientLimits {
    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;

    public RedisClientLimits(RedisCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
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
