package com.dialer.plivosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FaultRateTest {
    private static final long MS = 1_000_000L;

    @Test
    void aBurstingRateIsActiveOnlyInTheOnPartOfEachCycleStartingWithOn() {
        FaultRate bursts = FaultRate.inBursts(1.0, Duration.ofMillis(5), Duration.ofMillis(20));

        assertThat(bursts.activeAfter(0)).isTrue();
        assertThat(bursts.activeAfter(5 * MS - 1)).isTrue();
        assertThat(bursts.activeAfter(5 * MS)).isFalse();
        assertThat(bursts.activeAfter(24 * MS)).isFalse();
        assertThat(bursts.activeAfter(25 * MS)).isTrue();
        assertThat(bursts.activeAfter(77 * MS)).isTrue();
        assertThat(bursts.activeAfter(80 * MS)).isFalse();
    }

    @Test
    void aFaultOutsideItsBurstNeverStrikesAndDrawsNothing() {
        FaultRate bursts = FaultRate.inBursts(1.0, Duration.ofMillis(5), Duration.ofMillis(20));
        Random random = new Random(1);
        long before = new Random(1).nextLong();

        assertThat(bursts.strikes(random, 10 * MS)).isFalse();
        assertThat(random.nextLong()).as("no draw was taken").isEqualTo(before);
        assertThat(bursts.strikes(random, 27 * MS)).isTrue();
    }

    @Test
    void aSteadyRateStrikesAtItsRateWithTheSameSeedTheSameWay() {
        FaultRate steady = FaultRate.steady(0.3);
        Random a = new Random(7);
        Random b = new Random(7);
        int hits = 0;
        for (int i = 0; i < 10_000; i++) {
            boolean hit = steady.strikes(a, i * MS);
            assertThat(steady.strikes(b, i * MS)).isEqualTo(hit);
            hits += hit ? 1 : 0;
        }
        assertThat(hits).isBetween(2_800, 3_200);
    }

    @Test
    void theCommandLineSpellingGivesSteadyOrBurstingRates() {
        assertThat(FaultRate.parse("0.25")).isEqualTo(FaultRate.steady(0.25));
        assertThat(FaultRate.parse("0.3@5s/20s")).isEqualTo(FaultRate.inBursts(0.3, Duration.ofSeconds(5), Duration.ofSeconds(20)));
        assertThat(FaultRate.parse("1@250ms/1m")).isEqualTo(FaultRate.inBursts(1, Duration.ofMillis(250), Duration.ofMinutes(1)));
        assertThatThrownBy(() -> FaultRate.parse("1.5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultRate.parse("0.3@5s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultRate.parse("0.3@5s/0s")).isInstanceOf(IllegalArgumentException.class);
    }
}
