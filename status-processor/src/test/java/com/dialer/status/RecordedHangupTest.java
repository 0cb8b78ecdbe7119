package com.dialer.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.avro.EventSource;
import com.dialer.plivo.CallDetail;

class RecordedHangupTest {
    private static final Instant END = Instant.parse("2026-12-07T10:00:05Z");
    private static final OverdueCall CALL = new OverdueCall("camp:c1:1", "camp", "client-1", "c1", "+14155550001", 1,
            "IN_PROGRESS", "req-1", null, 0L, 30, 600, 0L);

    private static CallDetail record(String state, Integer code, long billed) {
        return new CallDetail("call-1", "14155550100", "14155550001", state, "Normal Hangup", code, "Callee", billed, billed,
                END.minusSeconds(20), END.minusSeconds(10), END);
    }

    @Test
    void anAnsweredCallsRecordSettlesItAsTheHangupCallbackWouldHave() {
        CallEvent e = RecordedHangup.of(CALL, record("ANSWER", 4000, 10), Instant.now());
        assertThat(e.getStatus()).isEqualTo(CallStatus.COMPLETED);
        assertThat(e.getSource()).isEqualTo(EventSource.RECONCILER);
        assertThat(e.getOccurredAt()).isEqualTo(END);
        assertThat(e.getDurationSeconds()).isEqualTo(10);
        assertThat(e.getHangupCauseCode()).isEqualTo(4000);
        assertThat(e.getPlivoCallUuid()).isEqualTo("call-1");
        assertThat(e.getClientId()).isEqualTo("client-1");
        assertThat(e.getReason()).contains("call record");
    }

    @Test
    void theSameRecordAlwaysGivesTheSameEventIdSoASecondLookIsADuplicate() {
        assertThat(RecordedHangup.of(CALL, record("BUSY", 3010, 0), Instant.now()).getEventId())
                .isEqualTo(RecordedHangup.of(CALL, record("BUSY", 3010, 0), Instant.now().plusSeconds(5)).getEventId());
    }

    @Test
    void plivoCallStatesMapToTheStatusesTheHangupCallbackCarries() {
        assertThat(RecordedHangup.statusOf(record("BUSY", null, 0))).isEqualTo(CallStatus.BUSY);
        assertThat(RecordedHangup.statusOf(record("NO_ANSWER", null, 0))).isEqualTo(CallStatus.NO_ANSWER);
        assertThat(RecordedHangup.statusOf(record("no-answer", null, 0))).isEqualTo(CallStatus.NO_ANSWER);
        assertThat(RecordedHangup.statusOf(record("TIMEOUT", null, 0))).isEqualTo(CallStatus.TIMEOUT);
        assertThat(RecordedHangup.statusOf(record("CANCEL", null, 0))).isEqualTo(CallStatus.CANCELLED);
        assertThat(RecordedHangup.statusOf(record("FAILED", null, 0))).isEqualTo(CallStatus.FAILED);
    }

    @Test
    void anUnknownCallStateFallsBackToTheHangupCauseThenToTheBilledSeconds() {
        assertThat(RecordedHangup.statusOf(record("EXPIRED", 3020, 0))).isEqualTo(CallStatus.TIMEOUT);
        assertThat(RecordedHangup.statusOf(record(null, 3010, 0))).isEqualTo(CallStatus.BUSY);
        assertThat(RecordedHangup.statusOf(record(null, 4010, 12))).isEqualTo(CallStatus.COMPLETED);
        assertThat(RecordedHangup.statusOf(record(null, null, 12))).isEqualTo(CallStatus.COMPLETED);
        assertThat(RecordedHangup.statusOf(record(null, 2030, 0))).isEqualTo(CallStatus.FAILED);
    }
}
