package com.dialer.state.ratelimit;

/** One GCRA bucket: its Redis key (see {@code RedisKeys}) and its limit. */
public record RateBucket(String key, RateLimit limit) {
}
