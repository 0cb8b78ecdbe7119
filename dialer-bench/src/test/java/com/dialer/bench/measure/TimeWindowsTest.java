package com.dialer.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TimeWindowsTest {

    @Test
    void slidingWindowFindsTheBusiestSpanAnywhereNotOnlyOnAGrid() {
        // 3 just before t=1000 and 3 just after: a grid [0,1000) [1000,2000) sees 3 and 3, a sliding window 6
        long[] times = {990, 995, 999, 1000, 1001, 1005, 3000};
        assertThat(TimeWindows.maxInWindow(times, 1000)).isEqualTo(6);
        assertThat(TimeWindows.maxInWindow(times, 10)).isEqualTo(4); // [999, 1009)
    }

    @Test
    void slidingWindowIsHalfOpenAndAcceptsUnsortedInput() {
        long[] times = {2000, 0, 1000};
        assertThat(TimeWindows.maxInWindow(times, 1000)).isEqualTo(1);
        assertThat(TimeWindows.maxInWindow(times, 1001)).isEqualTo(2);
        assertThat(times).containsExactly(2000, 0, 1000);
        assertThat(TimeWindows.maxInWindow(new long[0], 1000)).isZero();
    }

    @Test
    void anIntervalEndingWhenAnotherStartsDoesNotOverlapIt() {
        List<TimeWindows.Interval> calls = List.of(new TimeWindows.Interval(0, 10), new TimeWindows.Interval(10, 20),
                new TimeWindows.Interval(5, 15));
        assertThat(TimeWindows.maxSimultaneous(calls)).isEqualTo(2);
        assertThat(TimeWindows.maxSimultaneous(List.of())).isZero();
    }

    @Test
    void coveredTimeIsClippedToTheRun() {
        List<TimeWindows.Interval> calls = List.of(new TimeWindows.Interval(-5, 5), new TimeWindows.Interval(8, 30));
        assertThat(TimeWindows.coveredTime(calls, 0, 20)).isEqualTo(5 + 12);
    }
}
