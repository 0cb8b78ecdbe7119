package com.dialer.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.CallingWindow;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.CampaignStatus;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.DialRequest;
import com.dialer.avro.Disposition;
import com.dialer.schemas.CallContext;
import com.dialer.state.ratelimit.RateBucket;
import com.dialer.state.ratelimit.RateGrant;
import com.dialer.state.ratelimit.RateLimit;
import com.dialer.state.recipients.RecipientAttempt;
import com.dialer.state.recipients.RecipientVerdict;

import io.lettuce.core.RedisException;

/**
 * Releases dial requests on the wall clock. Each tick adds the budget the elapsed time earned at
 * the global rate, shares it between running campaigns by weight (deficit round robin: a campaign
 * with nothing due forfeits its deficit, so a huge campaign cannot starve a small one), and for
 * each campaign takes tokens for its due contacts from the shared limiter in one call. A deny
 * carries the wait, and the scheduler leaves that bucket alone for that long instead of spinning.
 * The tokens granted go to due contacts whose numbers the recipient rules (in Redis, shared by
 * every partition and instance) let be called now.
 */
final class ReleasePunctuator {
    private static final Logger LOG = LoggerFactory.getLogger(ReleasePunctuator.class);
    private static final int GLOBAL_BUCKET = 0;
    private static final Duration LIVE_MARGIN = Duration.ofSeconds(60);
    /** A campaign that had nothing to release last round still posts a little weight, so it is tried again. */
    private static final double IDLE_WEIGHT = 0.1;

    private final ProcessorContext<String, Object> context;
    private final SchedulerStores stores;
    private final CampaignLedger ledger;
    private final SchedulerConfig config;
    private final Pacing pacing;
    private final WaitingContacts waiting;
    private final SchedulerMeters meters;
    private final Map<String, Double> deficits = new HashMap<>();
    private final Map<String, Long> campaignBlockedUntil = new HashMap<>();
    private final Map<String, Integer> mirroredCaps = new HashMap<>();
    private final java.util.Set<String> idle = new java.util.HashSet<>();
    private final String member;
    private long globalBlockedUntil;
    private long lastTick = -1;
    private double budget;
    /** This task's last posted weight was above 0: it posts 0 once before it goes quiet. */
    private boolean weightPosted;

    ReleasePunctuator(ProcessorContext<String, Object> context, SchedulerStores stores, CampaignLedger ledger,
                      SchedulerConfig config, Pacing pacing, WaitingContacts waiting, SchedulerMeters meters) {
        this.waiting = waiting;
        this.meters = meters;
        this.context = context;
        this.stores = stores;
        this.ledger = ledger;
        this.config = config;
        this.pacing = pacing;
        // one member per stream task: tasks of every instance share the global rate by weight
        this.member = context.applicationId() + "/" + context.taskId();
    }

    void punctuate(long now) {
        // no Redis on this path: a campaign ends on time even while Redis is away
        expireEnded(now);
        try {
            freeEndedAttempts();
            releaseDue(now);
        } catch (RedisException e) {
            // retriable: nothing was released without a token and a claim; the next tick tries again
            LOG.warn("release round skipped, Redis unavailable: {}", e.getMessage());
        }
    }

    /**
     * Frees the numbers of attempts whose outcome came back (queued by the outcome processor),
     * one script call per client; an entry is dropped only once Redis has it, and a free is
     * idempotent, so a replay or a Redis outage frees late but never wrongly.
     */
    private void freeEndedAttempts() {
        Map<String, List<RecipientAttempt>> byClient = new HashMap<>();
        List<String> queued = new ArrayList<>();
        try (KeyValueIterator<String, String> it = stores.recipientFrees.all()) {
            while (it.hasNext() && queued.size() < config.maxReleasesPerTick() * 4) {
                KeyValue<String, String> entry = it.next();
                String[] clientAndNumber = entry.value.split("\\|", 2);
                byClient.computeIfAbsent(clientAndNumber[0], c -> new ArrayList<>())
                        .add(new RecipientAttempt(clientAndNumber[1], entry.key));
                queued.add(entry.key);
            }
        }
        byClient.forEach(pacing.recipients()::free);
        queued.forEach(stores.recipientFrees::delete);
    }

    private void releaseDue(long now) {
        List<CampaignCommand> running = runningCampaigns(now);
        if (running.isEmpty() && !weightPosted) {
            // no campaign to release from and no weight of ours left in the shares: an idle task asks Redis
            // nothing (two round trips a tick per task otherwise); the time it waits earns one burst at most below
            return;
        }
        RateLimit global = pacing.globalLimit().current();
        meters.globalLimit(global);
        // this task earns the global rate in proportion to its campaigns' weight against every task's
        double weight = running.stream().mapToDouble(c -> c.getSettings().getWeight()
                * (idle.contains(c.getCampaignId()) ? IDLE_WEIGHT : 1.0)).sum();
        double share = pacing.shares().shareOf(member, weight);
        weightPosted = weight > 0;
        double perMilli = share * global.permitsPerSecond() / 1000.0;
        long elapsed = lastTick < 0 ? config.tick().toMillis() : Math.max(0, now - lastTick);
        lastTick = now;
        // idle time earns no more than one burst: the limiter would refuse the rest anyway
        double ceiling = Math.max(1.0, share * global.burst() + perMilli * config.tick().toMillis());
        budget = Math.min(ceiling, budget + elapsed * perMilli);
        if (now < globalBlockedUntil) {
            return;
        }
        int want = (int) Math.min(Math.floor(budget), config.maxReleasesPerTick());
        if (running.isEmpty() || want == 0) {
            return;
        }
        double totalWeight = running.stream().mapToDouble(c -> c.getSettings().getWeight()).sum();
        Map<String, long[]> headroom = new HashMap<>();
        for (CampaignCommand campaign : running) {
            String id = campaign.getCampaignId();
            // carried while the campaign has work; bounded so no arithmetic can let it run away
            double deficit = Math.min(config.maxReleasesPerTick(), deficits.getOrDefault(id, 0.0)
                    + want * campaign.getSettings().getWeight() / totalWeight);
            int quota = (int) Math.floor(deficit);
            if (quota == 0) {
                deficits.put(id, deficit);
                continue;
            }
            Round round = releaseFrom(campaign, quota, now, global, headroom);
            deficits.put(id, round.nothingDue() ? 0.0 : deficit - round.spent());
            if (round.nothingDue()) {
                idle.add(id);
            } else {
                idle.remove(id);
            }
            budget -= round.spent();
            if (round.globalDenied()) {
                return;
            }
        }
    }

    private List<CampaignCommand> runningCampaigns(long now) {
        List<CampaignCommand> running = new ArrayList<>();
        try (KeyValueIterator<String, CampaignSummary> it = stores.progress.all()) {
            while (it.hasNext()) {
                CampaignSummary summary = it.next().value;
                CampaignCommand campaign = stores.settings.get(summary.getCampaignId());
                if (campaign != null && (summary.getStatus() == CampaignStatus.RUNNING || summary.getStatus() == CampaignStatus.PAUSED)) {
                    // paused or between releases, its requests may wait at an executor: a changed cap must reach them too
                    mirrorCampaignCap(campaign);
                }
                boolean blocked = campaignBlockedUntil.getOrDefault(summary.getCampaignId(), 0L) > now;
                if (campaign != null && summary.getStatus() == CampaignStatus.RUNNING && !blocked
                        && !outsideSchedule(campaign, Instant.ofEpochMilli(now))) {
                    running.add(campaign);
                }
            }
        }
        return running;
    }

    /** Before its start nothing of the campaign goes out (its due contacts wait for SCHEDULE); from its end nothing new. */
    private boolean outsideSchedule(CampaignCommand campaign, Instant now) {
        if (CampaignSchedule.notStarted(campaign.getSettings(), now)) {
            waiting.heldBy(campaign.getCampaignId(), WaitingContacts.SCHEDULE);
            return true;
        }
        return CampaignSchedule.ended(campaign.getSettings(), now);
    }

    /**
     * Finishes the waiting contacts of every running or paused campaign past its end as EXPIRED, a bounded
     * number a tick, so a huge campaign ends over a few ticks; the ledger completes the campaign once its
     * live attempts are back too.
     */
    private void expireEnded(long now) {
        Instant instant = Instant.ofEpochMilli(now);
        List<CampaignCommand> ended = new ArrayList<>();
        try (KeyValueIterator<String, CampaignSummary> it = stores.progress.all()) {
            while (it.hasNext()) {
                CampaignSummary summary = it.next().value;
                CampaignCommand campaign = stores.settings.get(summary.getCampaignId());
                boolean open = summary.getStatus() == CampaignStatus.RUNNING || summary.getStatus() == CampaignStatus.PAUSED;
                if (campaign != null && open && CampaignSchedule.ended(campaign.getSettings(), instant)) {
                    ended.add(campaign);
                }
            }
        }
        int budget = config.maxReleasesPerTick() * 4;
        for (CampaignCommand campaign : ended) {
            String campaignId = campaign.getCampaignId();
            List<KeyValue<String, DialRequest>> expired = new ArrayList<>();
            try (KeyValueIterator<String, DialRequest> it = stores.pending.range(PendingKey.from(campaignId),
                    PendingKey.end(campaignId))) {
                while (it.hasNext() && expired.size() < budget) {
                    expired.add(it.next());
                }
            }
            budget -= expired.size();
            String reason = CampaignSchedule.expiredReason(campaign.getSettings());
            for (KeyValue<String, DialRequest> entry : expired) {
                stores.pending.delete(entry.key);
                ledger.finishedByScheduler(campaignId, entry.value.getContactId(), entry.value.getPhoneNumber(),
                        Disposition.EXPIRED, reason);
            }
            if (budget <= 0) {
                return;
            }
        }
    }

    /** What one campaign's turn did: the tokens it spent, whether it had nothing to call, whether the global bucket said no. */
    private record Round(int spent, boolean nothingDue, boolean globalDenied) {
    }

    private Round releaseFrom(CampaignCommand campaign, int quota, long now, RateLimit global,
                              Map<String, long[]> headroom) {
        String clientId = campaign.getClientId();
        CampaignSettings settings = campaign.getSettings();
        ClientLoad load = pacing.clients().load(clientId);
        meters.clientLoad(clientId, load);
        long[] room = headroom.computeIfAbsent(clientId, c -> new long[] {load.cap() - load.liveSlots()});
        long campaignRoom = Long.MAX_VALUE;
        if (settings.getConcurrencyCap() != null) {
            // only a campaign with a cap of its own costs a look at Redis on this path, run every tick
            CampaignLoad campaignLoad = pacing.clients().campaign(clientId, campaign.getCampaignId(), settings.getConcurrencyCap());
            campaignRoom = campaignLoad.cap() == null ? Long.MAX_VALUE : campaignLoad.cap() - campaignLoad.liveSlots();
        }
        // releasing past either cap would only park requests at the executor, which holds both
        int wanted = (int) Math.min(quota, Math.min(room[0], campaignRoom));
        if (wanted <= 0) {
            // a client at its cap forfeits its share like an empty queue, so it cannot hoard a burst
            waiting.heldBy(campaign.getCampaignId(), WaitingContacts.SLOT);
            return new Round(0, true, false);
        }
        List<KeyValue<String, DialRequest>> candidates = dueContacts(campaign, wanted, now);
        if (candidates.isEmpty()) {
            return new Round(0, true, false);
        }
        List<RateBucket> buckets = new ArrayList<>(3);
        buckets.add(new RateBucket(pacing.keys().globalRate(), global));
        buckets.add(new RateBucket(pacing.keys().campaignRate(campaign.getCampaignId()),
                ownLimit(settings.getCallsPerMinute())));
        Integer clientRate = load.callsPerMinute();
        if (clientRate != null) {
            buckets.add(new RateBucket(pacing.keys().clientRate(clientId), ownLimit(clientRate)));
        }
        int asked = Math.min(wanted, candidates.size());
        RateGrant grant = pacing.limiter().acquire(asked, buckets);
        if (grant.granted() > 0) {
            int released = claimAndRelease(campaign, candidates, grant.granted(), now);
            meters.released(clientId, released);
            room[0] -= released;
        }
        boolean globalDenied = false;
        waiting.heldBy(campaign.getCampaignId(), grant.granted() < asked ? WaitingContacts.RATE : null);
        if (grant.granted() < asked) {
            long waitMillis = Math.max(1, (grant.waitMicros() + 999) / 1000);
            if (grant.limitedBy(GLOBAL_BUCKET)) {
                globalBlockedUntil = now + waitMillis;
                globalDenied = true;
            } else {
                campaignBlockedUntil.put(campaign.getCampaignId(), now + waitMillis);
            }
        }
        return new Round(grant.granted(), false, globalDenied);
    }

    /**
     * Claims the candidates' numbers in Redis, in due order, until the granted tokens are used
     * (one script call for the batch): claimed contacts are released, refused ones wait as long as
     * the rules say, candidates after the last claim stay as they are. A token granted for a
     * contact the rules refuse goes to the next candidate; only when candidates run out is it unused.
     */
    private int claimAndRelease(CampaignCommand campaign, List<KeyValue<String, DialRequest>> candidates, int tokens,
                                long now) {
        List<RecipientAttempt> attempts = candidates.stream()
                .map(c -> new RecipientAttempt(c.value.getPhoneNumber(), attemptIdOf(campaign, c.value)))
                .toList();
        CampaignSettings settings = campaign.getSettings();
        // a number stays held past its attempt's longest life (ring + time limit), the executor's lease margin
        Duration hold = Duration.ofSeconds(settings.getRingTimeoutSeconds() + settings.getTimeLimitSeconds())
                .plus(LIVE_MARGIN);
        List<RecipientVerdict> verdicts = pacing.recipients().claim(campaign.getClientId(), attempts, tokens, hold,
                config.recipientLimits());
        int released = 0;
        for (int i = 0; i < verdicts.size(); i++) {
            KeyValue<String, DialRequest> candidate = candidates.get(i);
            switch (verdicts.get(i)) {
                case RecipientVerdict.Claimed claimed -> {
                    release(campaign, candidate, now);
                    released++;
                }
                case RecipientVerdict.Refused refused -> postpone(campaign, candidate,
                        Instant.ofEpochMilli(now).plus(retryAfter(refused)), "RECIPIENT_" + refused.reason().name());
            }
        }
        if (released < tokens) {
            LOG.debug("campaign {}: {} of {} tokens unused, the recipient rules refused the other due contacts",
                    campaign.getCampaignId(), tokens - released, tokens);
        }
        return released;
    }

    /** A live call may end any moment: ask again after the recheck period, or later when the gap says so. */
    private Duration retryAfter(RecipientVerdict.Refused refused) {
        boolean live = refused.reason() == RecipientVerdict.Reason.LIVE;
        Duration wait = live && refused.retryIn().compareTo(config.recipientRecheck()) < 0
                ? config.recipientRecheck() : refused.retryIn();
        return wait.isZero() ? Duration.ofMillis(1) : wait;
    }

    /**
     * A campaign's or client's own rate, with room for two ticks' worth in one batch: a GCRA
     * batch cannot exceed its burst, and a burst of 1 would cap a batch-per-tick release below the rate.
     */
    private RateLimit ownLimit(int callsPerMinute) {
        int perTwoTicks = (int) Math.ceil(2.0 * callsPerMinute * config.tick().toMillis() / 60_000.0);
        return RateLimit.perMinute(callsPerMinute, Math.max(1, perTwoTicks));
    }

    /**
     * Writes the campaign's cap where the executors' reservation reads it, when this task has not yet
     * written the value its settings hold now (at start, and after every UPDATE_SETTINGS that changes it).
     */
    private void mirrorCampaignCap(CampaignCommand campaign) {
        Integer cap = campaign.getSettings().getConcurrencyCap();
        String id = campaign.getCampaignId();
        if (!mirroredCaps.containsKey(id) || !java.util.Objects.equals(mirroredCaps.get(id), cap)) {
            pacing.clients().mirrorCampaignCap(campaign.getClientId(), id, cap);
            mirroredCaps.put(id, cap);
        }
    }

    /**
     * Contacts that may be called now as far as this task can tell, oldest due first: a few more
     * than {@code wanted}, so a contact the recipient rules refuse does not waste its token.
     * Contacts outside their calling window or on a holiday of their client move to the next opening; contacts now on the DNC
     * list are finished.
     */
    private List<KeyValue<String, DialRequest>> dueContacts(CampaignCommand campaign, int wanted, long now) {
        String campaignId = campaign.getCampaignId();
        int enough = wanted * 2 + 8;
        List<KeyValue<String, DialRequest>> due = new ArrayList<>();
        try (KeyValueIterator<String, DialRequest> it = stores.pending.range(PendingKey.from(campaignId),
                PendingKey.dueBy(campaignId, now))) {
            // look past what is wanted, so a few contacts outside their window do not stall a round
            while (it.hasNext() && due.size() < wanted * 4 + 16) {
                due.add(it.next());
            }
        }
        List<KeyValue<String, DialRequest>> ready = new ArrayList<>();
        Instant instant = Instant.ofEpochMilli(now);
        for (KeyValue<String, DialRequest> entry : due) {
            if (ready.size() == enough) {
                break;
            }
            DialRequest contact = entry.value;
            if (stores.doNotCall(campaign.getClientId(), contact.getPhoneNumber())) {
                stores.pending.delete(entry.key);
                ledger.finishedByScheduler(campaignId, contact.getContactId(), contact.getPhoneNumber(),
                        Disposition.DNC, "number is on the do-not-call list");
                continue;
            }
            CallingWindow window = campaign.getSettings().getCallingWindow();
            ContactZones zones = ContactZones.parse(contact.getTimeZone());
            Set<LocalDate> holidays = config.holidays().datesFor(campaign.getClientId(), contact.getPhoneNumber());
            Instant opens = CallingWindows.nextOpening(window, holidays, zones, config.defaultZone(), instant);
            if (opens.isAfter(instant)) {
                // a holiday, when the window alone would have opened sooner
                boolean holiday = !holidays.isEmpty()
                        && CallingWindows.nextOpening(window, zones, config.defaultZone(), instant).isBefore(opens);
                postpone(campaign, entry, opens, holiday ? WaitingContacts.HOLIDAY : WaitingContacts.WINDOW);
                continue;
            }
            ready.add(entry);
        }
        return ready;
    }

    /** Holds a contact back until {@code until}, noting why for {@link WaitingContacts}. */
    private void postpone(CampaignCommand campaign, KeyValue<String, DialRequest> entry, Instant until, String why) {
        stores.pending.delete(entry.key);
        stores.pending.put(PendingKey.of(campaign.getCampaignId(), until, entry.value.getContactId()).encoded(),
                DialRequest.newBuilder(entry.value).setWaitingFor(why).build());
    }

    private static String attemptIdOf(CampaignCommand campaign, DialRequest template) {
        return CampaignLedger.attemptId(campaign.getCampaignId(), template.getContactId(), template.getAttemptNumber());
    }

    private void release(CampaignCommand campaign, KeyValue<String, DialRequest> entry, long now) {
        String attemptId = attemptIdOf(campaign, entry.value);
        try (CallContext call = CallContext.of(attemptId, campaign.getCampaignId(), campaign.getClientId())) {
            release(campaign, entry, attemptId, now);
        }
    }

    private void release(CampaignCommand campaign, KeyValue<String, DialRequest> entry, String attemptId, long now) {
        CampaignSettings settings = campaign.getSettings();
        DialRequest template = entry.value;
        // kept with every zone of the contact, for its retries; sent with one valid IANA id
        DialRequest kept = DialRequest.newBuilder(template)
                .setAttemptId(attemptId)
                .setClientId(campaign.getClientId())
                .setCallerId(settings.getCallerId())
                .setCallerIdPool(settings.getCallerIdPool())
                .setRingTimeoutSeconds(settings.getRingTimeoutSeconds())
                .setTimeLimitSeconds(settings.getTimeLimitSeconds())
                .setPriority(settings.getPriority())
                .setAnswer(settings.getAnswer())
                .setCampaignCap(settings.getConcurrencyCap())
                .setWaitingFor(null)
                .setReleasedAt(Instant.ofEpochMilli(now))
                .build();
        DialRequest request = DialRequest.newBuilder(kept)
                .setTimeZone(ContactZones.parse(template.getTimeZone()).primary().getId())
                .build();
        String contactKey = CampaignLedger.contactKey(campaign.getCampaignId(), template.getContactId());
        stores.pending.delete(entry.key);
        stores.live.put(contactKey, kept);
        stores.contacts.put(contactKey, "L|" + template.getAttemptNumber());
        ledger.attemptReleased(campaign.getCampaignId());
        LOG.debug("attempt {}: released", attemptId);
        context.forward(new Record<String, Object>(attemptId, request, now), SchedulerTopology.DIAL_SINK);
    }
}
