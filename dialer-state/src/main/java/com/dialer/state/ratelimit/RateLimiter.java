package com.dialer.state.ratelimit;

import java.util.List;

/**
 * Takes tokens from several rate buckets at once, atomically: either every bucket is charged for
 * the granted tokens or none is. Implementations must take the clock from one shared source.
 */
public interface RateLimiter {

    /** Grants up to {@code wanted} tokens that all {@code buckets} allow now. */
    RateGrant acquire(int wanted, List<RateBucket> buckets);
}
