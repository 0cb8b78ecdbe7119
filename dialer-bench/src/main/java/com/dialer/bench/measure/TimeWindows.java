package com.dialer.bench.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Counting over time: the most events in any sliding window, the most intervals open at once. */
public final class TimeWindows {

    private TimeWindows() {
    }

    /**
     * The most timestamps in any half-open window {@code [t, t + width)}, t anywhere (not only on a
     * grid): the figure a rate limit's promise "at most rate·W + burst in any W" is about.
     */
    public static int maxInWindow(long[] times, long width) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        int max = 0;
        int start = 0;
        for (int end = 0; end < sorted.length; end++) {
            while (sorted[end] - sorted[start] >= width) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    /** An interval {@code [start, end)} in any unit. */
    public record Interval(long start, long end) {
        public Interval {
            if (end < start) {
                throw new IllegalArgumentException("an interval ends after it starts: [" + start + ", " + end + ")");
            }
        }
    }

    /** The most intervals open at one instant; one that ends when another starts does not overlap it. */
    public static int maxSimultaneous(List<Interval> intervals) {
        List<long[]> events = new ArrayList<>(intervals.size() * 2);
        for (Interval i : intervals) {
            events.add(new long[] {i.start(), 1});
            events.add(new long[] {i.end(), -1});
        }
        // at equal times the end comes first: the freed line is reused, not doubled
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int open = 0;
        int max = 0;
        for (long[] e : events) {
            open += (int) e[1];
            max = Math.max(max, open);
        }
        return max;
    }

    /** The summed length of the intervals, clipped to {@code [from, to)}. */
    public static long coveredTime(List<Interval> intervals, long from, long to) {
        long sum = 0;
        for (Interval i : intervals) {
            long s = Math.max(i.start(), from);
            long e = Math.min(i.end(), to);
            if (e > s) {
                sum += e - s;
            }
        }
        return sum;
    }
}
