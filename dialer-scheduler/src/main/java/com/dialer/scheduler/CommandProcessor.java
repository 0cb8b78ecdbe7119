package com.dialer.scheduler;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignStatus;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.CommandType;
import com.dialer.avro.DialRequest;
import com.dialer.avro.Disposition;
import com.dialer.schemas.AvroSerde;

/**
 * Applies campaign commands: create and update keep the settings (an update before its create
 * creates); pause, resume and cancel move the status, and go to the DLQ for a campaign the
 * scheduler has never heard of.
 */
final class CommandProcessor implements Processor<String, Object, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);
    private final AvroSerde<CampaignCommand> serde = AvroSerde.of(CampaignCommand.class);
    private final String topic;
    private final String dlqSink;
    private final SchedulerMeters meters;
    private SchedulerStores stores;
    private CampaignLedger ledger;
    private DeadLetters deadLetters;

    CommandProcessor(String topic, String dlqSink, SchedulerMeters meters) {
        this.meters = meters;
        this.topic = topic;
        this.dlqSink = dlqSink;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        stores = new SchedulerStores(context);
        ledger = new CampaignLedger(stores, context);
        deadLetters = new DeadLetters(context, topic, dlqSink, meters);
    }

    @Override
    public void process(Record<String, Object> record) {
        CampaignCommand command = (CampaignCommand) record.value();
        String campaignId = command.getCampaignId();
        CampaignCommand known = stores.settings.get(campaignId);
        boolean changesStatus = command.getType() != CommandType.CREATE && command.getType() != CommandType.UPDATE_SETTINGS;
        if (changesStatus && known == null && stores.progress.get(campaignId) == null) {
            deadLetters.send(record, serde.serialize(topic, command),
                    command.getType() + " for campaign '" + campaignId + "', which has no CREATE and no contacts", null);
            return;
        }
        String owner = known != null ? known.getClientId() : ownerOf(campaignId);
        if (owner != null && !owner.equals(command.getClientId())) {
            // campaign ids are global: another client's command would change, pause or cancel this client's campaign
            deadLetters.send(record, serde.serialize(topic, command), command.getType() + " for campaign '" + campaignId
                    + "' from client '" + command.getClientId() + "': the campaign belongs to another client", null);
            return;
        }
        switch (command.getType()) {
            case CREATE, UPDATE_SETTINGS -> keepSettings(command, known);
            case PAUSE -> moveStatus(campaignId, CampaignStatus.RUNNING, CampaignStatus.PAUSED);
            case RESUME -> moveStatus(campaignId, CampaignStatus.PAUSED, CampaignStatus.RUNNING);
            case CANCEL -> cancel(campaignId, command.getReason());
            case UNKNOWN -> LOG.warn("ignoring command {} of unknown type", command.getCommandId());
        }
    }

    /**
     * The client of a campaign known only by its progress, or null: contacts that came before any CREATE leave the
     * summary's client blank (no owner yet), the first CREATE then names it.
     */
    private String ownerOf(String campaignId) {
        CampaignSummary summary = stores.progress.get(campaignId);
        return summary == null || summary.getClientId() == null || summary.getClientId().isBlank() ? null : summary.getClientId();
    }

    private void keepSettings(CampaignCommand command, CampaignCommand known) {
        // a replayed CREATE or an UPDATE before the CREATE both leave one campaign with the newest settings
        CampaignCommand kept = known == null ? command : known;
        kept.setSettings(command.getSettings());
        stores.settings.put(command.getCampaignId(), kept);
        CampaignSummary summary = ledger.progress(command.getCampaignId());
        summary.setClientId(kept.getClientId());
        ledger.save(summary);
        ledger.completeIfDone(command.getCampaignId());
    }

    private void moveStatus(String campaignId, CampaignStatus from, CampaignStatus to) {
        CampaignSummary summary = ledger.progress(campaignId);
        if (summary.getStatus() == from) {
            summary.setStatus(to);
            ledger.save(summary);
        }
    }

    private void cancel(String campaignId, String reason) {
        CampaignSummary summary = ledger.progress(campaignId);
        if (summary.getStatus() == CampaignStatus.CANCELLED || summary.getStatus() == CampaignStatus.COMPLETED) {
            return;
        }
        summary.setStatus(CampaignStatus.CANCELLED);
        ledger.save(summary);
        List<KeyValue<String, DialRequest>> waiting = new ArrayList<>();
        try (KeyValueIterator<String, DialRequest> it = stores.pending.range(PendingKey.from(campaignId),
                PendingKey.end(campaignId))) {
            it.forEachRemaining(waiting::add);
        }
        String why = reason == null ? "campaign cancelled" : "campaign cancelled: " + reason;
        for (KeyValue<String, DialRequest> entry : waiting) {
            stores.pending.delete(entry.key);
            DialRequest contact = entry.value;
            ledger.finishedByScheduler(campaignId, contact.getContactId(), contact.getPhoneNumber(),
                    Disposition.CANCELLED, why);
        }
        // live attempts finish as cancelled when their outcome comes back
        ledger.completeIfDone(campaignId);
    }
}
