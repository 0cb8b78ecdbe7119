package com.dialer.state.ratelimit;

import java.util.List;

import com.dialer.state.LuaScript;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * GCRA in Redis: one {@code gcra.lua} call per acquisition checks and charges every bucket (the
 * global key, the campaign's key, optionally the client's) in one round trip, on Redis {@code TIME}.
 * Shared by every instance of every service and surviving their restarts, because the state is
 * the TAT in Redis.
 */
public final class GlobalRateLimiter implements RateLimiter {
    public static final String SCRIPT = "com/dialer/state/gcra.lua";
    private static final LuaScript GCRA = LuaScript.fromResource(SCRIPT);
    private static final LuaScript ANSWERED = LuaScript.fromResource("com/dialer/state/start-answered.lua");

    private final RedisClusterCommands<String, String> redis;

    public GlobalRateLimiter(RedisClusterCommands<String, String> redis) {
        this.redis = redis;
        GCRA.load(redis);
        ANSWERED.load(redis);
    }

    /**
     * One start that every bucket and the window allow now, in the same script call: granted, the window holds
     * it as in flight until {@link #answered}. The window is the last bucket in {@link RateGrant#limitingBucket()}.
     */
    public RateGrant acquireStart(List<RateBucket> buckets, StartWindow window) {
        String[] keys = new String[buckets.size() + 1];
        String[] args = new String[1 + 2 * buckets.size() + 4];
        args[0] = "1";
        for (int i = 0; i < buckets.size(); i++) {
            keys[i] = buckets.get(i).key();
            args[1 + 2 * i] = Long.toString(buckets.get(i).limit().emissionIntervalMicros());
            args[2 + 2 * i] = Long.toString(buckets.get(i).limit().toleranceMicros());
        }
        keys[buckets.size()] = window.key();
        int w = 1 + 2 * buckets.size();
        args[w] = Integer.toString(window.limit());
        args[w + 1] = Long.toString(window.width().toNanos() / 1_000);
        args[w + 2] = Long.toString(window.hold().toNanos() / 1_000);
        args[w + 3] = window.member();
        List<Long> reply = GCRA.eval(redis, ScriptOutputType.MULTI, keys, args);
        return new RateGrant(reply.get(0).intValue(), reply.get(1), reply.get(2), reply.get(3).intValue() - 1);
    }

    /**
     * The start's request was answered (it counts from now on, no longer until its hold ends), or never sent
     * ({@code sent} false: it is forgotten).
     */
    public void answered(StartWindow window, boolean sent) {
        ANSWERED.eval(redis, ScriptOutputType.INTEGER, new String[] {window.key()}, window.member(), sent ? "0" : "1");
    }

    @Override
    public RateGrant acquire(int wanted, List<RateBucket> buckets) {
        if (wanted < 1) {
            throw new IllegalArgumentException("wanted must be >= 1, was " + wanted);
        }
        if (buckets.isEmpty()) {
            throw new IllegalArgumentException("at least one rate bucket is needed");
        }
        String[] keys = new String[buckets.size()];
        String[] args = new String[1 + 2 * buckets.size()];
        args[0] = Integer.toString(wanted);
        for (int i = 0; i < buckets.size(); i++) {
            RateBucket bucket = buckets.get(i);
            keys[i] = bucket.key();
            args[1 + 2 * i] = Long.toString(bucket.limit().emissionIntervalMicros());
            args[2 + 2 * i] = Long.toString(bucket.limit().toleranceMicros());
        }
        List<Long> reply = GCRA.eval(redis, ScriptOutputType.MULTI, keys, args);
        return new RateGrant(reply.get(0).intValue(), reply.get(1), reply.get(2), reply.get(3).intValue() - 1);
    }
}
