package com.dialer.state.recipients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.dialer.state.LuaScript;
import com.dialer.state.RedisKeys;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The recipient rules in Redis: per number of a client a ZSET of its calls and a key holding the
 * live attempt, all tagged {@code {client}}, so one {@code claim-recipients.lua} call claims a
 * whole batch of a campaign's numbers atomically, in one round trip, on Redis {@code TIME}.
 * Claims are idempotent by attemptId: a release replayed after an aborted Kafka transaction gets
 * the same answer and is not counted twice.
 */
public final class RedisRecipientGuard implements RecipientGuard {
    static final LuaScript CLAIM = LuaScript.fromResource("com/dialer/state/claim-recipients.lua");
    static final LuaScript FREE = LuaScript.fromResource("com/dialer/state/free-recipients.lua");

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;

    public RedisRecipientGuard(RedisClusterCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
        CLAIM.load(redis);
        FREE.load(redis);
    }

    @Override
    public List<RecipientVerdict> claim(String clientId, List<RecipientAttempt> candidates, int wanted, Duration hold,
                                        CommunicationLimits limits) {
        if (candidates.isEmpty() || wanted < 1) {
            return List.of();
        }
        String[] keyArgs = new String[2 * candidates.size()];
        String[] args = new String[5 + candidates.size()];
        args[0] = Integer.toString(wanted);
        args[1] = Long.toString(Math.max(1, hold.toMillis()));
        args[2] = Long.toString(micros(limits.minGap()));
        args[3] = Integer.toString(limits.maxCalls());
        args[4] = Long.toString(micros(limits.period()));
        for (int i = 0; i < candidates.size(); i++) {
            RecipientAttempt candidate = candidates.get(i);
            keyArgs[2 * i] = keys.recipientCalls(clientId, candidate.phoneNumber());
            keyArgs[2 * i + 1] = keys.recipientLive(clientId, candidate.phoneNumber());
            args[5 + i] = candidate.attemptId();
        }
        List<Long> reply = CLAIM.eval(redis, ScriptOutputType.MULTI, keyArgs, args);
        List<RecipientVerdict> verdicts = new ArrayList<>(reply.size() / 2);
        for (int i = 0; i < reply.size() / 2; i++) {
            RecipientAttempt candidate = candidates.get(i);
            Duration wait = Duration.ofNanos(reply.get(2 * i + 1) * 1_000);
            verdicts.add(switch (reply.get(2 * i).intValue()) {
                case 1 -> new RecipientVerdict.Claimed(candidate, false);
                case 2 -> new RecipientVerdict.Claimed(candidate, true);
                case 3 -> new RecipientVerdict.Refused(candidate, RecipientVerdict.Reason.LIVE, wait);
                case 4 -> new RecipientVerdict.Refused(candidate, RecipientVerdict.Reason.GAP, wait);
                case 5 -> new RecipientVerdict.Refused(candidate, RecipientVerdict.Reason.CAP, wait);
                default -> throw new IllegalStateException("claim-recipients.lua answered " + reply);
            });
        }
        return verdicts;
    }

    @Override
    public void free(String clientId, List<RecipientAttempt> ended) {
        if (ended.isEmpty()) {
            return;
        }
        String[] keyArgs = new String[ended.size()];
        String[] args = new String[ended.size()];
        for (int i = 0; i < ended.size(); i++) {
            keyArgs[i] = keys.recipientLive(clientId, ended.get(i).phoneNumber());
            args[i] = ended.get(i).attemptId();
        }
        FREE.eval(redis, ScriptOutputType.INTEGER, keyArgs, args);
    }

    /** The attempt holding a number live now, or null: for operators and tests. */
    public String liveAttempt(String clientId, String e164) {
        return redis.get(keys.recipientLive(clientId, e164));
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1_000;
    }
}
