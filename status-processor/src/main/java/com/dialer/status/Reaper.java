package com.dialer.status;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Finds attempts that are due — live past their lease deadline (no final event came: a lost
 * webhook, a crashed executor), final and done waiting for their identity, or past their
 * retention — with one range scan of the deadline index up to now, at most
 * {@code REAPER_MAX_PER_RUN} per run; the rest are next in line at the next run.
 */
final class Reaper implements Punctuator {
    private final AttemptStores stores;
    private final AttemptLedger ledger;
    private final ReaperClock clock;
    private final int maxPerRun;

    Reaper(AttemptStores stores, AttemptLedger ledger, ReaperClock clock, int maxPerRun) {
        this.stores = stores;
        this.ledger = ledger;
        this.clock = clock;
        this.maxPerRun = maxPerRun;
    }

    @Override
    public void punctuate(long wall) {
        OptionalLong tick = clock.tick(wall);
        if (tick.isEmpty()) {
            return;
        }
        long now = tick.getAsLong();
        // collected first: the handling moves entries of the index being iterated
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = stores.deadlines.range(null, AttemptStores.dueBound(now))) {
            while (it.hasNext() && due.size() < maxPerRun) {
                due.add(it.next());
            }
        }
        for (KeyValue<String, String> entry : due) {
            long dueAt = Long.parseLong(entry.key.substring(0, entry.key.indexOf('|')));
            ledger.due(entry.key, entry.value, dueAt, now, wall);
        }
    }
}
