package com.dialer.state.ratelimit;

import java.time.Duration;

/**
 * A rate as operators state it: {@code permits} per {@code window}, with {@code burst} tokens that
 * may be taken back to back after a quiet spell. GCRA guarantees that in any interval of length t
 * at most {@code burst + t * permits / window} tokens are granted.
 */
public record RateLimit(long permits, Duration window, int burst) {

    public RateLimit {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1, was " + permits);
        }
        if (window == null || window.toNanos() < 1000) {
            throw new IllegalArgumentException("window must be at least 1 µs, was " + window);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        }
    }

    public static RateLimit perMinute(long permits, int burst) {
        return new RateLimit(permits, Duration.ofMinutes(1), burst);
    }

    /** T: the time one token costs, in µs (at least 1), rounded up so the limiter never runs faster than the limit. */
    public long emissionIntervalMicros() {
        long windowMicros = window.toNanos() / 1000;
        return Math.max(1, (windowMicros + permits - 1) / permits);
    }

    /** τ: how far ahead of the schedule a caller may run, in µs. */
    public long toleranceMicros() {
        return emissionIntervalMicros() * burst;
    }

    public double permitsPerSecond() {
        return 1_000_000.0 / emissionIntervalMicros();
    }
}
