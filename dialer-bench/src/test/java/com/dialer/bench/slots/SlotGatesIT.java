package com.dialer.bench.slots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.dialer.bench.measure.TimeWindows;
import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;

/** The designs of the cap scenario behave as described, on the real Redis and MongoDB. */
@ExtendWith(LocalStackExtension.class)
class SlotGatesIT {
    private static final int CAP = 5;
    private static final List<String> ONE_CLIENT = List.of("acme");
    // 20 workers for 5 slots, a warm-up between the check and the dial
    private static final CapRun RACE = new CapRun(ONE_CLIENT, 20, Duration.ofMillis(1_500), Duration.ofMillis(200),
            Duration.ofMillis(100), Duration.ofMillis(300), 7);

    @Test
    void checkThenActLetsMoreCallsThanTheCapLiveWhenWorkersCheckDuringAWarmUp(LocalStack stack) throws Exception {
        try (SlotGate gate = new CheckThenActGate(stack.redis().uri(), LocalStack.uniquePrefix("cta"), CAP)) {
            assertThat(maxLive(gate)).isGreaterThan(CAP);
        }
    }

    @Test
    void reservingAtTheCheckNeverLetsMoreCallsThanTheCapLive(LocalStack stack) throws Exception {
        try (SlotGate gate = new LeaseGate(stack.redis().uri(), LocalStack.uniquePrefix("lease"), ONE_CLIENT, CAP)) {
            assertThat(maxLive(gate)).isEqualTo(CAP);
        }
    }

    @Test
    void insertFirstNeverLetsMoreCallsThanTheCapLive(LocalStack stack) throws Exception {
        try (SlotGate gate = new InsertFirstGate(stack.mongo().connectionString(), LocalStack.uniquePrefix("insert-first"), CAP)) {
            assertThat(maxLive(gate)).isLessThanOrEqualTo(CAP).isPositive();
        }
    }

    private static int maxLive(SlotGate gate) throws InterruptedException {
        Map<String, List<CapRun.Attempt>> log = RACE.runThrough(gate);
        return TimeWindows.maxSimultaneous(CapRun.calls(log.get("acme")));
    }
}
