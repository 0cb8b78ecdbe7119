package com.dialer.state.attempt;

import com.dialer.state.LuaScript;
import com.dialer.state.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The protocol by which the status-processor rebuilds Redis after Redis lost its data (a restart
 * without persistence, a failover to an empty node). {@code seeded:{global}} missing means Redis
 * is not trusted; each partition of the status-processor then re-projects every attempt of its
 * state stores ({@link AttemptProjection} re-asserts live leases, {@link #restoreGuard} puts back
 * dial guards) and reports {@link #finish}; the last partition sets {@code seeded:{global}}.
 * Executors that require seeded state copy that marker into their client's {@code seeded:{client}}
 * (see {@code SlotLeases}), so a client the status-processor never saw is ready too: it has no
 * live attempt to restore.
 *
 * <p>A scan proves something only if Redis was not lost again while it ran: {@link #begin} writes
 * a token, {@link #finish} accepts only the same token, and a loss takes the token with it.
 */
public final class Reseeding {
    private static final LuaScript PROGRESS = LuaScript.fromResource("com/dialer/state/reseed-progress.lua");
    private static final LuaScript GUARD = LuaScript.fromResource("com/dialer/state/restore-guard.lua");

    /** The dial guard state of a restored guard: not RESERVED, so no executor will dial it. */
    public static final String RESTORED_GUARD_STATE = "RESEEDED";

    /** Where Redis stands for one partition. */
    public enum Readiness {
        /** {@code seeded:{global}} is set: nothing to do. */
        SEEDED,
        /** This partition re-seeded; others have not yet. */
        PARTITION_DONE,
        /** Redis lost its state (or was never seeded) and this partition has not re-seeded it. */
        UNSEEDED
    }

    private static final int WITNESS_BATCH = 1024;

    private final RedisKeys keys;
    private final Duration guardTtl;

    /** @param guardTtl how long restored dial guards live ({@link com.dialer.state.HotRetention#dialGuardLife}) */
    public Reseeding(RedisKeys keys, Duration guardTtl) {
        this.keys = keys;
        this.guardTtl = guardTtl;
    }

    public Readiness readiness(RedisClusterCommands<String, String> redis, int partition) {
        return Readiness.valueOf(progress(redis, "STATUS", partition, "", 0, ""));
    }

    /** Starts this partition's scan. @return the token to {@link #finish} with */
    public String begin(RedisClusterCommands<String, String> redis, int partition) {
        String token = UUID.randomUUID().toString();
        String reply = progress(redis, "BEGIN", partition, token, 0, "");
        if (!reply.equals("STARTED") && !reply.equals("SEEDED")) {
            throw new IllegalStateException("reseed-progress.lua BEGIN answered " + reply);
        }
        return token;
    }

    /**
     * Reports this partition's scan done.
     *
     * @param partitions how many partitions must report before Redis is trusted again
     * @param marker     the value of {@code seeded:{global}} (who seeded, when)
     * @return SEEDED when this was the last partition, PARTITION_DONE when others remain, UNSEEDED
     *         when the scan must start over (Redis was lost again meanwhile)
     */
    public Readiness finish(RedisClusterCommands<String, String> redis, int partition, String token, int partitions, String marker) {
        // the slot witnesses first: an executor that sees seeded:{global} finds them, and a shard that
        // loses its data later loses its witnesses (MSETs of 1024 keys, short commands; on a cluster
        // Lettuce splits each by slot)
        List<String> witnesses = keys.slotWitnesses();
        for (int from = 0; from < witnesses.size(); from += WITNESS_BATCH) {
            Map<String, String> batch = new HashMap<>();
            witnesses.subList(from, Math.min(from + WITNESS_BATCH, witnesses.size())).forEach(k -> batch.put(k, marker));
            redis.mset(batch);
        }
        return Readiness.valueOf(progress(redis, "FINISH", partition, token, partitions, marker));
    }

    /** Puts back a dialed attempt's guard unless one exists. @return true when restored */
    public boolean restoreGuard(RedisClusterCommands<String, String> redis, String clientId, String attemptId) {
        Long restored = GUARD.eval(redis, ScriptOutputType.INTEGER, new String[] {keys.dialGuard(clientId, attemptId)},
                RESTORED_GUARD_STATE, Long.toString(guardTtl.toMillis()));
        return restored != null && restored == 1L;
    }

    private String progress(RedisClusterCommands<String, String> redis, String op, int partition, String token, int partitions,
                            String marker) {
        return PROGRESS.eval(redis, ScriptOutputType.STATUS, new String[] {keys.seededGlobal(), keys.reseedProgress()},
                op, Integer.toString(partition), token, Integer.toString(partitions), marker);
    }
}
