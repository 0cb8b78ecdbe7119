package com.dialer.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuSnapshotTest {

    @Test
    void aProcessCpuIsItsUserAndSystemTicksAndItsNameMayHoldSpacesAndParentheses() {
        // fields 14 and 15 (utime 250, stime 50 ticks of 10 ms): 3 s
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 40 0 1000 123456 789 1844";
        assertThat(CpuSnapshot.cpuNanosOfStat(stat)).isEqualTo(3_000_000_000L);
    }

    @Test
    void thisProcessHasUsedSomeCpuAndAGoneOneNone() {
        assertThat(CpuSnapshot.processCpuNanos(ProcessHandle.current().pid())).isPositive();
        assertThat(CpuSnapshot.processCpuNanos(Long.MAX_VALUE)).isZero();
    }
}
