package com.dialer.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import com.dialer.state.ratelimit.GlobalRateLimiter;
import com.dialer.state.ratelimit.RateLimit;
import com.dialer.state.ratelimit.RedisGlobalLimitSource;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/** The executors' start pacing on a real Redis: many dialers at once never start more than rate·W + burst. */
@ExtendWith(LocalStackExtension.class)
class StartPacingIT {

    @Test
    void shouldNeverLetStartsBunchPastTheLimitWhenManyDialersWaitAtOnce(LocalStack stack) throws Exception {
        RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("pacing"));
        RateLimit limit = new RateLimit(40, Duration.ofSeconds(1), 6);
        RedisClient client = RedisClient.create(stack.redis().uri());
        List<Long> starts = Collections.synchronizedList(new ArrayList<>());
        long begin = System.nanoTime();
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            StartPacing pacing = new StartPacing(new GlobalRateLimiter(redis.sync()),
                    new RedisGlobalLimitSource(redis.sync(), keys, limit), keys, Duration.ofSeconds(10));
            long end = begin + Duration.ofSeconds(3).toNanos();
            try (ExecutorService dialers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 16; i++) {
                    dialers.submit(() -> {
                        // bounded: 3 s of dialing at most
                        while (System.nanoTime() < end) {
                            if (pacing.awaitStart()) {
                                starts.add(System.nanoTime());
                            }
                        }
                        return null;
                    });
                }
            }
        } finally {
            client.shutdown();
        }
        List<Long> sorted = new ArrayList<>(starts);
        Collections.sort(sorted);
        // tokens are granted on Redis' clock; allow the local clock a millisecond of jitter per window
        // half the burst is kept as headroom for the network to Plivo: 3 of 6
        assertThat(maxIn(sorted, Duration.ofMillis(1_000).toNanos() - 2_000_000)).isLessThanOrEqualTo(40 + 3);
        assertThat(maxIn(sorted, Duration.ofMillis(250).toNanos() - 2_000_000)).isLessThanOrEqualTo(10 + 3);
        // and the waiting dialers used the limit: in the first 3 s about 3 s × 40/s + burst
        long inThreeSeconds = sorted.stream().filter(t -> t - sorted.getFirst() <= Duration.ofSeconds(3).toNanos()).count();
        assertThat(inThreeSeconds).isBetween(110L, 124L);
    }

    @Test
    void shouldGiveUpWhenNoStartComesWithinTheLongestWait(LocalStack stack) throws Exception {
        RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("pacing"));
        RedisClient client = RedisClient.create(stack.redis().uri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            // one start a minute, burst 1: the second caller would wait a minute
            StartPacing pacing = new StartPacing(new GlobalRateLimiter(redis.sync()),
                    new RedisGlobalLimitSource(redis.sync(), keys, RateLimit.perMinute(1, 1)), keys, Duration.ofMillis(300));
            assertThat(pacing.awaitStart()).isTrue();
            long t0 = System.nanoTime();
            assertThat(pacing.awaitStart()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        } finally {
            client.shutdown();
        }
    }

    private static int maxIn(List<Long> sorted, long window) {
        int best = 0;
        int first = 0;
        for (int last = 0; last < sorted.size(); last++) {
            while (sorted.get(last) - sorted.get(first) > window) {
                first++;
            }
            best = Math.max(best, last - first + 1);
        }
        return best;
    }
}
