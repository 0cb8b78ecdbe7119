package com.dialer.archiver;

import java.time.Instant;
import java.util.Map;

import com.dialer.avro.CallRecord;
import com.dialer.avro.CallStatus;
import com.dialer.avro.CampaignStatus;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.Disposition;

/** Test records with every field the archive maps; answered calls carry talk time. */
final class CallRecords {

    static final Instant BASE = Instant.parse("2026-03-02T09:00:00Z");

    private CallRecords() {
    }

    static CallRecord finished(String attemptId, String campaignId, String clientId, Disposition disposition,
            Instant endedAt, Integer talkSeconds) {
        boolean answered = disposition == Disposition.ANSWERED;
        return CallRecord.newBuilder()
                .setAttemptId(attemptId)
                .setCampaignId(campaignId)
                .setClientId(clientId)
                .setContactId("contact-" + attemptId)
                .setPhoneNumber("+1415555" + String.format("%04d", Math.abs(attemptId.hashCode()) % 10_000))
                .setAttemptNumber(1)
                .setCallerId("+14150000000")
                .setDisposition(disposition)
                .setFinalStatus(answered ? CallStatus.COMPLETED : CallStatus.valueOf(disposition.name()))
                .setPlivoRequestUuid("req-" + attemptId)
                .setPlivoCallUuid(answered ? "call-" + attemptId : null)
                .setHangupCause(answered ? "NORMAL_CLEARING" : "NO_ANSWER")
                .setHangupCauseCode(answered ? 4000 : 3010)
                .setMachineDetected(answered ? Boolean.FALSE : null)
                .setReservedAt(endedAt.minusSeconds(90))
                .setDialedAt(endedAt.minusSeconds(88))
                .setRingingAt(endedAt.minusSeconds(85))
                .setAnsweredAt(answered ? endedAt.minusSeconds(talkSeconds) : null)
                .setEndedAt(endedAt)
                .setDurationSeconds(talkSeconds)
                .setBillDurationSeconds(talkSeconds == null ? null : (talkSeconds + 59) / 60 * 60)
                .setReason(answered ? null : "no answer within the ring timeout")
                .build();
    }

    static CallRecord answered(String attemptId, String campaignId, String clientId, Instant endedAt, int talkSeconds) {
        return finished(attemptId, campaignId, clientId, Disposition.ANSWERED, endedAt, talkSeconds);
    }

    static CampaignSummary summary(String campaignId, String clientId, long answered, long noAnswer) {
        return CampaignSummary.newBuilder()
                .setCampaignId(campaignId)
                .setClientId(clientId)
                .setStatus(CampaignStatus.COMPLETED)
                .setContacts(answered + noAnswer)
                .setContactsFinished(answered + noAnswer)
                .setAttempts(answered + noAnswer)
                .setDispositions(Map.of("ANSWERED", answered, "NO_ANSWER", noAnswer))
                .setCreatedAt(BASE)
                .setUpdatedAt(BASE.plusSeconds(3600))
                .setCompletedAt(BASE.plusSeconds(3600))
                .build();
    }
}
