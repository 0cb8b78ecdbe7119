package com.dialer.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import com.dialer.state.accounts.PlivoAccount;
import com.dialer.state.ratelimit.RateBucket;
import com.dialer.state.ratelimit.RateGrant;
import com.dialer.state.ratelimit.GlobalRateLimiter;
import com.dialer.state.ratelimit.RateLimit;
import com.dialer.state.ratelimit.RedisGlobalLimitSource;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;

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

    /**
     * Each start's request "reaches Plivo" at a random instant between its grant and its answer, the answer
     * coming 0-300 ms after the grant (a slow network, a loaded machine): the arrivals in any second stay within
     * each account's CPS, because a start counts until its answer.
     */
    @Test
    void shouldKeepEachAccountWithinItsCpsWhereTheRequestsLandWhateverTheNetworkDelay(LocalStack stack) throws Exception {
        RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("pacing"));
        // one script call touches both keys: on a cluster they must share a slot
        assertThat(SlotHash.getSlot(keys.accountRate("acme"))).isEqualTo(SlotHash.getSlot(keys.callStarts()));
        PlivoAccount fast = new PlivoAccount("fast", "SAFASTACCOUNT0000001", "t1", 5);
        PlivoAccount slow = new PlivoAccount("slow", "SASLOWACCOUNT0000001", "t2", 2);
        Map<String, List<Long>> starts = new ConcurrentHashMap<>();
        RedisClient client = RedisClient.create(stack.redis().uri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            StartPacing pacing = new StartPacing(new GlobalRateLimiter(redis.sync()),
                    new RedisGlobalLimitSource(redis.sync(), keys, RateLimit.perMinute(6_000, 20)), keys, Duration.ofSeconds(5));
            long end = System.nanoTime() + Duration.ofMillis(2_500).toNanos();
            try (ExecutorService dialers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (PlivoAccount account : List.of(fast, slow)) {
                    for (int i = 0; i < 8; i++) {
                        dialers.submit(() -> {
                            // bounded: 2.5 s of dialing at most
                            while (System.nanoTime() < end) {
                                StartPacing.Start start = pacing.awaitStart(account);
                                if (start != null) {
                                    long granted = System.nanoTime();
                                    long answer = granted + ThreadLocalRandom.current().nextLong(300_000_000L);
                                    long arrival = granted + (long) ((answer - granted) * ThreadLocalRandom.current().nextDouble());
                                    Thread.sleep(Duration.ofNanos(answer - granted));
                                    starts.computeIfAbsent(account.id(), a -> Collections.synchronizedList(new ArrayList<>()))
                                            .add(arrival);
                                    pacing.answered(start, true);
                                }
                            }
                            return null;
                        });
                    }
                }
            }
        } finally {
            client.shutdown();
        }
        for (PlivoAccount account : List.of(fast, slow)) {
            List<Long> sorted = new ArrayList<>(starts.get(account.id()));
            Collections.sort(sorted);
            // the local clock may be a millisecond off Redis' per window
            assertThat(maxIn(sorted, Duration.ofSeconds(1).toNanos() - 2_000_000)).as(account.id()).isLessThanOrEqualTo(account.cps());
            // and the waiting dialers used their account's rate: a start per 1.1 s / cps, less the time answers take
            assertThat(sorted.size()).as(account.id()).isGreaterThanOrEqualTo((int) (2.5 / 1.4 * account.cps()) - 1);
        }
    }

    @Test
    void shouldNotChargeTheGlobalLimitForAStartTheAccountRefused(LocalStack stack) throws Exception {
        RedisKeys keys = new RedisKeys(LocalStack.uniquePrefix("pacing"));
        RedisClient client = RedisClient.create(stack.redis().uri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            GlobalRateLimiter limiter = new GlobalRateLimiter(redis.sync());
            // the global limit allows two starts now (burst 4, half kept as headroom), the account one
            RateBucket global = new RateBucket(keys.callStarts(), StartPacing.withHeadroom(RateLimit.perMinute(1, 4)));
            RateBucket account = new RateBucket(keys.accountRate("one"), StartPacing.accountLimit(1));
            assertThat(limiter.acquire(1, List.of(global, account)).granted()).isEqualTo(1);
            RateGrant refused = limiter.acquire(1, List.of(global, account));
            assertThat(refused.granted()).isZero();
            assertThat(refused.limitedBy(1)).as("the account's bucket bound it").isTrue();
            // the refused start left the global limit its second token: another account takes it
            assertThat(limiter.acquire(1, List.of(global, new RateBucket(keys.accountRate("two"), StartPacing.accountLimit(1))))
                    .granted()).isEqualTo(1);
            assertThat(limiter.acquire(1, List.of(global)).granted()).isZero();
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
