package com.dialer.state.recipients;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;
import com.dialer.state.recipients.RecipientVerdict.Claimed;
import com.dialer.state.recipients.RecipientVerdict.Reason;
import com.dialer.state.recipients.RecipientVerdict.Refused;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;

@ExtendWith(LocalStackExtension.class)
class RedisRecipientGuardIT {
    private static final String CLIENT = "acme";
    private static final String NUMBER = "+12012000001";
    private static final Duration HOLD = Duration.ofMinutes(5);
    private static final CommunicationLimits NO_GAP = new CommunicationLimits(Duration.ZERO, 100, Duration.ofHours(1));
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisKeys keys;
    private RedisRecipientGuard guard;

    @BeforeEach
    void connect(LocalStack stack) {
        client = RedisClient.create(stack.redis().uri());
        connection = client.connect();
        keys = new RedisKeys(LocalStack.uniquePrefix("recipients"));
        guard = new RedisRecipientGuard(connection.sync(), keys);
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    @Test
    void refusesASecondAttemptWhileTheFirstIsLive() {
        assertThat(claimOne("c1:k:1", NO_GAP)).isInstanceOf(Claimed.class);

        RecipientVerdict second = claimOne("c2:k:1", NO_GAP);

        assertThat(second).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(Reason.LIVE);
            // no gap: the live call may end any moment, so there is nothing certain to wait for
            assertThat(r.retryIn()).isZero();
        });
        assertThat(guard.liveAttempt(CLIENT, NUMBER)).isEqualTo("c1:k:1");
    }

    @Test
    void aReplayedClaimOfTheSameAttemptIsGrantedAgainAndCountedOnce() {
        assertThat(claimOne("c1:k:1", NO_GAP)).isEqualTo(new Claimed(new RecipientAttempt(NUMBER, "c1:k:1"), false));

        assertThat(claimOne("c1:k:1", NO_GAP)).isEqualTo(new Claimed(new RecipientAttempt(NUMBER, "c1:k:1"), true));

        assertThat(connection.sync().zcard(keys.recipientCalls(CLIENT, NUMBER))).isEqualTo(1);
    }

    @Test
    void onlyTheHoldingAttemptFreesTheNumber() {
        claimOne("c1:k:1", NO_GAP);

        guard.free(CLIENT, List.of(new RecipientAttempt(NUMBER, "c9:k:1")));
        assertThat(claimOne("c2:k:1", NO_GAP)).isInstanceOf(Refused.class);

        guard.free(CLIENT, List.of(new RecipientAttempt(NUMBER, "c1:k:1")));
        guard.free(CLIENT, List.of(new RecipientAttempt(NUMBER, "c1:k:1")));
        assertThat(claimOne("c2:k:1", NO_GAP)).isInstanceOf(Claimed.class);
        // a late free of the first attempt does not end the second one's hold
        guard.free(CLIENT, List.of(new RecipientAttempt(NUMBER, "c1:k:1")));
        assertThat(guard.liveAttempt(CLIENT, NUMBER)).isEqualTo("c2:k:1");
    }

    @Test
    void refusesWithinTheMinimumGapAndSaysHowLongToWait() {
        CommunicationLimits tenSeconds = new CommunicationLimits(Duration.ofSeconds(10), 100, Duration.ofHours(1));
        claimOne("c1:k:1", tenSeconds);

        // still live: the least wait is the gap since its start
        RecipientVerdict whileLive = claimOne("c2:k:1", tenSeconds);
        assertThat(whileLive).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(Reason.LIVE);
            assertThat(r.retryIn()).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));
        });

        guard.free(CLIENT, List.of(new RecipientAttempt(NUMBER, "c1:k:1")));
        RecipientVerdict afterEnd = claimOne("c2:k:1", tenSeconds);
        assertThat(afterEnd).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(Reason.GAP);
            assertThat(r.retryIn()).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));
        });
    }

    @Test
    void capsCallsInTheSlidingPeriodAndWaitsUntilTheOldestLeavesIt() {
        CommunicationLimits twoPerMinute = new CommunicationLimits(Duration.ZERO, 2, Duration.ofMinutes(1));
        claimOne("c1:k:1", twoPerMinute);
        guard.free(CLIENT, List.of(new RecipientAttempt(NUMBER, "c1:k:1")));
        claimOne("c1:k:2", twoPerMinute);
        guard.free(CLIENT, List.of(new RecipientAttempt(NUMBER, "c1:k:2")));

        RecipientVerdict third = claimOne("c2:k:1", twoPerMinute);

        assertThat(third).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(Reason.CAP);
            assertThat(r.retryIn()).isBetween(Duration.ofSeconds(55), Duration.ofMinutes(1));
        });
    }

    @Test
    void claimsABatchInOrderUntilWantedAndLeavesTheRestUnexamined() {
        String busy = "+12012000002";
        guard.claim(CLIENT, List.of(new RecipientAttempt(busy, "other:k:1")), 1, HOLD, NO_GAP);
        List<RecipientAttempt> batch = List.of(new RecipientAttempt(busy, "c1:a:1"),
                new RecipientAttempt("+12012000003", "c1:b:1"), new RecipientAttempt("+12012000004", "c1:c:1"),
                new RecipientAttempt("+12012000005", "c1:d:1"));

        List<RecipientVerdict> verdicts = guard.claim(CLIENT, batch, 2, HOLD, NO_GAP);

        assertThat(verdicts).extracting(v -> v.getClass().getSimpleName()).containsExactly("Refused", "Claimed", "Claimed");
        assertThat(guard.liveAttempt(CLIENT, "+12012000005")).isNull();
    }

    @Test
    void aHoldEndsByItselfWhenNoOutcomeComes() throws InterruptedException {
        guard.claim(CLIENT, List.of(new RecipientAttempt(NUMBER, "c1:k:1")), 1, Duration.ofMillis(200), NO_GAP);
        assertThat(claimOne("c2:k:1", NO_GAP)).isInstanceOf(Refused.class);

        Thread.sleep(300);

        assertThat(claimOne("c2:k:1", NO_GAP)).isInstanceOf(Claimed.class);
    }

    @Test
    void eightConcurrentClaimersNeverHoldOneNumberTwiceAndKeepTheGap() throws Exception {
        CommunicationLimits gap = new CommunicationLimits(Duration.ofMillis(20), 1_000_000, Duration.ofHours(1));
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        AtomicInteger claims = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String worker = "w" + w;
            workers.add(pool.submit(() -> {
                // each worker its own connection, as separate scheduler instances have
                try (var own = client.connect()) {
                    RedisRecipientGuard mine = new RedisRecipientGuard(own.sync(), keys);
                    for (int n = 0; System.nanoTime() < deadline; n++) {
                        RecipientAttempt attempt = new RecipientAttempt(NUMBER, worker + ":" + n);
                        if (mine.claim(CLIENT, List.of(attempt), 1, HOLD, gap).get(0) instanceof Claimed) {
                            claims.incrementAndGet();
                            maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                            Thread.sleep(2);
                            holders.decrementAndGet();
                            mine.free(CLIENT, List.of(attempt));
                        } else {
                            Thread.sleep(1);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(maxHolders.get()).isEqualTo(1);
        List<Double> starts = connection.sync().zrangeWithScores(keys.recipientCalls(CLIENT, NUMBER), 0, -1).stream()
                .map(ScoredValue::getScore).toList();
        assertThat(starts).hasSize(claims.get()).hasSizeGreaterThan(10);
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).as("µs between call %d and %d", i - 1, i)
                    .isGreaterThanOrEqualTo(20_000.0);
        }
    }

    private RecipientVerdict claimOne(String attemptId, CommunicationLimits limits) {
        return guard.claim(CLIENT, List.of(new RecipientAttempt(NUMBER, attemptId)), 1, HOLD, limits).get(0);
    }
}
