package com.dialer.bench.slots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CapRunTest {

    @Test
    void eachReleaseIsPairedInOrderWithTheNextAttemptLetThroughAfterIt() {
        // admitted at 0 and 1 (free slots), released at 10 and 12; admitted again at 11 and 15
        List<CapRun.Attempt> attempts = List.of(
                new CapRun.Attempt(0, 2, 9, 10), new CapRun.Attempt(1, 3, 11, 12),
                new CapRun.Attempt(11, 13, 20, 21), new CapRun.Attempt(15, 17, 25, 26));
        assertThat(CapRun.handovers(attempts)).containsExactly(new CapRun.Handover(1, 3), new CapRun.Handover(3, 5));
    }
}
