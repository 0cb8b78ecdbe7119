package com.dialer.state.ratelimit;

/**
 * The answer of one acquisition.
 *
 * @param granted        tokens granted, 0..wanted; every bucket was charged for exactly these
 * @param waitMicros     how long until the next token could be granted; the caller waits this long
 *                       instead of asking again at once
 * @param grantedAtMicros the Redis {@code TIME} of the decision, in µs since the epoch
 * @param limitingBucket index (0-based) of the bucket that bound the grant, -1 when none did
 */
public record RateGrant(int granted, long waitMicros, long grantedAtMicros, int limitingBucket) {

    public boolean limitedBy(int bucketIndex) {
        return limitingBucket == bucketIndex;
    }
}
