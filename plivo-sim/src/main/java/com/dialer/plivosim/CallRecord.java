package com.dialer.plivosim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The detail record of one finished call, as Plivo keeps it once the call ended and serves it at
 * {@code GET /v1/Account/{id}/Call/[{call_uuid}/]}: the fields of plivo-java's
 * {@code com.plivo.api.models.call.Call} (5.46.3) and Plivo's own samples of that answer.
 *
 * @param callStatus      the hangup callback's CallStatus (completed, busy, no-answer, timeout, cancel, failed)
 * @param durationSeconds answered seconds (simulated), as in the hangup callback's Duration
 */
record CallRecord(String callUuid, String requestUuid, String from, String to, String callStatus,
                  String hangupCauseName, int hangupCauseCode, String hangupSource, long durationSeconds,
                  Instant initiationTime, Instant answerTime, Instant endTime, String account) {

    /** A record of the main account's (account null: seen by every account, as before accounts were simulated). */
    CallRecord(String callUuid, String requestUuid, String from, String to, String callStatus, String hangupCauseName,
               int hangupCauseCode, String hangupSource, long durationSeconds, Instant initiationTime, Instant answerTime,
               Instant endTime) {
        this(callUuid, requestUuid, from, to, callStatus, hangupCauseName, hangupCauseCode, hangupSource, durationSeconds,
                initiationTime, answerTime, endTime, null);
    }

    // Plivo's samples: "2015-07-26 15:45:02+05:30", in the account's time zone; the simulator's is UTC
    private static final DateTimeFormatter CDR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx").withZone(ZoneOffset.UTC);
    private static final double RATE_PER_MINUTE = 0.0085;

    /** Billed seconds: whole minutes, as Plivo's default billing increment. */
    long billedSeconds() {
        return durationSeconds == 0 ? 0 : ((durationSeconds + 59) / 60) * 60;
    }

    /**
     * Plivo's CDR {@code call_state} ("ANSWER" in its sample) for our final CallStatus; the upper-case
     * names of the others follow the hangup statuses.
     */
    String callState() {
        return switch (callStatus) {
            case "completed" -> "ANSWER";
            case "no-answer" -> "NO_ANSWER";
            default -> callStatus.toUpperCase(Locale.ROOT);
        };
    }

    /** The JSON object, with Plivo's field names. */
    Map<String, Object> json(String authId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("answer_time", answerTime == null ? null : CDR_TIME.format(answerTime));
        m.put("api_id", PlivoSimulator.apiId());
        m.put("bill_duration", durationSeconds);
        m.put("billed_duration", billedSeconds());
        m.put("call_direction", "outbound");
        m.put("call_duration", durationSeconds);
        // the SDK model reads call_state; Plivo's sample of this answer says call_status: both, same value
        m.put("call_state", callState());
        m.put("call_status", callState());
        m.put("call_uuid", callUuid);
        m.put("end_time", CDR_TIME.format(endTime));
        m.put("from_number", from);
        m.put("hangup_cause_code", hangupCauseCode);
        m.put("hangup_cause_name", hangupCauseName);
        m.put("hangup_source", hangupSource);
        m.put("initiation_time", CDR_TIME.format(initiationTime));
        m.put("parent_call_uuid", null);
        m.put("resource_uri", "/v1/Account/" + authId + "/Call/" + callUuid + "/");
        m.put("to_number", PlivoNumbers.asPlivoReportsIt(to));
        m.put("total_amount", String.format(Locale.ROOT, "%.5f", billedSeconds() / 60 * RATE_PER_MINUTE));
        m.put("total_rate", String.format(Locale.ROOT, "%.5f", RATE_PER_MINUTE));
        m.put("voice_network_group", "USA All Networks");
        m.put("source_ip", "127.0.0.1");
        m.put("cnam_lookup", "disabled");
        return m;
    }
}
