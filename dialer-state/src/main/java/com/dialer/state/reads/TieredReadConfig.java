package com.dialer.state.reads;

import java.time.Duration;

/**
 * @param readBackTtl how long a copy of archived data stays in Redis after it was read (short:
 *                    it only serves history that is read again soon)
 * @param hotWindow   how far back the live projection reaches (the hot keys' TTL); a recent-calls
 *                    query reaching further back also asks MongoDB
 * @param recentLimit most calls one recent-calls query returns
 */
public record TieredReadConfig(Duration readBackTtl, Duration hotWindow, int recentLimit) {

    public TieredReadConfig {
        if (readBackTtl == null || readBackTtl.toMillis() < 1) {
            throw new IllegalArgumentException("readBackTtl must be at least 1 ms, was " + readBackTtl);
        }
        if (hotWindow == null || hotWindow.isNegative() || hotWindow.isZero()) {
            throw new IllegalArgumentException("hotWindow must be positive, was " + hotWindow);
        }
        if (recentLimit < 1) {
            throw new IllegalArgumentException("recentLimit must be at least 1, was " + recentLimit);
        }
    }

    public static TieredReadConfig defaults() {
        return new TieredReadConfig(Duration.ofMinutes(5), Duration.ofDays(30), 100);
    }
}
