package com.dialer.bench.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.bench.measure.TimeWindows;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;

/** The designs of the rate-limit scenario behave as the seed and the design say, on the real Redis and MongoDB. */
@ExtendWith(LocalStackExtension.class)
class FixedWindowStartsIT {

    @Test
    void theFixedWindowLetsTwiceItsLimitThroughWithinOneWindowAcrossAnEdge(LocalStack stack) throws Exception {
        // 10 per 4 s window (150/min), the edge 2 s after the start: 10 before it, 10 right after. Windows of seconds,
        // not milliseconds: on a loaded machine a MongoDB round trip may take a hundred
        LimiterSpec spec = spec(stack, LimiterSpec.Kind.FIXED_WINDOW_MONGO, 150, 1, 4_000, 2_000);
        List<Long> grants = tryFor(spec, 4_000, 21);
        assertThat(grants).hasSize(20);
        assertThat(grants.getLast() - grants.getFirst()).as("20 grants within one window's length").isLessThan(4_000_000);
    }

    @Test
    void gcraNeverGrantsMoreThanRateTimesWindowPlusBurst(LocalStack stack) throws Exception {
        LimiterSpec spec = spec(stack, LimiterSpec.Kind.GCRA, 600, 1, 60_000, 0);
        List<Long> grants = tryFor(spec, 1_000, Integer.MAX_VALUE);
        assertThat(TimeWindows.maxInWindow(grants.stream().mapToLong(Long::longValue).toArray(), 1_000_000)).isLessThanOrEqualTo(11);
    }

    @Test
    void batchedGcraGrantsSeveralStartsATryAndStillNeverMoreThanRateTimesWindowPlusBurst(LocalStack stack) throws Exception {
        // 600/min with a burst of 5: a try asks for 16 and gets what fits (5 at once, then one each 100 ms)
        LimiterSpec spec = spec(stack, LimiterSpec.Kind.GCRA_BATCHED, 600, 5, 60_000, 0);
        List<Long> grants = tryFor(spec, 1_000, Integer.MAX_VALUE);
        long[] micros = grants.stream().mapToLong(Long::longValue).toArray();
        assertThat(TimeWindows.maxInWindow(micros, 1_000_000)).isLessThanOrEqualTo(10 + 5);
        assertThat(TimeWindows.maxInWindow(micros, 1_000)).as("the burst in one try").isGreaterThanOrEqualTo(5);
    }

    @Test
    void bucket4jNeverGrantsMoreThanRateTimesWindowPlusBurst(LocalStack stack) throws Exception {
        LimiterSpec spec = spec(stack, LimiterSpec.Kind.BUCKET4J_LETTUCE, 600, 1, 60_000, 0);
        List<Long> grants = tryFor(spec, 1_000, Integer.MAX_VALUE);
        assertThat(TimeWindows.maxInWindow(grants.stream().mapToLong(Long::longValue).toArray(), 1_000_000)).isLessThanOrEqualTo(11);
    }

    private static LimiterSpec spec(LocalStack stack, LimiterSpec.Kind kind, long perMinute, int burst, long windowMillis,
                                    long edgeAfterMillis) {
        return new LimiterSpec(kind, stack.redis().uri(), stack.mongo().connectionString(), LocalStack.uniquePrefix("fixed-window"),
                perMinute, burst, windowMillis, edgeAfterMillis);
    }

    /** One caller trying every 5 ms for {@code millis}, or until {@code most} grants; the epoch µs of every grant. */
    private static List<Long> tryFor(LimiterSpec spec, long millis, int most) throws InterruptedException {
        List<Long> grants = new ArrayList<>();
        try (StartLimiter limiter = spec.open()) {
            long start = System.currentTimeMillis();
            limiter.startsAt(start);
            while (System.currentTimeMillis() < start + millis && grants.size() < most) {
                StartLimiter.Try attempt = limiter.tryStart();
                if (attempt.granted()) {
                    for (int i = 0; i < attempt.starts(); i++) {
                        grants.add(AcquirerRun.epochMicros());
                    }
                } else {
                    Thread.sleep(5);
                }
            }
        }
        return grants;
    }
}
