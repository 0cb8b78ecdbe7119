package com.dialer.status;

import com.dialer.avro.CallEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what happens to attempts, for one task: an event through the state machine into the
 * {@code attempts} store, each change into Redis ({@link HotState}, version-guarded), and the
 * outcome and record of a final state, exactly once per attempt (the {@code emitted} flag commits
 * with the outputs in the same transaction). Also what the reaper and the re-seed need: what to
 * do with an attempt that is due, and how to re-project a known one.
 */
final class AttemptLedger {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptLedger.class);

    private final AttemptStores stores;
    private final HotState hot;
    private final StatusConfig config;
    private final StatusMetrics metrics;
    private final ProcessorContext<String, Object> context;
    private final OverdueCalls overdue;

    AttemptLedger(AttemptStores stores, HotState hot, StatusConfig config, StatusMetrics metrics,
                  ProcessorContext<String, Object> context, OverdueCalls overdue) {
        this.overdue = overdue;
        this.stores = stores;
        this.hot = hot;
        this.config = config;
        this.metrics = metrics;
        this.context = context;
    }

    /**
     * @param timestamp the time of the output records
     * @param now       the wall clock, for how long a final attempt waits for its identity
     */
    Attempt.Absorbed apply(CallEvent event, long timestamp, long now) {
        Attempt before = stores.attempts.get(event.getAttemptId());
        Attempt after = before == null ? Attempt.of(event.getAttemptId()) : before.copy();
        Attempt.Absorbed what = after.absorb(event);
        switch (what) {
            case ADVANCED -> metrics.applied();
            case FILLED -> metrics.filled();
            case UNCHANGED -> {
                metrics.duplicate();
                return what;
            }
        }
        project(before, after);
        emitWhenAttributable(after, timestamp, now);
        after.dueAt(dueAt(after, now));
        stores.save(before, after);
        return what;
    }

    /**
     * The reaper found {@code attemptId} due at {@code dueAt}: a live attempt past its lease is
     * finalised as TIMEOUT, a final one whose identity wait is over gets its outcome (or is
     * reported unattributable), and one past its retention is forgotten.
     *
     * @param clock the reaper's time (the wall clock held back while reading a backlog)
     */
    void due(String deadlineKey, String attemptId, long dueAt, long clock, long wall) {
        Attempt before = stores.attempts.get(attemptId);
        if (before == null || before.dueAt() != dueAt) {
            stores.deadlines.delete(deadlineKey); // stale: the attempt was forgotten or moved
            return;
        }
        if (!before.isFinal()) {
            long deadline = before.leaseDeadline(config);
            if (deadline > clock) {
                Attempt after = before.copy(); // an event taught a longer life since it was indexed, or it is overdue
                long overdueAt = before.overdueAt(config);
                if (overdue.enabled() && overdueAt <= clock) {
                    // no news for longer than plausible: ask Plivo, off this thread; a finished call's record
                    // comes back as its hangup event
                    overdue.check(before.overdueCall(config));
                    after.reconcileAsked(clock, overdueAt);
                    metrics.overdue();
                }
                after.dueAt(liveDue(after));
                stores.save(before, after);
                return;
            }
            CallEvent timeout = before.timeoutEvent(wall, deadline);
            apply(timeout, wall, wall);
            metrics.reaped();
            // on call-events too, so the archive of events and any replay see the reaper's verdict
            context.forward(new Record<String, Object>(attemptId, timeout, wall), StatusTopology.REAPER_EVENTS_SINK);
            return;
        }
        long giveUpAt = before.holdUntil() == null ? 0L : before.holdUntil() + config.attemptRetention().toMillis();
        if (!before.emitted() && clock < giveUpAt) {
            Attempt after = before.copy();
            emitWhenAttributable(after, wall, clock);
            if (after.emitted()) {
                after.dueAt(clock + config.attemptRetention().toMillis());
            } else {
                metrics.unattributable();
                LOG.warn("attempt {} ended {} but its campaign, client, contact or attempt number is still unknown: "
                        + "no outcome emitted; an event naming them before {} still emits it", attemptId, before.state(),
                        java.time.Instant.ofEpochMilli(giveUpAt));
                after.dueAt(giveUpAt);
            }
            stores.save(before, after);
            return;
        }
        stores.forget(before);
    }

    /** A live attempt is due at its lease deadline, or sooner when it will be overdue for a look at Plivo. */
    private long liveDue(Attempt a) {
        long deadline = a.leaseDeadline(config);
        return overdue.enabled() ? Math.min(deadline, a.overdueAt(config)) : deadline;
    }

    /** Re-projects a known attempt into an emptied Redis (hash, counters, live lease, dial guard). */
    boolean restore(Attempt attempt) {
        if (!attempt.projectable() || attempt.version() == 0) {
            return false;
        }
        hot.restore(attempt.change(attempt.leaseDeadline(config)));
        return true;
    }

    private void project(Attempt before, Attempt after) {
        if (!after.projectable()) {
            return; // no client yet: nothing to key it by; projected in full once an event names it
        }
        if (after.projectedVersion() < after.version()) {
            hot.project(after.change(after.leaseDeadline(config)));
            after.projected();
            return;
        }
        Map<String, String> added = new LinkedHashMap<>(after.hashFields());
        added.keySet().removeAll(before.hashFields().keySet());
        if (!added.isEmpty()) {
            hot.fillIn(after.clientId(), after.attemptId(), added);
        }
    }

    /**
     * Emits the outcome (key campaignId) and record (key attemptId) of a final attempt once it is
     * attributable; without a phone number it waits {@code IDENTITY_WAIT_SECONDS} for the event
     * that brings it.
     */
    private void emitWhenAttributable(Attempt a, long timestamp, long now) {
        if (!a.isFinal() || a.emitted()) {
            return;
        }
        if (a.holdUntil() == null) {
            a.holdUntil(now + config.identityWait().toMillis());
        }
        boolean waitedEnough = now >= a.holdUntil();
        if (a.attributable() && (a.phoneNumber() != null || waitedEnough)) {
            context.forward(new Record<String, Object>(a.campaignId(), a.outcome(), timestamp), StatusTopology.OUTCOMES_SINK);
            context.forward(new Record<String, Object>(a.attemptId(), a.record(), timestamp), StatusTopology.RECORDS_SINK);
            a.markEmitted();
            metrics.emitted();
            LOG.info("attempt {}: ended {}", a.attemptId(), a.state());
        }
    }

    private long dueAt(Attempt a, long now) {
        if (!a.isFinal()) {
            return liveDue(a);
        }
        if (!a.emitted()) {
            return a.holdUntil(); // in the past when it waited already: the reaper reports it at once
        }
        return now + config.attemptRetention().toMillis();
    }
}
