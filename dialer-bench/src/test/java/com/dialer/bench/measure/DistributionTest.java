package com.dialer.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DistributionTest {

    @Test
    void percentilesAreNearestRank() {
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = 100 - i; // 100..1, unsorted on purpose
        }
        Distribution d = Distribution.of(hundred);
        assertThat(d.count()).isEqualTo(100);
        assertThat(d.p50()).isEqualTo(50);
        assertThat(d.p99()).isEqualTo(99);
        assertThat(d.max()).isEqualTo(100);
        assertThat(d.mean()).isEqualTo(50.5);
    }

    @Test
    void aSmallSampleTakesItsLargestValueAsP99() {
        Distribution d = Distribution.of(new double[] {3, 1, 2});
        assertThat(d.p50()).isEqualTo(2);
        assertThat(d.p99()).isEqualTo(3);
    }

    @Test
    void nanosecondsAreReportedAsMillisecondsAndAnEmptySampleHasNoFigures() {
        assertThat(Distribution.ofNanosAsMillis(new long[] {1_500_000}).p50()).isEqualTo(1.5);
        assertThat(Distribution.of(new double[0]).p50()).isNaN();
    }
}
