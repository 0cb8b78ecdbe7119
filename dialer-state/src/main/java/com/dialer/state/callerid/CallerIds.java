package com.dialer.state.callerid;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.dialer.state.LuaScript;
import com.dialer.state.RedisKeys;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * Picks the caller number of each call from its client's pool, atomically in Redis: one
 * {@code pick-caller-id.lua} call on the client's hash slot chooses the least-used-today number of the
 * best matching tier under its daily cap and counts it, so executors racing for the same pool never
 * take a number past its cap. A dial that never reached Plivo gives its pick back ({@link #giveBack}).
 */
public final class CallerIds {
    static final LuaScript PICK = LuaScript.fromResource("com/dialer/state/pick-caller-id.lua");
    static final LuaScript GIVE_BACK = LuaScript.fromResource("com/dialer/state/return-caller-id.lua");
    /** A number's count is read on its own local day; two days cover any zone's day plus a margin. */
    static final Duration USAGE_TTL = Duration.ofDays(2);

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;
    private final CallerIdPools pools;
    private final Duration pickTtl;

    /**
     * @param pickTtl how long an attempt's pick is kept for its retries (a retry after it counts a new use:
     *                never more than the cap, possibly one use too many)
     */
    public CallerIds(RedisClusterCommands<String, String> redis, RedisKeys keys, CallerIdPools pools, Duration pickTtl) {
        this.redis = redis;
        this.keys = keys;
        this.pools = pools;
        this.pickTtl = pickTtl;
        PICK.load(redis);
        GIVE_BACK.load(redis);
    }

    /** The number {@code attemptId} of {@code clientId} calls {@code callee} from, out of the client's pool {@code poolName}. */
    public CallerIdPick pick(String clientId, String attemptId, String poolName, String callee) {
        CallerIdPool pool = pools.pool(clientId, poolName).orElse(null);
        if (pool == null) {
            return new CallerIdPick.NoNumber("client " + clientId + " has no caller-ID pool '" + poolName
                    + "' (" + CallerIdPools.FILE.name() + ")");
        }
        List<CallerIdPool.Candidate> candidates = pool.candidatesFor(callee);
        if (candidates.isEmpty()) {
            return new CallerIdPick.NoNumber("caller-ID pool '" + poolName + "' of client " + clientId
                    + " has no number for the callee's region and no default number");
        }
        Instant now = Instant.now();
        String[] args = new String[2 + 4 * candidates.size()];
        args[0] = Long.toString(Math.max(1, pickTtl.toMillis()));
        args[1] = Long.toString(USAGE_TTL.toMillis());
        for (int i = 0; i < candidates.size(); i++) {
            CallerIdPool.Candidate c = candidates.get(i);
            args[2 + 4 * i] = c.number().e164();
            args[3 + 4 * i] = Integer.toString(c.tier());
            args[4 + 4 * i] = c.number().dailyCap() == null ? "-1" : Integer.toString(c.number().dailyCap());
            args[5 + 4 * i] = Integer.toString(c.number().zone().getRules().getOffset(now).getTotalSeconds());
        }
        List<Object> reply = PICK.eval(redis, ScriptOutputType.MULTI,
                new String[] {keys.callerIdUsage(clientId), keys.callerIdPick(clientId, attemptId)}, args);
        if (((Long) reply.get(0)) == 1L) {
            return new CallerIdPick.Picked((String) reply.get(1), ((Long) reply.get(2)).intValue());
        }
        return new CallerIdPick.AllAtCap(Duration.ofSeconds((Long) reply.get(2)));
    }

    /** The attempt's pick is not used (the dial never reached Plivo): the number's use today is undone. */
    public boolean giveBack(String clientId, String attemptId) {
        Long given = GIVE_BACK.eval(redis, ScriptOutputType.INTEGER,
                new String[] {keys.callerIdUsage(clientId), keys.callerIdPick(clientId, attemptId)});
        return given != null && given == 1L;
    }

    /** The number picked for an attempt, or null: for a request delivered again after its dial. */
    public String picked(String clientId, String attemptId) {
        String held = redis.get(keys.callerIdPick(clientId, attemptId));
        return held == null ? null : held.substring(0, held.indexOf(' '));
    }

    /**
     * Each number's calls on its local day {@code today(number)}: what the live page and the demo show.
     * Counts of another day read 0.
     */
    public Map<String, Integer> usedToday(String clientId, CallerIdPool pool) {
        Map<String, String> raw = redis.hgetall(keys.callerIdUsage(clientId));
        Map<String, Integer> used = new LinkedHashMap<>();
        for (CallerNumber n : pool.numbers()) {
            String v = raw.get(n.e164());
            long today = LocalDate.now(n.zone()).toEpochDay();
            int count = 0;
            if (v != null) {
                String[] dayAndCount = v.split(" ");
                if (Long.parseLong(dayAndCount[0]) == today) {
                    count = Integer.parseInt(dayAndCount[1]);
                }
            }
            used.put(n.e164(), count);
        }
        return used;
    }
}
