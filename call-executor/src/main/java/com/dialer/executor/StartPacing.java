package com.dialer.executor;

import java.time.Duration;
import java.util.List;

import com.dialer.state.RedisKeys;
import com.dialer.state.ratelimit.GlobalLimitSource;
import com.dialer.state.ratelimit.RateBucket;
import com.dialer.state.ratelimit.RateGrant;
import com.dialer.state.ratelimit.RateLimit;
import com.dialer.state.ratelimit.RateLimiter;

/**
 * The global rate limit at the Plivo boundary. The scheduler paces releases, but a request may then
 * wait for a slot and be dialed later, next to others that waited too; measured at Plivo, starts
 * bunched past rate·W + burst. So each dial also takes a token of the same live limit from a second
 * GCRA key ({@link RedisKeys#callStarts()}) right before it is placed, waiting as long as the
 * limiter says instead of spinning. Starts at Plivo then stay within rate·W + burst.
 */
final class StartPacing {
    private final RateLimiter limiter;
    private final GlobalLimitSource limits;
    private final String key;
    private final Duration maxWait;

    StartPacing(RateLimiter limiter, GlobalLimitSource limits, RedisKeys keys, Duration maxWait) {
        this.limiter = limiter;
        this.limits = limits;
        this.key = keys.callStarts();
        this.maxWait = maxWait;
    }

    /**
     * The limit with half its burst: the other half is headroom for the network between this
     * executor and Plivo, where a slow request followed by a fast one moves two starts closer together.
     */
    static RateLimit withHeadroom(RateLimit limit) {
        return new RateLimit(limit.permits(), limit.window(), Math.max(1, limit.burst() / 2));
    }

    /** @return true once a start is granted; false when none was within the longest wait */
    boolean awaitStart() throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            RateGrant grant = limiter.acquire(1, List.of(new RateBucket(key, withHeadroom(limits.current()))));
            if (grant.granted() == 1) {
                return true;
            }
            long waitNanos = Math.max(grant.waitMicros() * 1_000, 100_000);
            if (System.nanoTime() + waitNanos > deadline) {
                return false;
            }
            Thread.sleep(Duration.ofNanos(waitNanos));
        }
    }
}
