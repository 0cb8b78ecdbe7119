package com.dialer.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.dialer.plivosim.Witness;

/**
 * What one fault cost the campaign, from the simulator's witness alone: dials per second in the 10 s after the
 * fault against the 10 s before, and the longest wait of a client between a call's hangup and its next dial, for
 * hangups in the 30 s after the fault against those in the 30 s before (only hangups followed by another dial of
 * the same client count: a client whose work is done waits for nothing).
 *
 * @param what          the fault, as the run marked it
 * @param atSeconds     seconds from the campaign's first dial
 * @param dialsPerSecondBefore dials/s in the 10 s before
 * @param dialsPerSecondAfter  dials/s in the 10 s after
 * @param longestGapBefore     seconds, hangups in the 30 s before
 * @param longestGapAfter      seconds, hangups in the 30 s after
 */
public record FaultCost(String what, double atSeconds, double dialsPerSecondBefore, double dialsPerSecondAfter,
                        double longestGapBefore, double longestGapAfter) {
    private static final long RATE_WINDOW = 10_000_000_000L;
    private static final long GAP_WINDOW = 30_000_000_000L;

    /** A moment a fault struck ({@link System#nanoTime}), marked by the fault itself as it strikes. */
    public record Mark(long atNanos, String what) {
    }

    static List<FaultCost> of(List<Mark> marks, List<Witness.Dial> dials, List<Witness.EndedCall> calls) {
        if (dials.isEmpty()) {
            return List.of();
        }
        long first = dials.stream().mapToLong(Witness.Dial::atNanos).min().orElseThrow();
        Map<String, TreeSet<Long>> dialsByClient = new HashMap<>();
        for (Witness.Dial dial : dials) {
            dialsByClient.computeIfAbsent(String.valueOf(dial.client()), c -> new TreeSet<>()).add(dial.atNanos());
        }
        List<FaultCost> costs = new ArrayList<>();
        for (Mark mark : marks) {
            long t = mark.atNanos();
            costs.add(new FaultCost(mark.what(), (t - first) / 1e9,
                    count(dials, t - RATE_WINDOW, t) / 10.0, count(dials, t, t + RATE_WINDOW) / 10.0,
                    longestGap(calls, dialsByClient, t - GAP_WINDOW, t), longestGap(calls, dialsByClient, t, t + GAP_WINDOW)));
        }
        return costs;
    }

    private static long count(List<Witness.Dial> dials, long from, long to) {
        return dials.stream().filter(d -> d.atNanos() >= from && d.atNanos() < to).count();
    }

    private static double longestGap(List<Witness.EndedCall> calls, Map<String, TreeSet<Long>> dialsByClient, long from, long to) {
        long longest = 0;
        for (Witness.EndedCall call : calls) {
            if (call.endNanos() < from || call.endNanos() >= to) {
                continue;
            }
            Long next = dialsByClient.getOrDefault(String.valueOf(call.client()), new TreeSet<>()).higher(call.endNanos());
            if (next != null) {
                longest = Math.max(longest, next - call.endNanos());
            }
        }
        return longest / 1e9;
    }

    /** One line for the notes and the README. */
    public String line() {
        return String.format(java.util.Locale.ROOT,
                "cost of %s at %.0f s: %.1f dials/s in the 10 s before, %.1f in the 10 s after; longest hangup→next dial "
                        + "%.1f s (hangups in the 30 s before), %.1f s (30 s after)",
                what, atSeconds, dialsPerSecondBefore, dialsPerSecondAfter, longestGapBefore, longestGapAfter);
    }
}
