package com.dialer.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.CampaignStatus;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.DialRequest;
import com.dialer.avro.Disposition;
import com.dialer.state.ratelimit.RateBucket;
import com.dialer.state.ratelimit.RateGrant;
import com.dialer.state.ratelimit.RateLimit;

import io.lettuce.core.RedisException;

/**
 * Releases dial requests on the wall clock. Each tick adds the budget the elapsed time earned at
 * the global rate, shares it between running campaigns by weight (deficit round robin: a campaign
 * with nothing due forfeits its deficit, so a huge campaign cannot starve a small one), and for
 * each campaign takes tokens for its due contacts from the shared limiter in one call. A deny
 * carries the wait, and the scheduler leaves that bucket alone for that long instead of spinning.
 */
final class ReleasePunctuator {
    private static final Logger LOG = LoggerFactory.getLogger(ReleasePunctuator.class);
    private static final int GLOBAL_BUCKET = 0;
    // a call's number stays held past its longest life (ring + time limit), the executor's lease margin
    private static final Duration LIVE_MARGIN = Duration.ofSeconds(60);

    private final ProcessorContext<String, Object> context;
    private final SchedulerStores stores;
    private final CampaignLedger ledger;
    private final SchedulerConfig config;
    private final Pacing pacing;
    private final Map<String, Double> deficits = new HashMap<>();
    private final Map<String, Long> campaignBlockedUntil = new HashMap<>();
    private long globalBlockedUntil;
    private long lastTick = -1;
    private double budget;

    ReleasePunctuator(ProcessorContext<String, Object> context, SchedulerStores stores, CampaignLedger ledger,
                      SchedulerConfig config, Pacing pacing) {
        this.context = context;
        this.stores = stores;
        this.ledger = ledger;
        this.config = config;
        this.pacing = pacing;
    }

    void punctuate(long now) {
        try {
            releaseDue(now);
        } catch (RedisException e) {
            // retriable: nothing was released without a token; the next tick tries again
            LOG.warn("release round skipped, Redis unavailable: {}", e.getMessage());
        }
    }

    private void releaseDue(long now) {
        RateLimit global = pacing.globalLimit().current();
        double perMilli = global.permitsPerSecond() / 1000.0;
        long elapsed = lastTick < 0 ? config.tick().toMillis() : Math.max(0, now - lastTick);
        lastTick = now;
        // idle time earns no more than one burst: the limiter would refuse the rest anyway
        budget = Math.min(global.burst() + perMilli * config.tick().toMillis(), budget + elapsed * perMilli);
        if (now < globalBlockedUntil) {
            return;
        }
        List<CampaignCommand> running = runningCampaigns(now);
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
            deficits.put(id, round.nothingDue() ? 0.0 : deficit - round.released());
            budget -= round.released();
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
                boolean blocked = campaignBlockedUntil.getOrDefault(summary.getCampaignId(), 0L) > now;
                if (campaign != null && summary.getStatus() == CampaignStatus.RUNNING && !blocked) {
                    running.add(campaign);
                }
            }
        }
        return running;
    }

    /** What one campaign's turn did. */
    private record Round(int released, boolean nothingDue, boolean globalDenied) {
    }

    private Round releaseFrom(CampaignCommand campaign, int quota, long now, RateLimit global,
                              Map<String, long[]> headroom) {
        String clientId = campaign.getClientId();
        CampaignSettings settings = campaign.getSettings();
        ClientLoad load = pacing.clients().load(clientId);
        long[] room = headroom.computeIfAbsent(clientId, c -> new long[] {capOf(load, settings) - load.liveSlots()});
        int wanted = (int) Math.min(quota, room[0]);
        if (wanted <= 0) {
            // a client at its cap forfeits its share like an empty queue, so it cannot hoard a burst
            return new Round(0, true, false);
        }
        List<KeyValue<String, DialRequest>> ready = dueContacts(campaign, wanted, now);
        if (ready.isEmpty()) {
            return new Round(0, true, false);
        }
        List<RateBucket> buckets = new ArrayList<>(3);
        buckets.add(new RateBucket(pacing.keys().globalRate(), global));
        buckets.add(new RateBucket(pacing.keys().campaignRate(campaign.getCampaignId()),
                ownLimit(settings.getCallsPerMinute())));
        if (load.callsPerMinute() != null) {
            buckets.add(new RateBucket(pacing.keys().clientRate(clientId), ownLimit(load.callsPerMinute())));
        }
        RateGrant grant = pacing.limiter().acquire(ready.size(), buckets);
        for (int i = 0; i < grant.granted(); i++) {
            release(campaign, ready.get(i), now);
        }
        room[0] -= grant.granted();
        boolean globalDenied = false;
        if (grant.granted() < ready.size()) {
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
     * A campaign's or client's own rate, with room for two ticks' worth in one batch: a GCRA
     * batch cannot exceed its burst, and a burst of 1 would cap a batch-per-tick release below the rate.
     */
    private RateLimit ownLimit(int callsPerMinute) {
        int perTwoTicks = (int) Math.ceil(2.0 * callsPerMinute * config.tick().toMillis() / 60_000.0);
        return RateLimit.perMinute(callsPerMinute, Math.max(1, perTwoTicks));
    }

    private long capOf(ClientLoad load, CampaignSettings settings) {
        if (load.cap() != null) {
            return load.cap();
        }
        return settings.getConcurrencyCap() != null ? settings.getConcurrencyCap() : config.defaultClientCap();
    }

    /**
     * Up to {@code wanted} contacts that may be called now, oldest due first. Contacts outside
     * their calling window or held by the recipient rules move to the time they may be called;
     * contacts now on the DNC list are finished.
     */
    private List<KeyValue<String, DialRequest>> dueContacts(CampaignCommand campaign, int wanted, long now) {
        String campaignId = campaign.getCampaignId();
        List<KeyValue<String, DialRequest>> due = new ArrayList<>();
        try (KeyValueIterator<String, DialRequest> it = stores.pending.range(PendingKey.from(campaignId),
                PendingKey.dueBy(campaignId, now))) {
            // look a little past what is wanted, so a few held contacts do not stall a round
            while (it.hasNext() && due.size() < wanted * 4 + 16) {
                due.add(it.next());
            }
        }
        List<KeyValue<String, DialRequest>> ready = new ArrayList<>();
        Instant instant = Instant.ofEpochMilli(now);
        for (KeyValue<String, DialRequest> entry : due) {
            if (ready.size() == wanted) {
                break;
            }
            DialRequest contact = entry.value;
            if (stores.doNotCall(campaign.getClientId(), contact.getPhoneNumber())) {
                stores.pending.delete(entry.key);
                ledger.finishedByScheduler(campaignId, contact.getContactId(), contact.getPhoneNumber(),
                        Disposition.DNC, "number is on the do-not-call list");
                continue;
            }
            Instant opens = CallingWindows.nextOpening(campaign.getSettings().getCallingWindow(),
                    ZoneId.of(contact.getTimeZone()), instant);
            Optional<Instant> held = opens.isAfter(instant) ? Optional.of(opens) : recipientHold(campaign, contact, now);
            if (held.isPresent()) {
                stores.pending.delete(entry.key);
                stores.pending.put(PendingKey.of(campaignId, held.get(), contact.getContactId()).encoded(), contact);
                continue;
            }
            ready.add(entry);
        }
        return ready;
    }

    private Optional<Instant> recipientHold(CampaignCommand campaign, DialRequest contact, long now) {
        String stored = stores.recipients.get(campaign.getClientId() + "|" + contact.getPhoneNumber());
        String attemptId = CampaignLedger.attemptId(campaign.getCampaignId(), contact.getContactId(),
                contact.getAttemptNumber());
        return RecipientHistory.parse(stored).notBefore(attemptId, now, config.recipientMinGap(),
                config.recipientMaxCalls(), config.recipientPeriod());
    }

    private void release(CampaignCommand campaign, KeyValue<String, DialRequest> entry, long now) {
        CampaignSettings settings = campaign.getSettings();
        DialRequest template = entry.value;
        String attemptId = CampaignLedger.attemptId(campaign.getCampaignId(), template.getContactId(),
                template.getAttemptNumber());
        DialRequest request = DialRequest.newBuilder(template)
                .setAttemptId(attemptId)
                .setClientId(campaign.getClientId())
                .setCallerId(settings.getCallerId())
                .setRingTimeoutSeconds(settings.getRingTimeoutSeconds())
                .setTimeLimitSeconds(settings.getTimeLimitSeconds())
                .setPriority(settings.getPriority())
                .setAnswer(settings.getAnswer())
                .setReleasedAt(Instant.ofEpochMilli(now))
                .build();
        String contactKey = CampaignLedger.contactKey(campaign.getCampaignId(), template.getContactId());
        stores.pending.delete(entry.key);
        stores.live.put(contactKey, request);
        stores.contacts.put(contactKey, "L|" + template.getAttemptNumber());
        String recipientKey = campaign.getClientId() + "|" + template.getPhoneNumber();
        Duration liveFor = Duration.ofSeconds(settings.getRingTimeoutSeconds() + settings.getTimeLimitSeconds())
                .plus(LIVE_MARGIN);
        stores.recipients.put(recipientKey, RecipientHistory.parse(stores.recipients.get(recipientKey))
                .called(attemptId, now, liveFor, config.recipientPeriod()).encoded());
        ledger.attemptReleased(campaign.getCampaignId());
        context.forward(new Record<String, Object>(attemptId, request, now), SchedulerTopology.DIAL_SINK);
    }
}
