package com.dialer.bench.slots;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

import com.dialer.bench.measure.TimeWindows;

/**
 * Workers dialing for several clients through one {@link SlotGate}: each takes an attempt for a
 * random client, asks the gate, waits for a release of that client when refused (woken at once, or
 * after 100 ms), warms the bot up, dials, holds the call for a random length, ends it. What happened
 * at the "Plivo boundary" (dials, ends) and at the gate (admits, releases) is recorded on one clock.
 */
public record CapRun(List<String> clients, int workers, Duration run, Duration warmUp, Duration callMin, Duration callMax,
                     long seed) {

    private static final long RETRY_NANOS = 100_000_000;

    /** One attempt let through, its times in nanoseconds since the run started. */
    public record Attempt(long admittedAt, long dialedAt, long endedAt, long releasedAt) {
        TimeWindows.Interval call() {
            return new TimeWindows.Interval(dialedAt, endedAt);
        }
    }

    /** A slot freed and taken again: by whom, how long after. */
    public record Handover(long toAdmitNanos, long toDialNanos) {
    }

    /** The attempts each client got through. */
    public Map<String, List<Attempt>> runThrough(SlotGate gate) throws InterruptedException {
        Map<String, List<Attempt>> logs = new HashMap<>();
        Map<String, Object> releases = new HashMap<>();
        for (String c : clients) {
            logs.put(c, Collections.synchronizedList(new ArrayList<>()));
            releases.put(c, new Object());
        }
        long t0 = System.nanoTime();
        long end = t0 + run.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int me = w;
            threads.add(Thread.ofPlatform().name("worker-" + w).start(() -> {
                SplittableRandom random = new SplittableRandom(seed + me);
                for (int n = 0; System.nanoTime() < end; n++) {
                    String client = clients.get(random.nextInt(clients.size()));
                    String attemptId = "w" + me + "-" + n + "-" + seed;
                    List<Attempt> log = logs.get(client);
                    Object released = releases.get(client);
                    boolean admitted;
                    while (!(admitted = gate.admit(client, attemptId)) && System.nanoTime() < end) {
                        synchronized (released) {
                            try {
                                released.wait(RETRY_NANOS / 1_000_000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                    }
                    if (!admitted) {
                        return;
                    }
                    long admittedAt = System.nanoTime() - t0;
                    LockSupport.parkNanos(warmUp.toNanos());
                    long dialAt = System.nanoTime() - t0;
                    gate.dialed(client, attemptId);
                    long length = callMin.toNanos() + random.nextLong(callMax.toNanos() - callMin.toNanos() + 1);
                    LockSupport.parkNanos(length);
                    long endAt = System.nanoTime() - t0;
                    gate.ended(client, attemptId);
                    log.add(new Attempt(admittedAt, dialAt, endAt, System.nanoTime() - t0));
                    synchronized (released) {
                        released.notifyAll();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return logs;
    }

    /** The calls of these attempts, dial to end. */
    public static List<TimeWindows.Interval> calls(List<Attempt> attempts) {
        return attempts.stream().map(Attempt::call).toList();
    }

    /**
     * Each release paired, in time order, with the first attempt admitted after it that no earlier
     * release was paired with: the attempt that took the freed slot. Attempts admitted into slots
     * free from the start pair with nothing.
     */
    public static List<Handover> handovers(List<Attempt> attempts) {
        List<Attempt> byRelease = new ArrayList<>(attempts);
        byRelease.sort(java.util.Comparator.comparingLong(Attempt::releasedAt));
        List<Attempt> byAdmit = new ArrayList<>(attempts);
        byAdmit.sort(java.util.Comparator.comparingLong(Attempt::admittedAt));
        List<Handover> handovers = new ArrayList<>();
        int next = 0;
        for (Attempt released : byRelease) {
            while (next < byAdmit.size() && byAdmit.get(next).admittedAt() < released.releasedAt()) {
                next++;
            }
            if (next == byAdmit.size()) {
                break;
            }
            Attempt taker = byAdmit.get(next++);
            handovers.add(new Handover(taker.admittedAt() - released.releasedAt(), taker.dialedAt() - released.releasedAt()));
        }
        return handovers;
    }
}
