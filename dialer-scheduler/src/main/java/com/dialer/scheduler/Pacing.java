package com.dialer.scheduler;

import com.dialer.state.RedisKeys;
import com.dialer.state.ratelimit.RateLimiter;

/**
 * What the release punctuator asks outside Kafka before a release: tokens from the shared rate
 * limiter, the global limit in force, and each client's load. Injected, so the topology test runs
 * the same code on in-memory implementations of the same contracts and production on Redis.
 */
public record Pacing(RateLimiter limiter, GlobalLimitSource globalLimit, ClientLimits clients, RedisKeys keys) {
}
