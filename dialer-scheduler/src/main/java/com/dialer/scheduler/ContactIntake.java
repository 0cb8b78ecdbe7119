package com.dialer.scheduler;

import java.time.Instant;
import java.util.HashMap;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CampaignStatus;
import com.dialer.avro.Contact;
import com.dialer.avro.DialRequest;
import com.dialer.avro.Disposition;

/**
 * Takes contacts in: normalises the number, drops duplicates, finalises invalid and DNC numbers,
 * and files the rest as pending, due now (the calling window is applied at release, against the
 * settings in force then). Also owns its task's wall-clock punctuators: releases and periodic summaries.
 */
final class ContactIntake implements Processor<String, Object, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(ContactIntake.class);
    private final ContactNumbers numbers;
    private final SchedulerConfig config;
    private final Pacing pacing;
    private final SchedulerMeters meters;
    private SchedulerStores stores;
    private CampaignLedger ledger;
    private ProcessorContext<String, Object> context;

    ContactIntake(SchedulerConfig config, Pacing pacing, SchedulerMeters meters) {
        this.config = config;
        this.meters = meters;
        this.pacing = pacing;
        this.numbers = new ContactNumbers(config.defaultRegion(), config.defaultZone(), config.numbers());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        stores = new SchedulerStores(context);
        ledger = new CampaignLedger(stores, context);
        WaitingContacts waiting = new WaitingContacts();
        ReleasePunctuator releases = new ReleasePunctuator(context, stores, ledger, config, pacing, waiting, meters);
        context.schedule(config.tick(), PunctuationType.WALL_CLOCK_TIME, releases::punctuate);
        SummaryPunctuator summaries = new SummaryPunctuator(context, stores, waiting, config.defaultZone());
        context.schedule(config.summaryInterval(), PunctuationType.WALL_CLOCK_TIME, summaries::punctuate);
    }

    @Override
    public void process(Record<String, Object> record) {
        Contact contact = (Contact) record.value();
        String campaignId = contact.getCampaignId();
        String contactKey = CampaignLedger.contactKey(campaignId, contact.getContactId());
        if (stores.contacts.get(contactKey) != null) {
            LOG.debug("duplicate contact {} of campaign {} ignored", contact.getContactId(), campaignId);
            return;
        }
        ledger.contactArrived(campaignId);
        stores.contacts.put(contactKey, "P|1");
        var settings = stores.settings.get(campaignId);
        String clientId = settings == null ? null : settings.getClientId();
        switch (numbers.check(contact, clientId)) {
            case ContactNumbers.Invalid invalid ->
                    ledger.finishedByScheduler(campaignId, contact.getContactId(), contact.getPhoneNumber(),
                            Disposition.INVALID, invalid.reason());
            case ContactNumbers.Dialable dialable -> file(contact, dialable, clientId);
        }
    }

    private void file(Contact contact, ContactNumbers.Dialable dialable, String clientId) {
        String campaignId = contact.getCampaignId();
        String numberKey = CampaignLedger.contactKey(campaignId, "#" + dialable.e164());
        String holder = stores.contacts.get(numberKey);
        if (holder != null) {
            ledger.finishedByScheduler(campaignId, contact.getContactId(), dialable.e164(), Disposition.INVALID,
                    "duplicate: number already in this campaign as contact " + holder);
            return;
        }
        stores.contacts.put(numberKey, contact.getContactId());
        if (stores.doNotCall(clientId, dialable.e164())) {
            ledger.finishedByScheduler(campaignId, contact.getContactId(), dialable.e164(), Disposition.DNC,
                    "number is on the do-not-call list");
            return;
        }
        if (ledger.progress(campaignId).getStatus() == CampaignStatus.CANCELLED) {
            ledger.finishedByScheduler(campaignId, contact.getContactId(), dialable.e164(), Disposition.CANCELLED,
                    "campaign cancelled");
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        var settings = stores.settings.get(campaignId);
        if (settings != null && CampaignSchedule.ended(settings.getSettings(), now)) {
            ledger.finishedByScheduler(campaignId, contact.getContactId(), dialable.e164(), Disposition.EXPIRED,
                    CampaignSchedule.expiredReason(settings.getSettings()));
            return;
        }
        stores.pending.put(PendingKey.of(campaignId, now, contact.getContactId()).encoded(),
                template(contact, dialable, clientId, now));
    }

    /** The contact as the next dial request will carry it; campaign settings are filled in at release. */
    static DialRequest template(Contact contact, ContactNumbers.Dialable dialable, String clientId, Instant now) {
        return DialRequest.newBuilder()
                .setAttemptId("")
                .setCampaignId(contact.getCampaignId())
                .setClientId(clientId == null ? "" : clientId)
                .setContactId(contact.getContactId())
                .setPhoneNumber(dialable.e164())
                .setTimeZone(dialable.zones().encoded())
                .setAttemptNumber(1)
                .setCallerId("")
                .setRingTimeoutSeconds(0)
                .setTimeLimitSeconds(0)
                .setAnswer(AnswerSettings.newBuilder().build())
                .setAttributes(new HashMap<>(contact.getAttributes()))
                .setReleasedAt(now)
                .build();
    }
}
