package com.dialer.state.ratelimit;

/** One GCRA key and the limit it enforces; the limit travels with every call, so a change applies at once. */
public record RateBucket(String key, RateLimit limit) {
}
