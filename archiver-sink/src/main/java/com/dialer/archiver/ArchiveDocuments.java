package com.dialer.archiver;

import java.util.Date;

import org.bson.Document;

import com.dialer.avro.CallRecord;
import com.dialer.avro.CampaignSummary;

/**
 * The archive's document shape: field names exactly as the Avro fields, {@code _id} the business id
 * (so an upsert by {@code _id} makes any replay harmless), times as BSON dates.
 */
public final class ArchiveDocuments {

    private ArchiveDocuments() {
    }

    public static Document call(CallRecord r) {
        return new Document("_id", r.getAttemptId())
                .append("attemptId", r.getAttemptId())
                .append("campaignId", r.getCampaignId())
                .append("clientId", r.getClientId())
                .append("contactId", r.getContactId())
                .append("phoneNumber", r.getPhoneNumber())
                .append("attemptNumber", r.getAttemptNumber())
                .append("callerId", r.getCallerId())
                .append("disposition", r.getDisposition().name())
                .append("finalStatus", r.getFinalStatus().name())
                .append("plivoRequestUuid", r.getPlivoRequestUuid())
                .append("plivoCallUuid", r.getPlivoCallUuid())
                .append("hangupCause", r.getHangupCause())
                .append("hangupCauseCode", r.getHangupCauseCode())
                .append("machineDetected", r.getMachineDetected())
                .append("reservedAt", date(r.getReservedAt()))
                .append("dialedAt", date(r.getDialedAt()))
                .append("ringingAt", date(r.getRingingAt()))
                .append("answeredAt", date(r.getAnsweredAt()))
                .append("endedAt", date(r.getEndedAt()))
                .append("durationSeconds", r.getDurationSeconds())
                .append("billDurationSeconds", r.getBillDurationSeconds())
                .append("reason", r.getReason());
    }

    public static Document campaign(CampaignSummary s) {
        Document dispositions = new Document();
        s.getDispositions().forEach((name, count) -> dispositions.append(name.toString(), count));
        Document waiting = new Document();
        s.getWaiting().forEach((reason, count) -> waiting.append(reason.toString(), count));
        return new Document("_id", s.getCampaignId())
                .append("campaignId", s.getCampaignId())
                .append("clientId", s.getClientId())
                .append("status", s.getStatus().name())
                .append("contacts", s.getContacts())
                .append("contactsFinished", s.getContactsFinished())
                .append("attempts", s.getAttempts())
                .append("dispositions", dispositions)
                .append("createdAt", date(s.getCreatedAt()))
                .append("updatedAt", date(s.getUpdatedAt()))
                .append("completedAt", date(s.getCompletedAt()))
                .append("waiting", waiting)
                .append("nextWindowOpensAt", date(s.getNextWindowOpensAt()))
                .append("nextWindowZone", s.getNextWindowZone() == null ? null : s.getNextWindowZone().toString());
    }

    private static Date date(java.time.Instant t) {
        return t == null ? null : Date.from(t);
    }
}
