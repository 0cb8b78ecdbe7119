package com.dialer.state.slots;

import java.time.Duration;
import java.util.List;

import com.dialer.state.LuaScript;
import com.dialer.state.RedisKeys;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Per-client concurrency slots as leases in Redis: a sorted set per client, member = attemptId,
 * score = lease expiry on Redis' clock. Reserving drops expired leases, checks the cap (read inside
 * the script, so a cap change applies atomically) and adds the lease in one script; a crashed
 * holder's slot comes back when its lease ends. Each attempt also gets a dial guard, so a request
 * delivered twice is reserved, and so dialed, once.
 */
public final class SlotLeases {
    static final LuaScript RESERVE = LuaScript.fromResource("com/dialer/state/reserve-slot.lua");
    static final LuaScript MARK_DIALING = LuaScript.fromResource("com/dialer/state/mark-dialing.lua");
    static final LuaScript RENEW = LuaScript.fromResource("com/dialer/state/renew-lease.lua");
    static final LuaScript SETTLE = LuaScript.fromResource("com/dialer/state/settle-dial.lua");
    static final LuaScript RELEASE = LuaScript.fromResource("com/dialer/state/release-slot.lua");
    static final LuaScript ACTIVE = LuaScript.fromResource("com/dialer/state/active-slots.lua");
    static final LuaScript ABANDON = LuaScript.fromResource("com/dialer/state/abandon-dial.lua");
    static final LuaScript CONFIRM_PLACED = LuaScript.fromResource("com/dialer/state/confirm-placed.lua");
    static final LuaScript RELEASE_UNPLACED = LuaScript.fromResource("com/dialer/state/release-unplaced.lua");

    /** What Plivo said about a dial. */
    public enum DialVerdict { ACCEPTED, REJECTED, UNKNOWN }

    private final StatefulRedisConnection<String, String> redis;
    private final RedisKeys keys;
    private final Settings settings;

    /**
     * @param defaultCap      the cap of a client with no {@code limits:{client}} entry and no configured one
     * @param requireSeeded   refuse reservations for a client until its hot state was rebuilt after a Redis loss
     * @param guardTtl        how long dial guards are kept (the hot window)
     * @param configured      the clients' configured caps ({@code CLIENT_LIMITS}), which a client has when
     *                        {@code limits:{client}} is missing, e.g. after Redis lost its data
     */
    public record Settings(int defaultCap, boolean requireSeeded, Duration guardTtl, ConfiguredClientLimits configured) {
        public Settings {
            if (defaultCap < 0) {
                throw new IllegalArgumentException("defaultCap must be >= 0");
            }
        }

        public Settings(int defaultCap, boolean requireSeeded, Duration guardTtl) {
            this(defaultCap, requireSeeded, guardTtl, ConfiguredClientLimits.NONE);
        }

        /** The cap of a client whose {@code limits:{client}} has none. */
        int fallbackCap(String client) {
            return configured.capOf(client, defaultCap);
        }
    }

    public SlotLeases(StatefulRedisConnection<String, String> redis, RedisKeys keys, Settings settings) {
        this.redis = redis;
        this.keys = keys;
        this.settings = settings;
        for (LuaScript s : List.of(RESERVE, MARK_DIALING, RENEW, SETTLE, RELEASE, ACTIVE, ABANDON)) {
            s.load(redis.sync());
        }
        for (LuaScript s : List.of(CONFIRM_PLACED, RELEASE_UNPLACED)) {
            s.load(redis.sync());
        }
    }

    /**
     * Reserves a slot at the check. With {@code requireSeeded}, a client whose {@code seeded:{client}}
     * is missing is refused ({@link Reservation.NotReady}) unless the status-processor has re-seeded
     * all of Redis ({@code seeded:{global}}): then the client's marker is set from it and the
     * reservation tried once more. A client the status-processor never saw has no live attempt to
     * restore, so the global marker is enough for it too.
     */
    public Reservation reserve(String client, String attemptId, Duration lease) {
        Reservation first = tryReserve(client, attemptId, lease);
        if (first instanceof Reservation.NotReady && adoptGlobalReadiness(client)) {
            return tryReserve(client, attemptId, lease);
        }
        return first;
    }

    /**
     * Copies {@code seeded:{global}} into {@code seeded:{client}}. The two keys live on different
     * cluster slots, so this is not one script: the global marker is read again after the write and
     * the client's marker taken back if Redis was lost in between.
     *
     * @return true when the client's marker is now set
     */
    public boolean adoptGlobalReadiness(String client) {
        String marker = sync().get(keys.seededGlobal());
        if (marker == null) {
            return false;
        }
        sync().set(keys.seeded(client), marker);
        if (!marker.equals(sync().get(keys.seededGlobal()))) {
            sync().del(keys.seeded(client));
            return false;
        }
        return true;
    }

    private Reservation tryReserve(String client, String attemptId, Duration lease) {
        List<Object> reply = RESERVE.eval(sync(), ScriptOutputType.MULTI,
                new String[] {keys.slots(client), keys.limits(client), keys.dialGuard(client, attemptId), keys.seeded(client)},
                attemptId, micros(lease), Integer.toString(settings.fallbackCap(client)), settings.requireSeeded() ? "1" : "0",
                Long.toString(settings.guardTtl().toMillis()));
        String verdict = (String) reply.get(0);
        int active = ((Long) reply.get(1)).intValue();
        int cap = ((Long) reply.get(2)).intValue();
        String detail = (String) reply.get(3);
        return switch (verdict) {
            case "RESERVED" -> new Reservation.Reserved(active, cap);
            case "FULL" -> new Reservation.Full(active, cap, Duration.ofNanos(Long.parseLong(detail) * 1_000));
            case "DUPLICATE" -> new Reservation.Duplicate(detail);
            case "NOT_READY" -> new Reservation.NotReady();
            default -> throw new IllegalStateException("reserve-slot.lua answered " + reply);
        };
    }

    /** True when the attempt moved to DIALING with a renewed lease; false means: do not dial. */
    public boolean markDialing(String client, String attemptId, Duration lease) {
        String reply = MARK_DIALING.eval(sync(), ScriptOutputType.STATUS,
                new String[] {keys.slots(client), keys.dialGuard(client, attemptId)}, attemptId, micros(lease));
        return "DIALING".equals(reply);
    }

    /** Extends a live lease; false when it had already ended. */
    public boolean renew(String client, String attemptId, Duration lease) {
        Long held = RENEW.eval(sync(), ScriptOutputType.INTEGER, new String[] {keys.slots(client)}, attemptId, micros(lease));
        return held == 1L;
    }

    /** Records Plivo's answer; a rejected dial frees the slot, others keep it for {@code lease}. */
    public void settle(String client, String attemptId, DialVerdict verdict, String requestUuid, Duration lease) {
        SETTLE.eval(sync(), ScriptOutputType.INTEGER, new String[] {keys.slots(client), keys.dialGuard(client, attemptId)},
                attemptId, verdict.name(), requestUuid == null ? "" : requestUuid, micros(lease));
    }

    /** Frees the slot; idempotent. True when this call freed it. */
    public boolean release(String client, String attemptId) {
        Long removed = RELEASE.eval(sync(), ScriptOutputType.INTEGER, new String[] {keys.slots(client)},
                attemptId, releasedChannel(client));
        return removed == 1L;
    }

    /** Frees the slot and forgets the dial: only for a dial that provably never reached Plivo. */
    public void abandon(String client, String attemptId) {
        ABANDON.eval(sync(), ScriptOutputType.INTEGER, new String[] {keys.slots(client), keys.dialGuard(client, attemptId)},
                attemptId, releasedChannel(client));
    }

    // --- settling an unknown dial (a 5xx or a timeout to Make-a-Call), after asking Plivo ---

    /** What {@link #releaseUnplaced} did. */
    public sealed interface Unplaced {
        /** Slot freed; the same attempt may be reserved and dialed again ({@code redials} so far). */
        record Redial(int redials) implements Unplaced {
        }

        /** Slot freed; past the bound on re-dials the attempt ends (guard REJECTED with the reason). */
        record GaveUp(int redials) implements Unplaced {
        }

        /** A callback of the call reached the attempt meanwhile: it was placed after all. */
        record Seen(String callUuid) implements Unplaced {
        }

        /** The guard is no longer UNKNOWN: someone else settled it. */
        record Stale(String state) implements Unplaced {
        }
    }

    /**
     * An unknown dial was found at Plivo: guard ACCEPTED with the call's uuids, the lease extended to
     * {@code callLease} (never revived if a hangup released it already).
     *
     * @return false when the guard was not UNKNOWN any more (nothing changed)
     */
    public boolean confirmPlaced(String client, String attemptId, String requestUuid, String callUuid, Duration callLease) {
        String before = CONFIRM_PLACED.eval(sync(), ScriptOutputType.STATUS,
                new String[] {keys.slots(client), keys.dialGuard(client, attemptId)}, attemptId,
                requestUuid == null ? "" : requestUuid, callUuid == null ? "" : callUuid, micros(callLease));
        return "UNKNOWN".equals(before);
    }

    /**
     * An unknown dial found nowhere at Plivo past its settle horizon: frees the slot and allows exactly
     * one more dial of this attempt, or ends it past {@code maxRedials}. Refused when the attempt's
     * hash shows a callback of the call.
     */
    public Unplaced releaseUnplaced(String client, String attemptId, int maxRedials, String reason) {
        List<Object> reply = RELEASE_UNPLACED.eval(sync(), ScriptOutputType.MULTI,
                new String[] {keys.slots(client), keys.dialGuard(client, attemptId), keys.attempt(client, attemptId)},
                attemptId, releasedChannel(client), Integer.toString(maxRedials), reason);
        String detail = (String) reply.get(1);
        return switch ((String) reply.get(0)) {
            case "REDIAL" -> new Unplaced.Redial(Integer.parseInt(detail));
            case "GAVE_UP" -> new Unplaced.GaveUp(Integer.parseInt(detail));
            case "SEEN" -> new Unplaced.Seen(detail);
            case "STALE" -> new Unplaced.Stale(detail);
            default -> throw new IllegalStateException("release-unplaced.lua answered " + reply);
        };
    }

    /** Live leases of a client right now. */
    public int active(String client) {
        Long n = ACTIVE.eval(sync(), ScriptOutputType.INTEGER, new String[] {keys.slots(client)});
        return n.intValue();
    }

    /** The dial guard's state of an attempt, or null. */
    public String dialState(String client, String attemptId) {
        return sync().hget(keys.dialGuard(client, attemptId), "state");
    }

    /** The dial guard's fields (state, requestUuid, times), empty when the attempt has none. */
    public java.util.Map<String, String> dialGuard(String client, String attemptId) {
        return sync().hgetall(keys.dialGuard(client, attemptId));
    }

    /** Sets a client's cap; applies to the next reservation. */
    public void setCap(String client, int cap) {
        sync().hset(keys.limits(client), "cap", Integer.toString(cap));
    }

    /** The pub/sub channel a release is announced on, for executors waiting for a slot. */
    public String releasedChannel(String client) {
        return keys.slots(client) + ":released";
    }

    private RedisCommands<String, String> sync() {
        return redis.sync();
    }

    private static String micros(Duration d) {
        return Long.toString(d.toNanos() / 1_000);
    }
}
