package com.dialer.state.ratelimit;

import java.time.Duration;

/**
 * A limit as operators state it: {@code permits} starts per {@code window} (the old system's
 * MAX_CALLS_PER_MINUTE and RATE_LIMIT_WINDOW), plus {@code burst}, the tokens that may go at once
 * after a quiet spell. Guarantee: in any interval t, starts ≤ burst + t · permits / window.
 */
public record RateLimit(long permits, Duration window, int burst) {

    public RateLimit {
        if (permits < 1) {
            throw new IllegalArgumentException("rate limit permits must be >= 1, was " + permits);
        }
        if (window == null || window.toNanos() < 1_000) {
            throw new IllegalArgumentException("rate limit window must be at least 1 µs, was " + window);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("rate limit burst must be >= 1, was " + burst);
        }
    }

    public static RateLimit perMinute(long permits, int burst) {
        return new RateLimit(permits, Duration.ofMinutes(1), burst);
    }

    /** The emission interval in whole µs, rounded up so the limiter never runs faster than the limit. */
    public long emissionIntervalMicros() {
        long windowMicros = window.toNanos() / 1_000;
        return Math.max(1, (windowMicros + permits - 1) / permits);
    }

    /** The most starts this limit lets through in any interval of the given length. */
    public double ceilingFor(Duration interval) {
        return burst + (double) interval.toNanos() / 1_000 / emissionIntervalMicros();
    }
}
