package com.dialer.state.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import com.dialer.state.LuaScript;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The global rate limiter: GCRA in one Lua script over every bucket that applies to a start (the
 * global limit, the campaign's own, optionally the client's), on Redis' clock, one round trip,
 * several tokens per call. Shared by every instance of every service through Redis; survives
 * restarts of them. The limits travel with each call, so a changed limit applies at once.
 */
public final class GcraRateLimiter {
    static final LuaScript SCRIPT = LuaScript.fromResource("com/dialer/state/gcra.lua");

    private final StatefulRedisConnection<String, String> redis;

    public GcraRateLimiter(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
        SCRIPT.load(redis.sync());
    }

    /** Takes up to {@code tokens} tokens from every bucket at once (all or the same share of each). */
    public RateGrant acquire(List<RateBucket> buckets, int tokens) {
        Args args = args(buckets, tokens);
        List<Long> reply = SCRIPT.eval(redis.sync(), ScriptOutputType.MULTI, args.keys, args.argv);
        return grant(reply);
    }

    public CompletionStage<RateGrant> acquireAsync(List<RateBucket> buckets, int tokens) {
        Args args = args(buckets, tokens);
        return SCRIPT.<List<Long>>evalAsync(redis.async(), ScriptOutputType.MULTI, args.keys, args.argv)
                .thenApply(GcraRateLimiter::grant);
    }

    private static RateGrant grant(List<Long> reply) {
        return new RateGrant(reply.get(0).intValue(), Duration.ofNanos(reply.get(1) * 1_000), reply.get(2));
    }

    private static Args args(List<RateBucket> buckets, int tokens) {
        if (buckets.isEmpty()) {
            throw new IllegalArgumentException("at least one bucket");
        }
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be >= 1, was " + tokens);
        }
        String[] keys = new String[buckets.size()];
        String[] argv = new String[1 + 2 * buckets.size()];
        argv[0] = Integer.toString(tokens);
        for (int i = 0; i < buckets.size(); i++) {
            RateBucket b = buckets.get(i);
            keys[i] = b.key();
            argv[1 + 2 * i] = Long.toString(b.limit().emissionIntervalMicros());
            argv[2 + 2 * i] = Integer.toString(b.limit().burst());
        }
        return new Args(keys, argv);
    }

    private record Args(String[] keys, String[] argv) {
    }
}
