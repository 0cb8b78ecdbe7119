package com.dialer.bench.slots;

import com.dialer.state.RedisConnection;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The seed's old flow, on Redis: count the client's active calls ({@code SCARD}), go on when under
 * the cap, warm the bot up, dial, and only then record the call ({@code SADD}); remove it at the end.
 * Workers that check during someone else's warm-up all see room.
 */
public final class CheckThenActGate implements SlotGate {
    private final RedisConnection connection;
    private final String prefix;
    private final int cap;

    public CheckThenActGate(String redisUri, String prefix, int cap) {
        this.connection = RedisConnection.open("REDIS_URI", redisUri);
        this.prefix = prefix;
        this.cap = cap;
    }

    private String active(String clientId) {
        return prefix + "active:{" + clientId + "}";
    }

    private RedisClusterCommands<String, String> redis() {
        return connection.sync();
    }

    @Override
    public boolean admit(String clientId, String attemptId) {
        return redis().scard(active(clientId)) < cap;
    }

    @Override
    public void dialed(String clientId, String attemptId) {
        redis().sadd(active(clientId), attemptId);
    }

    @Override
    public void ended(String clientId, String attemptId) {
        redis().srem(active(clientId), attemptId);
    }

    @Override
    public String label() {
        return "seed: check, warm up, dial, record";
    }

    @Override
    public void close() {
        connection.close();
    }
}
