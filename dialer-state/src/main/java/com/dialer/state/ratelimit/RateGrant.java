package com.dialer.state.ratelimit;

import java.time.Duration;

/**
 * What one acquisition got: {@code granted} tokens (0 to the number asked), how long to wait
 * before asking again when none was granted, and Redis' clock at the decision (µs).
 */
public record RateGrant(int granted, Duration retryAfter, long redisTimeMicros) {

    public boolean denied() {
        return granted == 0;
    }
}
