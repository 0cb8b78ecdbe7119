package com.dialer.bench.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class MemoryCurveTest {

    @Test
    void theSlopeIsPerMinuteAndALineThroughNoisySamplesNotTheirEnds() {
        // 1,200 bytes a minute = 20 a second, each sample off the line by +-500 in turn
        List<MemoryCurve.Sample> rising = new java.util.ArrayList<>();
        for (int i = 0; i <= 20; i++) {
            rising.add(new MemoryCurve.Sample(i * 5, 1_000_000 + 100L * i + (i % 2 == 0 ? 500 : -500), 10, 0, 0));
        }
        assertThat(MemoryCurve.slopePerMinute(rising, s -> s.usedMemory())).isCloseTo(1_200, within(60.0));
    }

    @Test
    void aCurveThatGrowsThenLevelsOffIsFlatOverItsLastStretchWhileCallsKeepEnding() {
        MemoryCurve curve = new MemoryCurve();
        for (int t = 0; t <= 300; t += 5) {
            // grows for the first 90 s (the longest life), then stays; 10 calls end every second throughout
            curve.add(new MemoryCurve.Sample(t, 2_000_000 + 1_000L * Math.min(t, 90), 100 + Math.min(t, 90), 10L * t, 10L * t));
        }
        MemoryCurve.Stretch first = curve.stretch("first", 0, 90);
        MemoryCurve.Stretch last = curve.stretch("last", 200, 300);
        assertThat(first.bytesPerMinute()).isCloseTo(60_000, within(1.0));
        assertThat(first.keysPerMinute()).isCloseTo(60, within(0.01));
        assertThat(last.bytesPerMinute()).isCloseTo(0, within(1e-6));
        assertThat(last.endedPerMinute()).isCloseTo(600, within(1e-6));
        assertThat(last.samples()).isEqualTo(21);
    }

    @Test
    void oneSampleHasNoSlope() {
        assertThat(MemoryCurve.slopePerMinute(List.of(new MemoryCurve.Sample(0, 1, 1, 0, 0)), s -> s.usedMemory())).isNaN();
    }

    @Test
    void theRateIsReachedWhenCallsEndAtItOverTheStretchBefore() {
        MemoryCurve curve = new MemoryCurve();
        long ended = 0;
        for (int t = 0; t <= 200; t += 5) {
            ended += t < 100 ? 10 : 50; // 120 a minute, then 600
            curve.add(new MemoryCurve.Sample(t, 1, 1, ended, ended));
        }
        // at 125 s the 30 s since 95 s saw six samples of 50 ended: 600 a minute
        assertThat(curve.rateReached(600, 0.9, 30)).isEqualTo(125);
        assertThat(curve.rateReached(6_000, 0.9, 30)).isNaN();
    }
}
