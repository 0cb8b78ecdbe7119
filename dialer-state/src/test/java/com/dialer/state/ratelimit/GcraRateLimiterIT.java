package com.dialer.state.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.state.RedisKeys;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

@ExtendWith(LocalStackExtension.class)
class GcraRateLimiterIT {
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private GcraRateLimiter limiter;
    private RedisKeys keys;

    @BeforeEach
    void connect(LocalStack stack) {
        client = RedisClient.create(stack.redis().uri());
        connection = client.connect();
        limiter = new GcraRateLimiter(connection);
        keys = new RedisKeys(LocalStack.uniquePrefix("gcra"));
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    @Test
    void eightConcurrentAcquirersNeverExceedRateTimesWindowPlusBurstAndUseTheWholeRate() throws Exception {
        // 300 starts per second, burst 5, for ~6 s: fast enough to be exact at every edge
        RateLimit limit = new RateLimit(300, Duration.ofSeconds(1), 5);
        List<RateBucket> buckets = List.of(new RateBucket(keys.globalRate(), limit));
        List<Long> grants = Collections.synchronizedList(new ArrayList<>());
        long runMillis = 6_000;
        long deadline = System.currentTimeMillis() + runMillis;
        try (ExecutorService acquirers = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                done.add(acquirers.submit(() -> {
                    RedisClient own = RedisClient.create(client.getResources(), connectionUri());
                    try (var c = own.connect()) {
                        GcraRateLimiter mine = new GcraRateLimiter(c);
                        while (System.currentTimeMillis() < deadline) {
                            RateGrant grant = mine.acquire(buckets, 2);
                            for (int g = 0; g < grant.granted(); g++) {
                                grants.add(grant.redisTimeMicros());
                            }
                            if (grant.denied()) {
                                Thread.sleep(Math.max(1, grant.retryAfter().toMillis()));
                            }
                        }
                    } finally {
                        own.shutdown();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        long[] times = grants.stream().mapToLong(Long::longValue).sorted().toArray();
        int maxIn1s = maxInWindow(times, 1_000_000);
        int maxIn250ms = maxInWindow(times, 250_000);
        double spanSeconds = (times[times.length - 1] - times[0]) / 1e6;
        double utilisation = times.length / limit.ceilingFor(Duration.ofNanos((long) (spanSeconds * 1e9)));
        System.out.printf("GCRA limiter, 8 acquirers, limit 300/s burst 5: %d grants in %.2f s; max in any 1 s window %d (ceiling %.0f), "
                + "in any 250 ms %d (ceiling %.0f); utilisation %.4f%n", times.length, spanSeconds, maxIn1s,
                limit.ceilingFor(Duration.ofSeconds(1)), maxIn250ms, limit.ceilingFor(Duration.ofMillis(250)), utilisation);

        assertThat(maxIn1s).isLessThanOrEqualTo((int) limit.ceilingFor(Duration.ofSeconds(1)));
        assertThat(maxIn250ms).isLessThanOrEqualTo((int) limit.ceilingFor(Duration.ofMillis(250)));
        assertThat(utilisation).isGreaterThanOrEqualTo(0.99).isLessThanOrEqualTo(1.0);
    }

    @Test
    void theTightestBucketDecidesAndSeveralTokensAreGrantedInOneCall() {
        RateBucket global = new RateBucket(keys.globalRate(), RateLimit.perMinute(6_000, 50));
        RateBucket campaign = new RateBucket(keys.campaignRate("c1"), RateLimit.perMinute(60, 3));

        RateGrant first = limiter.acquire(List.of(global, campaign), 10);
        RateGrant second = limiter.acquire(List.of(global, campaign), 10);

        assertThat(first.granted()).isEqualTo(3);
        assertThat(second.denied()).isTrue();
        // one token a second for the campaign: the wait is about a second, not a spin
        assertThat(second.retryAfter()).isBetween(Duration.ofMillis(500), Duration.ofMillis(1_000));
        // the global bucket was charged only for what was granted
        RateGrant globalOnly = limiter.acquire(List.of(global), 100);
        assertThat(globalOnly.granted()).isEqualTo(47);
    }

    @Test
    void aRaisedLimitAppliesOnTheNextCallWithoutARestart() {
        RateBucket slow = new RateBucket(keys.globalRate(), RateLimit.perMinute(1, 1));
        assertThat(limiter.acquire(List.of(slow), 1).granted()).isEqualTo(1);
        RateGrant denied = limiter.acquire(List.of(slow), 1);
        assertThat(denied.denied()).isTrue();
        assertThat(denied.retryAfter()).isGreaterThan(Duration.ofSeconds(50));

        // the minute of debt under 1/min is a millisecond under 60,000/min
        RateBucket fast = new RateBucket(keys.globalRate(), RateLimit.perMinute(60_000, 10));
        assertThat(limiter.acquire(List.of(fast), 5).granted()).isEqualTo(5);
    }

    @Test
    void theStateIsSharedByEveryClientOfRedis() {
        RateBucket bucket = new RateBucket(keys.globalRate(), RateLimit.perMinute(60, 4));
        assertThat(limiter.acquire(List.of(bucket), 100).granted()).isEqualTo(4);

        RedisClient other = RedisClient.create(connectionUri());
        try (var c = other.connect()) {
            RateGrant grant = new GcraRateLimiter(c).acquire(List.of(bucket), 100);
            assertThat(grant.denied()).isTrue();
            assertThat(grant.retryAfter()).isBetween(Duration.ofMillis(100), Duration.ofSeconds(1));
        } finally {
            other.shutdown();
        }
    }

    @Test
    void anIdleBucketRefillsOnlyToItsBurst() throws Exception {
        RateBucket bucket = new RateBucket(keys.globalRate(), new RateLimit(10, Duration.ofMillis(100), 4));
        assertThat(limiter.acquire(List.of(bucket), 100).granted()).isEqualTo(4);

        Thread.sleep(500);

        // half a second at 100/s would be 50 tokens; a token bucket that "bursts after idle" gives them all
        assertThat(limiter.acquire(List.of(bucket), 100).granted()).isEqualTo(4);
    }

    private String connectionUri() {
        return "redis://" + connection.sync().configGet("bind").get("bind").split(" ")[0] + ":"
                + connection.sync().configGet("port").get("port");
    }

    static int maxInWindow(long[] sorted, long width) {
        int max = 0;
        int start = 0;
        for (int end = 0; end < sorted.length; end++) {
            while (sorted[end] - sorted[start] >= width) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }
}
