package com.dialer.scheduler;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

import com.dialer.avro.CampaignStatus;
import com.dialer.avro.CampaignSummary;

/**
 * Every {@code SUMMARY_INTERVAL_MS} of wall-clock time, a RUNNING or PAUSED summary of each of the
 * task's campaigns whose totals, status or waiting contacts ({@link WaitingContacts}) changed since its last one (the final COMPLETED or
 * CANCELLED summary is the ledger's). What was last sent is remembered in memory only: after a
 * restart or a move to another instance each open campaign gets one summary more, never one less.
 */
final class SummaryPunctuator {
    private final ProcessorContext<String, Object> context;
    private final SchedulerStores stores;
    private final WaitingContacts waiting;
    private final ZoneId defaultZone;
    private final Map<String, Totals> lastSent = new HashMap<>();

    /** What a periodic summary reports, without the times that change on every save. */
    private record Totals(CampaignStatus status, long contacts, long finished, long attempts, Map<String, Long> dispositions,
                          Map<String, Long> waiting, Long nextWindowOpensAt) {
        static Totals of(CampaignSummary s) {
            return new Totals(s.getStatus(), s.getContacts(), s.getContactsFinished(), s.getAttempts(),
                    Map.copyOf(s.getDispositions()), Map.copyOf(s.getWaiting()),
                    s.getNextWindowOpensAt() == null ? null : s.getNextWindowOpensAt().toEpochMilli());
        }
    }

    SummaryPunctuator(ProcessorContext<String, Object> context, SchedulerStores stores, WaitingContacts waiting, ZoneId defaultZone) {
        this.context = context;
        this.stores = stores;
        this.waiting = waiting;
        this.defaultZone = defaultZone;
    }

    void punctuate(long now) {
        try (KeyValueIterator<String, CampaignSummary> it = stores.progress.all()) {
            while (it.hasNext()) {
                CampaignSummary summary = it.next().value;
                String campaignId = summary.getCampaignId();
                boolean open = summary.getStatus() == CampaignStatus.RUNNING || summary.getStatus() == CampaignStatus.PAUSED;
                // a campaign known only from early contacts has no client yet: nothing to report it under
                if (!open || stores.settings.get(campaignId) == null) {
                    lastSent.remove(campaignId);
                    continue;
                }
                // what its contacts wait for goes out with each summary; the ledger's own copy stays counters only
                WaitingContacts.Tally tally = waiting.tally(stores, campaignId, now, defaultZone);
                summary = CampaignSummary.newBuilder(summary).setWaiting(Map.copyOf(tally.byReason()))
                        .setNextWindowOpensAt(tally.nextWindowOpensAt()).setNextWindowZone(tally.nextWindowZone()).build();
                Totals totals = Totals.of(summary);
                if (!totals.equals(lastSent.get(campaignId))) {
                    context.forward(new Record<String, Object>(campaignId, summary, now), SchedulerTopology.SUMMARIES_SINK);
                    lastSent.put(campaignId, totals);
                }
            }
        }
    }
}
