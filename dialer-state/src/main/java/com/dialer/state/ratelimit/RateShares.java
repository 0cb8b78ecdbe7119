package com.dialer.state.ratelimit;

import java.time.Duration;

import com.dialer.state.LuaScript;
import com.dialer.state.RedisKeys;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * Shares of the global rate between the schedulers' stream tasks. Each task runs its own release
 * punctuator and asks the one global GCRA key for tokens; left alone, whichever task asks first
 * each tick wins, and the campaigns of one partition starve those of another. So each task posts
 * the weight of the campaigns it has work for and earns release budget in proportion to its
 * share of every task's weight ({@code rate-share.lua}, one round trip, Redis TIME).
 */
public final class RateShares implements RateShare {
    private static final LuaScript SHARE = LuaScript.fromResource("com/dialer/state/rate-share.lua");

    private final RedisClusterCommands<String, String> redis;
    private final String key;
    private final Duration staleAfter;

    public RateShares(RedisClusterCommands<String, String> redis, RedisKeys keys, Duration staleAfter) {
        this.redis = redis;
        this.key = keys.rateShares();
        this.staleAfter = staleAfter;
        SHARE.load(redis);
    }

    @Override
    public double shareOf(String member, double weight) {
        if (weight < 0 || Double.isNaN(weight)) {
            throw new IllegalArgumentException("weight must be >= 0, was " + weight);
        }
        String total = SHARE.eval(redis, ScriptOutputType.VALUE, new String[] {key}, member, Double.toString(weight),
                Long.toString(staleAfter.toNanos() / 1_000));
        double sum = Double.parseDouble(total);
        return sum <= 0 ? 1.0 : Math.min(1.0, weight / sum);
    }
}
