package com.dialer.status;

import com.dialer.state.attempt.AttemptProjection.Change;
import com.dialer.state.attempt.Reseeding.Readiness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@link HotState} in memory with the contract of the Redis scripts that matter to the topology:
 * the version guard, the first final state winning, slot release and lease, fill-in without
 * overwriting, and the re-seed protocol. Captures every applied change.
 */
final class InMemoryHotState implements HotState {
    private static final Set<String> FINALS = Set.of("COMPLETED", "BUSY", "NO_ANSWER", "FAILED", "MACHINE", "CANCELLED",
            "TIMEOUT");

    final Map<String, Map<String, String>> hashes = new HashMap<>();
    /** client → attemptId → lease end (millis) */
    final Map<String, Map<String, Long>> slots = new HashMap<>();
    final Set<String> guards = new HashSet<>();
    final List<Change> applied = new ArrayList<>();
    final List<Change> restored = new ArrayList<>();
    private final Map<Integer, String> started = new HashMap<>();
    private final Map<Integer, String> done = new HashMap<>();
    boolean seeded;

    @Override
    public boolean project(Change change) {
        Map<String, String> hash = hashes.computeIfAbsent(change.attemptId(), id -> new HashMap<>());
        long current = Long.parseLong(hash.getOrDefault("version", "0"));
        if (current >= change.version() || FINALS.contains(hash.getOrDefault("state", ""))) {
            return false;
        }
        hash.putAll(change.fields());
        hash.put("state", change.state());
        hash.put("version", Long.toString(change.version()));
        Map<String, Long> clientSlots = slots.computeIfAbsent(change.clientId(), c -> new HashMap<>());
        if (FINALS.contains(change.state())) {
            clientSlots.remove(change.attemptId());
        } else if (change.leaseUntilMillis() > 0) {
            clientSlots.merge(change.attemptId(), change.leaseUntilMillis(), Math::max);
        }
        applied.add(change);
        return true;
    }

    @Override
    public void fillIn(String clientId, String attemptId, Map<String, String> fields) {
        Map<String, String> hash = hashes.get(attemptId);
        if (hash != null) {
            fields.forEach(hash::putIfAbsent);
        }
    }

    @Override
    public Readiness readiness(int partition) {
        return seeded ? Readiness.SEEDED : done.containsKey(partition) ? Readiness.PARTITION_DONE : Readiness.UNSEEDED;
    }

    @Override
    public String beginReseed(int partition) {
        String token = UUID.randomUUID().toString();
        started.put(partition, token);
        done.remove(partition);
        return token;
    }

    @Override
    public void restore(Change change) {
        project(change);
        guards.add(change.attemptId());
        restored.add(change);
    }

    @Override
    public Readiness finishReseed(int partition, String token, int partitions) {
        if (seeded) {
            return Readiness.SEEDED;
        }
        if (!token.equals(started.get(partition))) {
            return Readiness.UNSEEDED;
        }
        done.put(partition, token);
        for (int p = 0; p < partitions; p++) {
            if (!done.containsKey(p)) {
                return Readiness.PARTITION_DONE;
            }
        }
        seeded = true;
        started.clear();
        done.clear();
        return Readiness.SEEDED;
    }

    /** What a Redis restart without persistence does. */
    void wipe() {
        hashes.clear();
        slots.clear();
        guards.clear();
        started.clear();
        done.clear();
        seeded = false;
    }

    Map<String, String> hash(String attemptId) {
        return hashes.getOrDefault(attemptId, Map.of());
    }

    Set<String> slotsOf(String client) {
        return slots.getOrDefault(client, Map.of()).keySet();
    }
}
