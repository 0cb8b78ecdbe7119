package com.dialer.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DemoReportTest {

    private static DemoReport clean() {
        return DemoReport.of(10, 10, Map.of("ANSWERED", 10L), List.of(), List.of(), 600, 10, 5, 10, 0, 0, 0, 0, 10, 10, 0, 0, 5.0, 1.0);
    }

    @Test
    void aPoolNumberPastItsDailyCapBreaksAPromiseAndTheSpreadIsKept() {
        DemoReport within = clean().withCallerIds(List.of(
                new DemoReport.CallerIdFigures("acme", "local", "+12015550110", 4, 4),
                new DemoReport.CallerIdFigures("acme", "local", "+18005550110", 6, null)));
        assertThat(within.promisesHeld()).isTrue();
        assertThat(within.callerIds()).extracting(DemoReport.CallerIdFigures::calls).containsExactly(4L, 6L);

        DemoReport over = clean().withCallerIds(List.of(new DemoReport.CallerIdFigures("acme", "local", "+12015550110", 5, 4)));
        assertThat(over.promisesHeld()).isFalse();
        assertThat(over.brokenPromises()).containsExactly("daily caller-ID cap: +12015550110 made 5 calls, cap 4");
    }
}
