package com.dialer.bench.ratelimit;

import java.time.Duration;
import java.util.List;

import com.dialer.state.ratelimit.GlobalRateLimiter;
import com.dialer.state.ratelimit.RateBucket;
import com.dialer.state.ratelimit.RateGrant;
import com.dialer.state.ratelimit.RateLimit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Ours: the production {@link GlobalRateLimiter} (gcra.lua on Redis TIME) on one key, one start per try, or a
 * batch of starts per try as the scheduler's release rounds ask for them (the script grants what fits).
 */
final class GcraStarts implements StartLimiter {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final GlobalRateLimiter limiter;
    private final List<RateBucket> buckets;
    private final RoundTripCounter roundTrips = new RoundTripCounter();
    private final int batch;

    GcraStarts(LimiterSpec spec, int batch) {
        this.batch = batch;
        client = RedisClient.create(spec.redisUri());
        client.addListener(roundTrips);
        connection = client.connect();
        limiter = new GlobalRateLimiter(connection.sync());
        buckets = List.of(new RateBucket(spec.key(), new RateLimit(spec.permitsPerMinute(), Duration.ofMinutes(1), spec.burst())));
    }

    @Override
    public Try tryStart() {
        RateGrant grant = limiter.acquire(batch, buckets);
        return grant.granted() > 0 ? new Try(grant.granted(), 0) : Try.refused(grant.waitMicros() * 1_000);
    }

    @Override
    public long roundTrips() {
        return roundTrips.count();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
