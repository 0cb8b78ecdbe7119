package com.dialer.plivosim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The independent witness at the Plivo boundary: every dial the API accepted and every call's live
 * interval (from placement, when it leaves the CPS queue and starts ringing, to hangup). The
 * pipeline's promises are measured here, not by its own counters.
 */
public final class Witness {

    /** One accepted Make-a-Call request. */
    public record Dial(long atNanos, long atEpochMillis, String account, String from, String to, String requestUuid,
                       String attemptId, String client, String campaign, boolean queued) {
    }

    /** Which of Plivo's call lookups was served. */
    enum Lookup { RECORD, LIVE, QUEUED }

    private record Interval(String from, String client, String campaign, long startNanos, long endNanos) {
        Interval endingAt(long atNanos) {
            return new Interval(from, client, campaign, startNanos, atNanos);
        }
    }

    private final List<Dial> dials = new ArrayList<>();
    private final Map<String, Integer> dialsByAttempt = new HashMap<>();
    private final Map<String, Integer> openCallsByNumber = new HashMap<>();
    private final Map<String, Integer> numbersDialedWhileLive = new TreeMap<>();
    private final Map<String, Interval> live = new HashMap<>();
    private final List<Interval> ended = new ArrayList<>();
    private final Map<String, Long> outcomes = new TreeMap<>();
    private long queuedOverCps;
    private long rejectedOverCps;
    private long serverErrorsNotPlaced;
    private long serverErrorsAfterPlacing;
    private long cancelledQueued;
    private long lostHangupCallbacks;
    private long lateCallbacks;
    private long lookupServerErrors;
    private final Map<Lookup, Long> lookups = new java.util.EnumMap<>(Lookup.class);

    synchronized void dialed(Dial dial) {
        dials.add(dial);
        if (dial.attemptId() != null) {
            dialsByAttempt.merge(dial.attemptId(), 1, Integer::sum);
        }
        int open = openCallsByNumber.getOrDefault(dial.to(), 0);
        if (open > 0) {
            numbersDialedWhileLive.merge(dial.to(), 1, Integer::sum);
        }
        openCallsByNumber.put(dial.to(), open + 1);
        if (dial.queued()) {
            queuedOverCps++;
        }
    }

    synchronized void placed(String requestUuid, String from, String client, String campaign, long atNanos) {
        live.put(requestUuid, new Interval(from, client, campaign, atNanos, -1));
    }

    synchronized void ended(String requestUuid, String to, String outcome, long atNanos) {
        Interval interval = live.remove(requestUuid);
        if (interval != null) {
            ended.add(interval.endingAt(atNanos));
        }
        openCallsByNumber.computeIfPresent(to, (k, v) -> v <= 1 ? null : v - 1);
        outcomes.merge(outcome, 1L, Long::sum);
    }

    synchronized void cancelledWhileQueued(String to) {
        cancelledQueued++;
        openCallsByNumber.computeIfPresent(to, (k, v) -> v <= 1 ? null : v - 1);
        outcomes.merge("cancel", 1L, Long::sum);
    }

    synchronized void rejectedOverCps() {
        rejectedOverCps++;
    }

    /** A 5xx to Make-a-Call that placed nothing. */
    synchronized void refusedWithServerError() {
        serverErrorsNotPlaced++;
    }

    /** A 5xx to Make-a-Call whose call was placed all the same. */
    synchronized void serverErrorAfterPlacing() {
        serverErrorsAfterPlacing++;
    }

    synchronized void hangupCallbackLost() {
        lostHangupCallbacks++;
    }

    synchronized void callbackSentLate() {
        lateCallbacks++;
    }

    synchronized void lookupServed(Lookup kind) {
        lookups.merge(kind, 1L, Long::sum);
    }

    synchronized void lookupServerError() {
        lookupServerErrors++;
    }

    /** Dials so far, without the work of {@link #stats()} (which sorts every call): cheap enough to poll often. */
    public synchronized int dialCount() {
        return dials.size();
    }

    public synchronized List<Dial> dials() {
        return List.copyOf(dials);
    }

    /** A call that was placed and has ended: its client and when it started and ended ({@link System#nanoTime}). */
    public record EndedCall(String client, String campaign, long startNanos, long endNanos) {
    }

    /** Every placed call that has ended, in the order they ended: what a hangup-to-next-dial gap is measured from. */
    public synchronized List<EndedCall> endedCalls() {
        return ended.stream().map(i -> new EndedCall(i.client(), i.campaign(), i.startNanos(), i.endNanos())).toList();
    }

    public synchronized WitnessStats stats() {
        long now = System.nanoTime();
        List<Interval> all = new ArrayList<>(ended);
        live.values().forEach(i -> all.add(i.endingAt(now)));
        long[] dialTimes = dials.stream().mapToLong(Dial::atNanos).sorted().toArray();
        Map<String, Integer> twice = new TreeMap<>();
        dialsByAttempt.forEach((attempt, n) -> {
            if (n > 1) {
                twice.put(attempt, n);
            }
        });
        return new WitnessStats(dials.size(), queuedOverCps, rejectedOverCps,
                serverErrorsNotPlaced + serverErrorsAfterPlacing, serverErrorsNotPlaced, serverErrorsAfterPlacing, cancelledQueued,
                live.size(), ended.size(), Map.copyOf(outcomes),
                maxSimultaneous(all), maxSimultaneousBy(all, Interval::from), maxSimultaneousBy(all, Interval::client),
                maxSimultaneousBy(all, Interval::campaign),
                maxInWindow(dialTimes, 1_000_000_000L), maxInWindow(dialTimes, 60_000_000_000L),
                Map.copyOf(numbersDialedWhileLive), twice, lostHangupCallbacks, lateCallbacks,
                lookups.getOrDefault(Lookup.RECORD, 0L), lookups.getOrDefault(Lookup.LIVE, 0L),
                lookups.getOrDefault(Lookup.QUEUED, 0L), lookupServerErrors, dialsByCallerId(), dialsByAccount(), maxDialsIn1sByAccount(),
                queuedByAccount());
    }

    private Map<String, Long> dialsByCallerId() {
        Map<String, Long> byFrom = new TreeMap<>();
        dials.forEach(d -> byFrom.merge(d.from() == null ? "" : d.from(), 1L, Long::sum));
        return byFrom;
    }

    private Map<String, Long> dialsByAccount() {
        Map<String, Long> counts = new TreeMap<>();
        dials.forEach(d -> counts.merge(String.valueOf(d.account()), 1L, Long::sum));
        return counts;
    }

    private Map<String, Long> queuedByAccount() {
        Map<String, Long> counts = new TreeMap<>();
        dials.forEach(d -> counts.merge(String.valueOf(d.account()), d.queued() ? 1L : 0L, Long::sum));
        return counts;
    }

    private Map<String, Integer> maxDialsIn1sByAccount() {
        Map<String, List<Long>> times = new TreeMap<>();
        dials.forEach(d -> times.computeIfAbsent(String.valueOf(d.account()), a -> new ArrayList<>()).add(d.atNanos()));
        Map<String, Integer> max = new TreeMap<>();
        times.forEach((account, t) -> max.put(account, maxInWindow(t.stream().mapToLong(Long::longValue).sorted().toArray(),
                1_000_000_000L)));
        return max;
    }

    private static Map<String, Integer> maxSimultaneousBy(List<Interval> intervals, Function<Interval, String> key) {
        Map<String, List<Interval>> groups = new HashMap<>();
        for (Interval i : intervals) {
            String k = key.apply(i);
            groups.computeIfAbsent(k == null ? "" : k, x -> new ArrayList<>()).add(i);
        }
        Map<String, Integer> max = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> max.put(e.getKey(), maxSimultaneous(e.getValue())));
        return max;
    }

    /** Sweep over starts and ends; an end at the same instant as a start frees its line first. */
    static int maxSimultaneous(List<Interval> intervals) {
        List<long[]> events = new ArrayList<>(intervals.size() * 2);
        for (Interval i : intervals) {
            events.add(new long[] {i.startNanos(), 1});
            events.add(new long[] {i.endNanos(), -1});
        }
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int current = 0;
        int max = 0;
        for (long[] e : events) {
            current += (int) e[1];
            max = Math.max(max, current);
        }
        return max;
    }

    /** The most timestamps in any half-open window [t, t + width). */
    static int maxInWindow(long[] sortedTimes, long width) {
        int max = 0;
        int start = 0;
        for (int end = 0; end < sortedTimes.length; end++) {
            while (sortedTimes[end] - sortedTimes[start] >= width) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }
}
