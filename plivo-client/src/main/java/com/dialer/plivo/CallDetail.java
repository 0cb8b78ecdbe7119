package com.dialer.plivo;

import java.time.Instant;

/**
 * A finished call as Plivo's call detail record tells it ({@code GET …/Call/{call_uuid}/}, plivo-java's
 * {@code Call}): what the hangup callback would have said, for a call whose callback never came.
 *
 * @param callState       Plivo's {@code call_state} (e.g. ANSWER, BUSY, NO_ANSWER, CANCEL, FAILED, TIMEOUT)
 * @param durationSeconds {@code call_duration}, the answered seconds (the callback's Duration)
 * @param billDuration    {@code bill_duration} (the callback's BillDuration)
 */
public record CallDetail(String callUuid, String from, String to, String callState, String hangupCauseName,
                         Integer hangupCauseCode, String hangupSource, Long durationSeconds, Long billDuration,
                         Instant initiationTime, Instant answerTime, Instant endTime) {
}
