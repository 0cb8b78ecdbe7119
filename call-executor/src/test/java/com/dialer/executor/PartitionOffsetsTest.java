package com.dialer.executor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

    @Test
    void onlyTheOffsetBelowTheLowestUnfinishedRequestIsCommittable() {
        PartitionOffsets p = new PartitionOffsets();
        assertThat(p.committable()).isEqualTo(-1);
        p.started(10);
        p.started(11);
        p.started(12);
        p.finished(11);
        p.finished(12);
        assertThat(p.committable()).isEqualTo(10);
        p.finished(10);
        assertThat(p.committable()).isEqualTo(13);
    }
}
