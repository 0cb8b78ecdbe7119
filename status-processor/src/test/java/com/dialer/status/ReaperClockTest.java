package com.dialer.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReaperClockTest {

    @Test
    void aTaskThatJustStartedAndReadNothingDoesNotReapUntilTheStartupDelayIsOver() {
        assertThat(new ReaperClock(0, 10_000).tick(9_999)).isEmpty();
        assertThat(new ReaperClock(0, 10_000).tick(10_000)).hasValue(10_000);
    }

    @Test
    void whileReadingABacklogTheClockIsTheBacklogsTime() {
        ReaperClock clock = new ReaperClock(0, 10_000);
        clock.read(1_000, 5_000);
        assertThat(clock.tick(6_000)).as("4 s behind the input").hasValue(2_000);
        clock.read(4_000, 6_500);
        assertThat(clock.tick(7_000)).hasValue(4_500);
    }

    @Test
    void aTickWithNothingReadSinceTheLastMeansCaughtUp() {
        ReaperClock clock = new ReaperClock(0, 10_000);
        clock.read(1_000, 5_000);
        clock.tick(6_000);
        assertThat(clock.tick(7_000)).hasValue(7_000);
    }

    @Test
    void aProducerClockAheadOfOursNeverMovesTheClockPastTheWallClock() {
        ReaperClock clock = new ReaperClock(0, 0);
        clock.read(9_000, 5_000);
        assertThat(clock.tick(6_000)).hasValue(6_000);
    }
}
