package com.dialer.scheduler;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

import com.dialer.avro.DialRequest;

/**
 * What a campaign's contacts not yet called are waiting for, so that {@code campaign status} and the
 * live page can say it: a contact held back to a later time carries the scheduler's note
 * ({@code DialRequest.waitingFor}: WINDOW, HOLIDAY, RETRY, RECIPIENT_*); a contact already due waits for what held its
 * campaign back in the last release round (SLOT: the client or the campaign at its cap; RATE: a rate
 * limit; SCHEDULE: the campaign's startAt not reached), else it goes out next (DUE). One per stream task, shared by its release and summary punctuators.
 */
final class WaitingContacts {
    static final String WINDOW = "WINDOW";
    static final String HOLIDAY = "HOLIDAY";
    static final String RETRY = "RETRY";
    static final String SLOT = "SLOT";
    static final String RATE = "RATE";
    static final String SCHEDULE = "SCHEDULE";
    static final String DUE = "DUE";
    /** A campaign with more pending contacts is counted this far (the counts say "at least" past it). */
    static final int MOST_COUNTED = 200_000;

    private final Map<String, String> dueHeldBy = new HashMap<>();

    /** What a campaign's due contacts waited for in its last release round; null when nothing held them. */
    void heldBy(String campaignId, String reason) {
        if (reason == null) {
            dueHeldBy.remove(campaignId);
        } else {
            dueHeldBy.put(campaignId, reason);
        }
    }

    /** A campaign's waiting contacts by reason, and when its first contact waiting for a window may be called. */
    record Tally(Map<String, Long> byReason, Instant nextWindowOpensAt, String nextWindowZone) {
    }

    Tally tally(SchedulerStores stores, String campaignId, long now, ZoneId defaultZone) {
        Map<String, Long> byReason = new TreeMap<>();
        long firstWindow = Long.MAX_VALUE;
        String firstWindowZone = null;
        int counted = 0;
        try (KeyValueIterator<String, DialRequest> it = stores.pending.range(PendingKey.from(campaignId), PendingKey.end(campaignId))) {
            while (it.hasNext() && counted++ < MOST_COUNTED) {
                KeyValue<String, DialRequest> entry = it.next();
                long due = PendingKey.dueOf(entry.key);
                String reason;
                if (due <= now) {
                    reason = dueHeldBy.getOrDefault(campaignId, DUE);
                } else {
                    reason = entry.value.getWaitingFor() != null ? entry.value.getWaitingFor() : DUE;
                    if ((WINDOW.equals(reason) || HOLIDAY.equals(reason)) && due < firstWindow) {
                        firstWindow = due;
                        firstWindowZone = ContactZones.parse(entry.value.getTimeZone()).primary().getId();
                    }
                }
                byReason.merge(reason, 1L, Long::sum);
            }
        }
        return new Tally(byReason, firstWindow == Long.MAX_VALUE ? null : Instant.ofEpochMilli(firstWindow),
                firstWindowZone == null && firstWindow != Long.MAX_VALUE ? defaultZone.getId() : firstWindowZone);
    }
}
