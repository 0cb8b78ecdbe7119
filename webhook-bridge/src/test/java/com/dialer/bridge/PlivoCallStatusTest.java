package com.dialer.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.dialer.avro.CallStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlivoCallStatusTest {

    @ParameterizedTest
    @CsvSource({
        "ringing,RINGING", "in-progress,IN_PROGRESS", "completed,COMPLETED", "busy,BUSY",
        "no-answer,NO_ANSWER", "cancel,CANCELLED", "timeout,TIMEOUT", "failed,FAILED", "' Busy ',BUSY"
    })
    void shouldReadEveryPlivoCallStatus(String plivo, CallStatus expected) {
        assertThat(PlivoCallStatus.of(plivo)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "answered", "in_progress", "queued?"})
    void shouldRefuseValuesPlivoNeverSends(String plivo) {
        assertThat(PlivoCallStatus.of(plivo)).isEmpty();
    }

    @Test
    void shouldRefuseAMissingStatus() {
        assertThat(PlivoCallStatus.of(null)).isEmpty();
    }

    @Test
    void shouldEndTheCallAsMachineOnlyWhenAMachineAnswered() {
        assertThat(PlivoCallStatus.ofMachineDetection("true")).contains(CallStatus.MACHINE);
        assertThat(PlivoCallStatus.ofMachineDetection("false")).isEmpty();
        assertThat(PlivoCallStatus.ofMachineDetection(null)).isEmpty();
    }
}
