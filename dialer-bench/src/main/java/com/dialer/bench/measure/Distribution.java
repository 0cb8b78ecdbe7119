package com.dialer.bench.measure;

import java.util.Arrays;
import java.util.Collection;

/**
 * Percentiles of a sample, nearest-rank: p-th percentile = the smallest value with at least p% of
 * the sample at or below it. Values are kept in the unit they were given in.
 */
public record Distribution(int count, double p50, double p99, double max, double mean) {

    public static final Distribution EMPTY = new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Distribution of(double[] values) {
        if (values.length == 0) {
            return EMPTY;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return new Distribution(sorted.length, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1],
                sum / sorted.length);
    }

    /** Nanosecond samples as milliseconds. */
    public static Distribution ofNanosAsMillis(long[] nanos) {
        return of(Arrays.stream(nanos).mapToDouble(n -> n / 1e6).toArray());
    }

    public static Distribution of(Collection<? extends Number> values) {
        return of(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    /** Nearest rank on a sorted array: index ceil(p/100 · n) − 1. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
