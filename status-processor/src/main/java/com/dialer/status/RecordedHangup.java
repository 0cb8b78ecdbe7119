package com.dialer.status;

import java.time.Instant;
import java.util.Locale;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.avro.EventSource;
import com.dialer.plivo.CallDetail;

/**
 * The hangup callback a finished call's record stands for: the same final status, duration, bill
 * duration and hangup cause, as a call event from the RECONCILER, so the state machine settles the
 * attempt exactly as the lost callback would have.
 */
final class RecordedHangup {

    private RecordedHangup() {
    }

    static CallEvent of(OverdueCall call, CallDetail record, Instant now) {
        CallStatus status = statusOf(record);
        Instant ended = record.endTime() != null ? record.endTime() : now;
        return CallEvent.newBuilder()
                // one record, one event id: a second look at the same record is a duplicate downstream
                .setEventId(call.attemptId() + ":reconciler:" + record.callUuid() + ":" + status)
                .setAttemptId(call.attemptId())
                .setCampaignId(call.campaignId())
                .setClientId(call.clientId())
                .setContactId(call.contactId())
                .setPhoneNumber(call.phoneNumber())
                .setAttemptNumber(call.attemptNumber())
                .setStatus(status)
                .setSource(EventSource.RECONCILER)
                .setOccurredAt(ended)
                .setPlivoRequestUuid(call.plivoRequestUuid())
                .setPlivoCallUuid(record.callUuid())
                .setHangupCause(record.hangupCauseName())
                .setHangupCauseCode(record.hangupCauseCode())
                .setDurationSeconds(record.durationSeconds() == null ? null : Math.toIntExact(record.durationSeconds()))
                .setBillDurationSeconds(record.billDuration() == null ? null : Math.toIntExact(record.billDuration()))
                .setRingTimeoutSeconds(call.ringTimeoutSeconds())
                .setTimeLimitSeconds(call.timeLimitSeconds())
                .setReason("settled from Plivo's call record: no hangup callback came (last state " + call.state() + ")")
                .build();
    }

    /**
     * The final status the hangup callback would have carried: Plivo's {@code call_state}, else the
     * hangup cause code (3000 no answer, 3010 busy, 3020 ring timeout, 1000 cancelled, 4xxx a normal end
     * of an answered call), else whether any second was billed.
     */
    static CallStatus statusOf(CallDetail record) {
        String state = record.callState() == null ? "" : record.callState().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        switch (state) {
            case "ANSWER", "ANSWERED", "COMPLETED" -> {
                return CallStatus.COMPLETED;
            }
            case "BUSY" -> {
                return CallStatus.BUSY;
            }
            case "NO_ANSWER", "NOANSWER" -> {
                return CallStatus.NO_ANSWER;
            }
            case "TIMEOUT" -> {
                return CallStatus.TIMEOUT;
            }
            case "CANCEL", "CANCELLED", "CANCELED" -> {
                return CallStatus.CANCELLED;
            }
            case "FAILED", "REJECTED", "ERROR" -> {
                return CallStatus.FAILED;
            }
            default -> {
                // not a state we know: the cause code says it
            }
        }
        Integer code = record.hangupCauseCode();
        if (code != null) {
            if (code == 3000) {
                return CallStatus.NO_ANSWER;
            }
            if (code == 3010) {
                return CallStatus.BUSY;
            }
            if (code == 3020) {
                return CallStatus.TIMEOUT;
            }
            if (code == 1000) {
                return CallStatus.CANCELLED;
            }
            if (code >= 4000 && code < 5000) {
                return CallStatus.COMPLETED;
            }
        }
        return record.billDuration() != null && record.billDuration() > 0 ? CallStatus.COMPLETED : CallStatus.FAILED;
    }
}
