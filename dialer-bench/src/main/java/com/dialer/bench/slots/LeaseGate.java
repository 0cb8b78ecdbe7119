package com.dialer.bench.slots;

import java.time.Duration;

import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;
import com.dialer.state.limits.ConfiguredClientLimits;
import com.dialer.state.limits.Limits;
import com.dialer.state.limits.LiveLimits;
import com.dialer.state.slots.Reservation;
import com.dialer.state.slots.SlotHolder;
import com.dialer.state.slots.SlotLeases;


/** Ours: {@link SlotLeases} reserves the slot at the check (reserve-slot.lua), before the warm-up; release-slot.lua frees it. */
final class LeaseGate implements SlotGate {
    /** Longer than warm-up plus the longest call: a lease never ends under a live call in this benchmark. */
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final RedisConnection connection;
    private final SlotLeases leases;

    LeaseGate(String redisUri, String prefix, Iterable<String> clients, int cap) {
        connection = RedisConnection.open("REDIS_URI", redisUri);
        RedisKeys keys = new RedisKeys(prefix);
        leases = new SlotLeases(connection, keys, new SlotLeases.Settings(
                new Limits(Limits.defaults().globalRate(), cap, ConfiguredClientLimits.NONE), false, Duration.ofMinutes(10), Duration.ofMinutes(2)));
        LiveLimits live = new LiveLimits(connection.sync(), keys, Limits.defaults());
        clients.forEach(c -> live.setClientCap(c, cap));
    }

    @Override
    public boolean admit(String clientId, String attemptId) {
        return leases.reserve(holder(clientId, attemptId), null, LEASE) instanceof Reservation.Reserved;
    }

    @Override
    public void ended(String clientId, String attemptId) {
        leases.release(holder(clientId, attemptId));
    }

    private static SlotHolder holder(String clientId, String attemptId) {
        return new SlotHolder(clientId, "bench", attemptId);
    }

    @Override
    public String label() {
        return "ours: reserve at the check (reserve-slot.lua)";
    }

    @Override
    public void close() {
        connection.close();
    }
}
