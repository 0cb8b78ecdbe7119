package com.dialer.scheduler;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import com.dialer.avro.CallOutcome;
import com.dialer.avro.CallStatus;
import com.dialer.avro.CampaignStatus;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.Disposition;

/**
 * The books of a campaign: how many contacts came in, how many have a final disposition, and the
 * summary emitted when the last one does. Also writes the final disposition of contacts the
 * scheduler decides itself (invalid, DNC, cancelled, expired, retries exhausted) as a {@link CallOutcome}
 * with attempt number 0 and attemptId {@code <campaignId>:<contactId>:0}, so every contact ends
 * in exactly one final record on call-outcomes (see README).
 */
final class CampaignLedger {
    private final SchedulerStores stores;
    private final ProcessorContext<String, Object> context;

    CampaignLedger(SchedulerStores stores, ProcessorContext<String, Object> context) {
        this.stores = stores;
        this.context = context;
    }

    static String contactKey(String campaignId, String contactId) {
        return campaignId + "|" + contactId;
    }

    static String attemptId(String campaignId, String contactId, int attemptNumber) {
        return campaignId + ":" + contactId + ":" + attemptNumber;
    }

    CampaignSummary progress(String campaignId) {
        CampaignSummary summary = stores.progress.get(campaignId);
        if (summary != null) {
            return summary;
        }
        Instant now = now();
        var settings = stores.settings.get(campaignId);
        return CampaignSummary.newBuilder().setCampaignId(campaignId)
                .setClientId(settings == null ? "" : settings.getClientId())
                .setStatus(CampaignStatus.RUNNING).setContacts(0).setContactsFinished(0).setAttempts(0)
                .setDispositions(new HashMap<>()).setCreatedAt(now).setUpdatedAt(now).build();
    }

    void save(CampaignSummary summary) {
        summary.setUpdatedAt(now());
        stores.progress.put(summary.getCampaignId(), summary);
    }

    /** A new contact: a completed campaign is running again until this one is finished too. */
    void contactArrived(String campaignId) {
        CampaignSummary summary = progress(campaignId);
        summary.setContacts(summary.getContacts() + 1);
        if (summary.getStatus() == CampaignStatus.COMPLETED) {
            summary.setStatus(CampaignStatus.RUNNING);
            summary.setCompletedAt(null);
        }
        save(summary);
    }

    void attemptReleased(String campaignId) {
        CampaignSummary summary = progress(campaignId);
        summary.setAttempts(summary.getAttempts() + 1);
        save(summary);
    }

    /** The contact's attempt outcome is its final disposition (ANSWERED): nothing more to write. */
    void finishedByAttempt(String campaignId, String contactId, Disposition disposition) {
        recordFinal(campaignId, contactId, disposition);
    }

    /** The scheduler decides the contact's final disposition and writes it to call-outcomes. */
    void finishedByScheduler(String campaignId, String contactId, String phoneNumber, Disposition disposition,
                             String reason) {
        recordFinal(campaignId, contactId, disposition);
        var settings = stores.settings.get(campaignId);
        CallOutcome outcome = CallOutcome.newBuilder()
                .setAttemptId(attemptId(campaignId, contactId, 0))
                .setCampaignId(campaignId)
                .setClientId(settings == null ? "" : settings.getClientId())
                .setContactId(contactId)
                .setPhoneNumber(phoneNumber == null ? "" : phoneNumber)
                .setAttemptNumber(0)
                .setDisposition(disposition)
                .setFinalStatus(finalStatus(disposition))
                .setReason(reason)
                .setDecidedAt(now())
                .build();
        context.forward(new Record<String, Object>(campaignId, outcome, context.currentSystemTimeMs()),
                SchedulerTopology.OUTCOMES_SINK);
    }

    private void recordFinal(String campaignId, String contactId, Disposition disposition) {
        stores.contacts.put(contactKey(campaignId, contactId), "F|" + disposition.name());
        CampaignSummary summary = progress(campaignId);
        summary.setContactsFinished(summary.getContactsFinished() + 1);
        Map<String, Long> dispositions = new HashMap<>(summary.getDispositions());
        dispositions.merge(disposition.name(), 1L, Long::sum);
        summary.setDispositions(dispositions);
        save(summary);
        completeIfDone(campaignId);
    }

    /** Emits the summary once every contact of a known campaign has its final disposition. */
    void completeIfDone(String campaignId) {
        CampaignSummary summary = progress(campaignId);
        var settings = stores.settings.get(campaignId);
        boolean open = summary.getCompletedAt() == null;
        if (settings == null || !open || summary.getContacts() == 0
                || summary.getContactsFinished() < summary.getContacts()) {
            return;
        }
        if (summary.getStatus() != CampaignStatus.CANCELLED) {
            summary.setStatus(CampaignStatus.COMPLETED);
        }
        summary.setClientId(settings.getClientId());
        summary.setCompletedAt(now());
        save(summary);
        context.forward(new Record<String, Object>(campaignId, summary, context.currentSystemTimeMs()),
                SchedulerTopology.SUMMARIES_SINK);
    }

    private static CallStatus finalStatus(Disposition disposition) {
        return switch (disposition) {
            case ANSWERED -> CallStatus.COMPLETED;
            case BUSY -> CallStatus.BUSY;
            case NO_ANSWER -> CallStatus.NO_ANSWER;
            case FAILED -> CallStatus.FAILED;
            case MACHINE -> CallStatus.MACHINE;
            case TIMEOUT -> CallStatus.TIMEOUT;
            // never dialed: the attempt was cancelled before it started
            case CANCELLED, DNC, INVALID, EXPIRED -> CallStatus.CANCELLED;
            case UNKNOWN -> CallStatus.UNKNOWN;
        };
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
