package com.dialer.state.slots;

import java.time.Duration;
import java.util.List;

import com.dialer.state.LuaScript;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;
import com.dialer.state.limits.Limits;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * Concurrency slots as leases in Redis, at two levels: a sorted set per client and one per campaign
 * (same members and scores), member = attemptId, score = lease expiry on Redis' clock. Reserving drops
 * expired leases, checks the client's cap and the campaign's (both read inside the script, so a cap
 * change applies atomically to the next reservation) and adds the lease to both sets in one script;
 * a crashed holder's slot comes back when its lease ends. Each attempt also gets a dial guard, so a
 * request delivered twice is reserved, and so dialed, once. Caps resolve as {@link Limits} says.
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
    static final LuaScript PROVE_CLIENT = LuaScript.fromResource("com/dialer/state/prove-client.lua");

    /** What Plivo said about a dial. */
    public enum DialVerdict { ACCEPTED, REJECTED, UNKNOWN }

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final Settings settings;

    /**
     * @param limits        the configured limits: a client's cap when {@code limits:{client}} holds no live one
     * @param requireSeeded refuse reservations for a client until its hot state was rebuilt after a Redis loss
     * @param guardTtl      how long dial guards are kept ({@link com.dialer.state.HotRetention#dialGuardLife})
     * @param unprovenWait  with {@code requireSeeded}: how long a client whose shard lost its data is refused
     *                      (one lease period: the leases lost with it have ended by then)
     */
    public record Settings(Limits limits, boolean requireSeeded, Duration guardTtl, Duration unprovenWait) {
    }

    public SlotLeases(RedisConnection redis, RedisKeys keys, Settings settings) {
        this.redis = redis;
        this.keys = keys;
        this.settings = settings;
        for (LuaScript s : List.of(RESERVE, MARK_DIALING, RENEW, SETTLE, RELEASE, ACTIVE, ABANDON, CONFIRM_PLACED, RELEASE_UNPLACED,
                PROVE_CLIENT)) {
            s.load(redis.sync());
        }
    }

    /**
     * Reserves a slot at the check, at both levels. With {@code requireSeeded}, a client whose
     * {@code seeded:{client}} is missing is refused ({@link Reservation.NotReady}) unless the
     * status-processor has re-seeded all of Redis ({@code seeded:{global}}) and the client's slot proves
     * it kept its data since ({@link #adoptGlobalReadiness}): then the reservation is tried once more.
     *
     * @param campaignCap the campaign's cap as its request carries it (null: none); the live value the
     *                    scheduler mirrors into {@code limits:{client}:campaign:<id>} wins over it
     */
    public Reservation reserve(SlotHolder holder, Integer campaignCap, Duration lease) {
        Reservation first = tryReserve(holder, campaignCap, lease);
        if (first instanceof Reservation.NotReady && adoptGlobalReadiness(holder.clientId())) {
            return tryReserve(holder, campaignCap, lease);
        }
        return first;
    }

    /**
     * Sets {@code seeded:{client}} once {@code seeded:{global}} is set, but never on the global marker's
     * word alone: on a cluster the two live on different shards, and the client's shard may have lost
     * its data (a restart, a failover to an empty replica) while the global marker survived. The
     * witness of the client's slot, written by the re-seed beside it, decides: there, the client's
     * marker is the global one; gone, the client is refused for {@link Settings#unprovenWait} (its
     * lost leases end meanwhile). The global marker is read again after the write and the client's
     * marker taken back if Redis was lost in between.
     *
     * @return true when the client's marker is now set (perhaps as unproven for a while)
     */
    public boolean adoptGlobalReadiness(String client) {
        String marker = sync().get(keys.seededGlobal());
        if (marker == null) {
            return false;
        }
        PROVE_CLIENT.eval(sync(), ScriptOutputType.STATUS, new String[] {keys.seeded(client), keys.slotWitness(client)},
                marker, micros(settings.unprovenWait()));
        if (!marker.equals(sync().get(keys.seededGlobal()))) {
            sync().del(keys.seeded(client));
            return false;
        }
        return true;
    }

    private Reservation tryReserve(SlotHolder h, Integer campaignCap, Duration lease) {
        String client = h.clientId();
        List<Object> reply = RESERVE.eval(sync(), ScriptOutputType.MULTI,
                new String[] {keys.slots(client), keys.limits(client), keys.dialGuard(client, h.attemptId()), keys.seeded(client),
                    keys.campaignSlots(client, h.campaignId()), keys.campaignLimits(client, h.campaignId())},
                h.attemptId(), micros(lease), Integer.toString(settings.limits().configuredCap(client)),
                settings.requireSeeded() ? "1" : "0", Long.toString(settings.guardTtl().toMillis()),
                campaignCap == null ? "" : Integer.toString(campaignCap));
        String verdict = (String) reply.get(0);
        int active = ((Long) reply.get(1)).intValue();
        int cap = ((Long) reply.get(2)).intValue();
        String detail = (String) reply.get(3);
        return switch (verdict) {
            case "RESERVED" -> new Reservation.Reserved(active, cap);
            case "FULL" -> new Reservation.Full(active, cap, Duration.ofNanos(Long.parseLong(detail) * 1_000),
                    "campaign".equals(reply.get(4)) ? Reservation.Level.CAMPAIGN : Reservation.Level.CLIENT);
            case "DUPLICATE" -> new Reservation.Duplicate(detail);
            case "NOT_READY" -> new Reservation.NotReady();
            default -> throw new IllegalStateException("reserve-slot.lua answered " + reply);
        };
    }

    /** True when the attempt moved to DIALING with a renewed lease; false means: do not dial. */
    public boolean markDialing(SlotHolder h, Duration lease) {
        String reply = MARK_DIALING.eval(sync(), ScriptOutputType.STATUS,
                new String[] {keys.slots(h.clientId()), keys.dialGuard(h.clientId(), h.attemptId()), campaignSlots(h)},
                h.attemptId(), micros(lease));
        return "DIALING".equals(reply);
    }

    /** Extends a live lease; false when it had already ended. */
    public boolean renew(SlotHolder h, Duration lease) {
        Long held = RENEW.eval(sync(), ScriptOutputType.INTEGER, new String[] {keys.slots(h.clientId()), campaignSlots(h)},
                h.attemptId(), micros(lease));
        return held == 1L;
    }

    /** Records Plivo's answer; a rejected dial frees the slot, others keep it for {@code lease}. */
    public void settle(SlotHolder h, DialVerdict verdict, String requestUuid, Duration lease) {
        SETTLE.eval(sync(), ScriptOutputType.INTEGER,
                new String[] {keys.slots(h.clientId()), keys.dialGuard(h.clientId(), h.attemptId()), campaignSlots(h)},
                h.attemptId(), verdict.name(), requestUuid == null ? "" : requestUuid, micros(lease));
    }

    /** Frees the slot at both levels; idempotent. True when this call freed it. */
    public boolean release(SlotHolder h) {
        Long removed = RELEASE.eval(sync(), ScriptOutputType.INTEGER, new String[] {keys.slots(h.clientId()), campaignSlots(h)},
                h.attemptId(), keys.slotReleased(h.clientId()));
        return removed == 1L;
    }

    /** Frees the slot and forgets the dial: only for a dial that provably never reached Plivo. */
    public void abandon(SlotHolder h) {
        ABANDON.eval(sync(), ScriptOutputType.INTEGER,
                new String[] {keys.slots(h.clientId()), keys.dialGuard(h.clientId(), h.attemptId()), campaignSlots(h)},
                h.attemptId(), keys.slotReleased(h.clientId()));
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
    public boolean confirmPlaced(SlotHolder h, String requestUuid, String callUuid, Duration callLease) {
        String before = CONFIRM_PLACED.eval(sync(), ScriptOutputType.STATUS,
                new String[] {keys.slots(h.clientId()), keys.dialGuard(h.clientId(), h.attemptId()), campaignSlots(h)}, h.attemptId(),
                requestUuid == null ? "" : requestUuid, callUuid == null ? "" : callUuid, micros(callLease));
        return "UNKNOWN".equals(before);
    }

    /**
     * An unknown dial found nowhere at Plivo past its settle horizon: frees the slot and allows exactly
     * one more dial of this attempt, or ends it past {@code maxRedials}. Refused when the attempt's
     * hash shows a callback of the call.
     */
    public Unplaced releaseUnplaced(SlotHolder h, int maxRedials, String reason) {
        String client = h.clientId();
        List<Object> reply = RELEASE_UNPLACED.eval(sync(), ScriptOutputType.MULTI,
                new String[] {keys.slots(client), keys.dialGuard(client, h.attemptId()), keys.attempt(client, h.attemptId()),
                    campaignSlots(h)},
                h.attemptId(), keys.slotReleased(client), Integer.toString(maxRedials), reason);
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

    /** Live leases of one campaign right now. */
    public int active(String client, String campaign) {
        Long n = ACTIVE.eval(sync(), ScriptOutputType.INTEGER, new String[] {keys.campaignSlots(client, campaign)});
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

    private String campaignSlots(SlotHolder h) {
        return keys.campaignSlots(h.clientId(), h.campaignId());
    }

    private RedisClusterCommands<String, String> sync() {
        return redis.sync();
    }

    private static String micros(Duration d) {
        return Long.toString(d.toNanos() / 1_000);
    }
}
