package com.dialer.scheduler;

import java.time.Instant;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.CallOutcome;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignStatus;
import com.dialer.avro.DialRequest;
import com.dialer.avro.Disposition;
import com.dialer.avro.RetryPolicy;
import com.dialer.avro.RetryRule;
import com.dialer.schemas.AvroSerde;

/**
 * Reads the final outcome of each attempt: queues the number to be freed for the client's other
 * campaigns (the release punctuator frees it in Redis), and either files the next attempt after
 * the policy's delay or finishes the contact. An outcome for a contact the scheduler never took
 * goes to the DLQ.
 */
final class OutcomeProcessor implements Processor<String, Object, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeProcessor.class);
    private final AvroSerde<CallOutcome> serde = AvroSerde.of(CallOutcome.class);
    private final String topic;
    private final String dlqSink;
    private final SchedulerMeters meters;
    private SchedulerStores stores;
    private CampaignLedger ledger;
    private ProcessorContext<String, Object> context;
    private DeadLetters deadLetters;

    OutcomeProcessor(String topic, String dlqSink, SchedulerMeters meters) {
        this.meters = meters;
        this.topic = topic;
        this.dlqSink = dlqSink;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        stores = new SchedulerStores(context);
        ledger = new CampaignLedger(stores, context);
        deadLetters = new DeadLetters(context, topic, dlqSink, meters);
    }

    @Override
    public void process(Record<String, Object> record) {
        CallOutcome outcome = (CallOutcome) record.value();
        if (outcome.getAttemptNumber() == 0) {
            return; // our own final dispositions, read back from call-outcomes
        }
        String campaignId = outcome.getCampaignId();
        String contactKey = CampaignLedger.contactKey(campaignId, outcome.getContactId());
        String state = stores.contacts.get(contactKey);
        if (state == null) {
            deadLetters.send(record, serde.serialize(topic, outcome), "outcome of attempt '" + outcome.getAttemptId()
                    + "' for a contact this scheduler never took: campaign '" + campaignId + "', contact '"
                    + outcome.getContactId() + "'", null);
            return;
        }
        if (!("L|" + outcome.getAttemptNumber()).equals(state)) {
            // a duplicate outcome, or one for an attempt already superseded: the first one counted
            LOG.debug("outcome {} ignored, contact state {}", outcome.getAttemptId(), state);
            return;
        }
        DialRequest released = stores.live.get(contactKey);
        stores.live.delete(contactKey);
        if (released != null) {
            freeRecipient(released);
        }
        Disposition disposition = outcome.getDisposition();
        if (disposition == Disposition.ANSWERED) {
            ledger.finishedByAttempt(campaignId, outcome.getContactId(), disposition);
            return;
        }
        CampaignCommand campaign = stores.settings.get(campaignId);
        RetryRule rule = campaign == null ? null : rule(campaign.getSettings().getRetryPolicy(), disposition);
        if (rule == null) {
            ledger.finishedByScheduler(campaignId, outcome.getContactId(), outcome.getPhoneNumber(), disposition,
                    "not retried: " + disposition);
        } else if (ledger.progress(campaignId).getStatus() == CampaignStatus.CANCELLED) {
            ledger.finishedByScheduler(campaignId, outcome.getContactId(), outcome.getPhoneNumber(),
                    Disposition.CANCELLED, "campaign cancelled after attempt " + outcome.getAttemptNumber());
        } else if (outcome.getAttemptNumber() >= rule.getMaxAttempts()) {
            ledger.finishedByScheduler(campaignId, outcome.getContactId(), outcome.getPhoneNumber(), disposition,
                    "retries exhausted after " + outcome.getAttemptNumber() + " attempts");
        } else if (CampaignSchedule.ended(campaign.getSettings(), Instant.ofEpochMilli(context.currentSystemTimeMs()))) {
            // the attempt was live at the end and finished normally and would be retried; no retry starts after it
            ledger.finishedByScheduler(campaignId, outcome.getContactId(), outcome.getPhoneNumber(),
                    Disposition.EXPIRED, CampaignSchedule.expiredReason(campaign.getSettings()));
        } else if (released != null) {
            retry(released, rule);
        } else {
            ledger.finishedByScheduler(campaignId, outcome.getContactId(), outcome.getPhoneNumber(), disposition,
                    "no record of the released attempt to retry");
        }
    }

    private void retry(DialRequest released, RetryRule rule) {
        int next = released.getAttemptNumber() + 1;
        Instant due = Instant.ofEpochMilli(context.currentSystemTimeMs()).plusSeconds(rule.getDelaySeconds());
        DialRequest template = DialRequest.newBuilder(released).setAttemptNumber(next).setAttemptId("")
                .setWaitingFor(WaitingContacts.RETRY).build();
        stores.pending.put(PendingKey.of(released.getCampaignId(), due, released.getContactId()).encoded(), template);
        stores.contacts.put(CampaignLedger.contactKey(released.getCampaignId(), released.getContactId()), "P|" + next);
    }

    private void freeRecipient(DialRequest released) {
        stores.recipientFrees.put(released.getAttemptId(), released.getClientId() + "|" + released.getPhoneNumber());
    }

    private static RetryRule rule(RetryPolicy policy, Disposition disposition) {
        return switch (disposition) {
            case BUSY -> policy.getBusy();
            case NO_ANSWER -> policy.getNoAnswer();
            case FAILED -> policy.getFailed();
            case MACHINE -> policy.getMachine();
            default -> null;
        };
    }
}
