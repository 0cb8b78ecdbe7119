package com.dialer.bench.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Redis' memory over a run, one {@link Sample} every few seconds, and how steep it is over a stretch of the run: the
 * least-squares slope per minute, so one noisy sample (an allocator's page, a client's buffer) does not decide it.
 */
final class MemoryCurve {

    /**
     * @param seconds    since the run started
     * @param usedMemory {@code INFO memory} {@code used_memory}, bytes
     * @param keys       {@code DBSIZE}
     * @param dials      calls placed so far (the simulator's witness)
     * @param ended      calls ended so far (the simulator's witness)
     */
    record Sample(double seconds, long usedMemory, long keys, long dials, long ended) {
    }

    /** A stretch of the run and the slopes over it, per minute. */
    record Stretch(String name, double fromSeconds, double toSeconds, int samples, double bytesPerMinute, double keysPerMinute,
                   double endedPerMinute, double meanUsedMemory) {
    }

    private final List<Sample> samples = new ArrayList<>();

    synchronized void add(Sample sample) {
        samples.add(sample);
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The slopes over the samples taken in [{@code from}, {@code to}] seconds. */
    synchronized Stretch stretch(String name, double from, double to) {
        List<Sample> in = samples.stream().filter(s -> s.seconds() >= from && s.seconds() <= to).toList();
        return new Stretch(name, from, to, in.size(), slopePerMinute(in, s -> s.usedMemory()), slopePerMinute(in, s -> s.keys()),
                slopePerMinute(in, s -> s.ended()), in.stream().mapToLong(Sample::usedMemory).average().orElse(Double.NaN));
    }

    /**
     * When calls first ended at {@code share} of {@code perMinute} or more, over the {@code over} seconds before a sample: the
     * run's constant rate from then on (a loaded machine takes a while to reach it); NaN if it never did.
     */
    synchronized double rateReached(double perMinute, double share, double over) {
        for (Sample s : samples) {
            Sample before = null;
            for (Sample p : samples) {
                if (p.seconds() <= s.seconds() - over) {
                    before = p;
                }
            }
            if (before != null && (s.ended() - before.ended()) / (s.seconds() - before.seconds()) * 60 >= share * perMinute) {
                return s.seconds();
            }
        }
        return Double.NaN;
    }

    /** Least-squares slope of {@code value} against time, per minute; NaN for fewer than two samples or no time between them. */
    static double slopePerMinute(List<Sample> samples, ToDoubleFunction<Sample> value) {
        int n = samples.size();
        if (n < 2) {
            return Double.NaN;
        }
        double meanT = samples.stream().mapToDouble(Sample::seconds).average().orElseThrow();
        double meanV = samples.stream().mapToDouble(value).average().orElseThrow();
        double num = 0;
        double den = 0;
        for (Sample s : samples) {
            double dt = s.seconds() - meanT;
            num += dt * (value.applyAsDouble(s) - meanV);
            den += dt * dt;
        }
        return den == 0 ? Double.NaN : num / den * 60;
    }
}
