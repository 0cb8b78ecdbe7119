package com.dialer.scheduler;

import com.dialer.state.ratelimit.GlobalLimitSource;
import com.dialer.state.RedisKeys;
import com.dialer.state.ratelimit.RateLimiter;
import com.dialer.state.ratelimit.RateShare;
import com.dialer.state.recipients.RecipientGuard;

/**
 * What the release punctuator asks outside Kafka before a release: tokens from the shared rate
 * limiter, the global limit in force, this task's share of it, each client's load, and the
 * recipient rules shared by every partition and instance. Injected, so the topology test runs the same code on in-memory
 * implementations of the same contracts and production on Redis.
 */
public record Pacing(RateLimiter limiter, GlobalLimitSource globalLimit, RateShare shares, ClientLimits clients,
                     RecipientGuard recipients, RedisKeys keys) {
}
