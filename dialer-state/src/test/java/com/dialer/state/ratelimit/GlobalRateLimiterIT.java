package com.dialer.state.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

@ExtendWith(LocalStackExtension.class)
class GlobalRateLimiterIT {
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisKeys keys;
    private GlobalRateLimiter limiter;

    @BeforeEach
    void connect(LocalStack stack) {
        client = RedisClient.create(stack.redis().uri());
        connection = client.connect();
        keys = new RedisKeys(LocalStack.uniquePrefix("gcra"));
        limiter = new GlobalRateLimiter(connection.sync());
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    @Test
    void grantsTheBurstAtOnceThenTellsHowLongToWait() {
        // one token per 6 s: no token is earned between the calls, however slow the machine
        RateLimit limit = new RateLimit(10, Duration.ofMinutes(1), 3);
        RateGrant grant = limiter.acquire(10, List.of(new RateBucket(keys.globalRate(), limit)));

        assertThat(grant.granted()).isEqualTo(3);
        assertThat(grant.limitingBucket()).isZero();
        // the next token is one emission interval away, measured on the same Redis TIME
        assertThat(grant.waitMicros()).isEqualTo(6_000_000L);

        RateGrant denied = limiter.acquire(1, List.of(new RateBucket(keys.globalRate(), limit)));
        assertThat(denied.granted()).isZero();
        assertThat(denied.waitMicros()).isPositive().isLessThanOrEqualTo(6_000_000L);
    }

    @Test
    void chargesNoBucketForTokensAnotherBucketRefused() {
        // slow enough that no token is earned between the two calls
        RateLimit global = new RateLimit(10, Duration.ofMinutes(1), 10);
        RateLimit campaign = new RateLimit(1, Duration.ofMinutes(1), 2);
        List<RateBucket> buckets = List.of(new RateBucket(keys.globalRate(), global),
                new RateBucket(keys.campaignRate("c1"), campaign));

        RateGrant grant = limiter.acquire(5, buckets);

        assertThat(grant.granted()).isEqualTo(2);
        assertThat(grant.limitingBucket()).isEqualTo(1);
        // the global bucket was charged for 2 tokens only: 8 more fit its burst of 10
        RateGrant globalOnly = limiter.acquire(10, List.of(new RateBucket(keys.globalRate(), global)));
        assertThat(globalOnly.granted()).isEqualTo(8);
    }

    @Test
    void appliesAChangedLimitOnTheNextCall() {
        RateBucket slow = new RateBucket(keys.globalRate(), new RateLimit(1, Duration.ofMinutes(1), 1));
        assertThat(limiter.acquire(5, List.of(slow)).granted()).isEqualTo(1);
        assertThat(limiter.acquire(5, List.of(slow)).granted()).isZero();

        // an operator raises the limit: the stored TAT is re-read against the new interval at once
        RateBucket fast = new RateBucket(keys.globalRate(), new RateLimit(6000, Duration.ofMinutes(1), 5));
        assertThat(limiter.acquire(1, List.of(fast)).granted()).isZero();
        assertThat(limiter.acquire(1, List.of(slow)).waitMicros()).isGreaterThan(1_000_000L);
    }

    @Test
    void eightConcurrentAcquirersNeverExceedRateTimesWindowPlusBurstAndUseTheWholeBudget() throws Exception {
        int permitsPerSecond = 200;
        int burst = 5;
        RateLimit limit = new RateLimit(permitsPerSecond, Duration.ofSeconds(1), burst);
        List<RateBucket> buckets = List.of(new RateBucket(keys.globalRate(), limit));
        // -Dgcra.seconds=65 measures 60 s windows too (a one-off, too long for the suite)
        long runNanos = Duration.ofSeconds(Long.getLong("gcra.seconds", 4)).toNanos();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int worker = 0; worker < 8; worker++) {
            int batch = 1 + worker % 3;
            results.add(pool.submit(() -> acquireUntil(buckets, batch, System.nanoTime() + runNanos)));
        }
        List<Long> grants = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            grants.addAll(result.get(runNanos + Duration.ofSeconds(60).toNanos(), TimeUnit.NANOSECONDS));
        }
        pool.shutdown();
        Collections.sort(grants);

        long spanMicros = grants.get(grants.size() - 1) - grants.get(0);
        double utilisation = grants.size() / (burst + spanMicros / 1e6 * permitsPerSecond);
        for (long windowMicros : new long[] {100_000, 250_000, 1_000_000, 60_000_000}) {
            if (windowMicros > spanMicros) {
                continue;
            }
            int max = maxInSlidingWindow(grants, windowMicros);
            long bound = (long) Math.floor(permitsPerSecond * windowMicros / 1e6) + burst;
            System.out.printf("GCRA precision: window %d ms max %d grants, bound rate*W+burst = %d%n",
                    windowMicros / 1000, max, bound);
            assertThat(max).as("grants in any %d µs window", windowMicros).isLessThanOrEqualTo((int) bound);
        }
        System.out.printf("GCRA utilisation: %d grants over %.3f s at %d/s + burst %d = %.4f%n",
                grants.size(), spanMicros / 1e6, permitsPerSecond, burst, utilisation);
        // 0.99+ on a quiet machine; a busy one starves the acquirers now and then. A limiter that wastes
        // budget (a fixed window, a lost token per batch) lands far lower, so 0.9 still tells them apart
        assertThat(utilisation).isGreaterThanOrEqualTo(0.9);
    }

    private List<Long> acquireUntil(List<RateBucket> buckets, int batch, long deadline) {
        List<Long> grantedAt = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            RateGrant grant = limiter.acquire(batch, buckets);
            for (int i = 0; i < grant.granted(); i++) {
                grantedAt.add(grant.grantedAtMicros());
            }
            if (grant.granted() < batch && grant.waitMicros() > 0) {
                // ask a millisecond early: a late wake-up on a busy machine would leave tokens unused,
                // and an early ask only costs a denied call
                LockSupport.parkNanos(Math.max(0, grant.waitMicros() - 1_000) * 1000);
            }
        }
        return grantedAt;
    }

    /** The most grants inside any half-open window [t, t + W) that starts at a grant. */
    static int maxInSlidingWindow(List<Long> sortedMicros, long windowMicros) {
        int max = 0;
        int end = 0;
        for (int start = 0; start < sortedMicros.size(); start++) {
            while (end < sortedMicros.size() && sortedMicros.get(end) < sortedMicros.get(start) + windowMicros) {
                end++;
            }
            max = Math.max(max, end - start);
        }
        return max;
    }
}
