package com.dialer.plivosim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WitnessTest {

    @Test
    void aSlidingWindowCountsEveryRunOfTimestampsWithinItsWidth() {
        long s = 1_000_000_000L;
        long[] times = {0, s / 2, s - 1, s, 2 * s, 2 * s + 1};
        assertThat(Witness.maxInWindow(times, s)).isEqualTo(3);
        assertThat(Witness.maxInWindow(times, 10 * s)).isEqualTo(6);
        assertThat(Witness.maxInWindow(new long[0], s)).isZero();
    }

    @Test
    void aCallEndingWhenAnotherStartsDoesNotOverlapIt() {
        Witness w = new Witness();
        w.placed("r1", "+1", "c", "k", 0);
        w.ended("r1", "+2", "completed", 10);
        w.placed("r2", "+1", "c", "k", 10);
        w.ended("r2", "+3", "completed", 20);
        w.placed("r3", "+1", "c", "k", 15);
        w.ended("r3", "+4", "completed", 30);

        assertThat(w.stats().maxSimultaneousByClient()).containsEntry("c", 2);
        assertThat(w.stats().maxSimultaneous()).isEqualTo(2);
    }

    @Test
    void aNumberDialedWhileItsCallIsOpenIsReported() {
        Witness w = new Witness();
        w.dialed(new Witness.Dial(0, 0, "MA", "+1", "+2", "r1", "a1", "c", "k", false));
        w.dialed(new Witness.Dial(1, 0, "MA", "+1", "+2", "r2", "a1", "c", "k", false));
        w.ended("r1", "+2", "completed", 5);
        w.ended("r2", "+2", "completed", 6);
        w.dialed(new Witness.Dial(7, 0, "MA", "+1", "+2", "r3", "a2", "c", "k", false));

        assertThat(w.stats().numbersDialedWhileLive()).containsEntry("+2", 1);
        assertThat(w.stats().attemptsDialedMoreThanOnce()).containsEntry("a1", 2).doesNotContainKey("a2");
        assertThat(w.dialCount()).isEqualTo(3).isEqualTo((int) w.stats().dials());
    }
}
