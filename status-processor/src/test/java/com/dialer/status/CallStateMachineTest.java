package com.dialer.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.dialer.avro.CallStatus;
import com.dialer.avro.Disposition;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CallStateMachineTest {

    private static final EnumSet<CallStatus> FINALS = EnumSet.of(CallStatus.COMPLETED, CallStatus.BUSY,
            CallStatus.NO_ANSWER, CallStatus.FAILED, CallStatus.MACHINE, CallStatus.CANCELLED, CallStatus.TIMEOUT);

    @ParameterizedTest
    @CsvSource({
        "RESERVED,DIALING", "DIALING,QUEUED", "DIALING,RINGING", "QUEUED,RINGING", "RINGING,IN_PROGRESS",
        "DIALING,FAILED", "RINGING,NO_ANSWER", "RINGING,BUSY", "IN_PROGRESS,COMPLETED", "IN_PROGRESS,MACHINE",
        "DIALING,CANCELLED", "RINGING,TIMEOUT", "DIALING,IN_PROGRESS"
    })
    void shouldMoveForward(CallStatus current, CallStatus next) {
        assertThat(CallStateMachine.advances(current, next)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "DIALING,DIALING", "RINGING,RINGING", "RINGING,DIALING", "IN_PROGRESS,RINGING", "IN_PROGRESS,DIALING",
        "COMPLETED,COMPLETED", "TIMEOUT,COMPLETED", "COMPLETED,TIMEOUT", "BUSY,RINGING", "FAILED,DIALING"
    })
    void shouldIgnoreDuplicatesAndOlderEvents(CallStatus current, CallStatus next) {
        assertThat(CallStateMachine.advances(current, next)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = CallStatus.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void shouldAcceptAnyKnownStatusForAnAttemptNotSeenYet(CallStatus first) {
        assertThat(CallStateMachine.advances(null, first)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(CallStatus.class)
    void shouldNeverApplyAnUnknownStatus(CallStatus current) {
        assertThat(CallStateMachine.advances(current, CallStatus.UNKNOWN)).isFalse();
        assertThat(CallStateMachine.advances(null, CallStatus.UNKNOWN)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(CallStatus.class)
    void shouldFreezeAnAttemptOnceFinal(CallStatus next) {
        for (CallStatus fin : FINALS) {
            assertThat(CallStateMachine.advances(fin, next)).as("%s -> %s", fin, next).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(CallStatus.class)
    void shouldReportADispositionExactlyForFinalStates(CallStatus status) {
        assertThat(CallStateMachine.isFinal(status)).isEqualTo(FINALS.contains(status));
        assertThat(CallStateMachine.dispositionOf(status).isPresent()).isEqualTo(FINALS.contains(status));
    }

    @ParameterizedTest
    @CsvSource({
        "COMPLETED,ANSWERED", "BUSY,BUSY", "NO_ANSWER,NO_ANSWER", "FAILED,FAILED",
        "MACHINE,MACHINE", "CANCELLED,CANCELLED", "TIMEOUT,TIMEOUT"
    })
    void shouldMapFinalStatesToTheAgreedDisposition(CallStatus status, Disposition expected) {
        assertThat(CallStateMachine.dispositionOf(status)).contains(expected);
    }

    @Test
    void shouldTreatAMissingStatusAsNotFinal() {
        assertThat(CallStateMachine.isFinal(null)).isFalse();
    }
}
