package com.dialer.executor;

import com.dialer.state.metrics.DialerMeters;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.avro.DialRequest;
import com.dialer.state.slots.Reservation;
import com.dialer.state.slots.SlotHolder;
import com.dialer.state.slots.SlotLeases;
import com.dialer.state.slots.SlotLeases.DialVerdict;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * One step of one dial request: reserve a slot at the check, warm the bot, mark DIALING, dial,
 * record what Plivo said and tell the pipeline. Each step is safe to repeat: a request delivered
 * again meets its dial guard and is never dialed twice.
 */
public final class DialAttempt {
    private static final Logger LOG = LoggerFactory.getLogger(DialAttempt.class);
    static final int MAX_NOT_PLACED_TRIES = 5;

    /** What became of the request this time. */
    public sealed interface Step {
        /** Done with it: dialed, refused or already handled; its offset may be committed. */
        record Finished(String how) implements Step {
        }

        /** No slot now: try again after at most {@code retryAfter}, or when a slot frees. */
        record Parked(Duration retryAfter, String why) implements Step {
        }

        /**
         * The dial's outcome is being settled with Plivo: run again after {@code retryAfter} (a slot
         * release is no reason to ask Plivo sooner). The request stays uncommitted until then.
         */
        record Settling(Duration retryAfter, String why) implements Step {
        }

        /**
         * Waiting for a time, not for a slot (every caller number at its daily cap): run again after
         * {@code retryAfter}; a slot release is no reason to look sooner. Nothing is held meanwhile.
         */
        record Deferred(Duration retryAfter, String why) implements Step {
        }
    }

    private final SlotLeases slots;
    private final StartPacing pacing;
    private final BotWarmup warmup;
    private final PlivoDialer dialer;
    private final CallEventPublisher events;
    private final ExecutorConfig config;
    private final MeterRegistry metrics;
    private final Timer dialLatency;
    private final UnknownDialSettlement unknowns;
    private final CallerIdChoice callerIds;

    DialAttempt(SlotLeases slots, StartPacing pacing, BotWarmup warmup, PlivoDialer dialer, DialLookup lookup,
                CallEventPublisher events, ExecutorConfig config, MeterRegistry metrics, CallerIdChoice callerIds) {
        this.slots = slots;
        this.callerIds = callerIds;
        this.pacing = pacing;
        this.warmup = warmup;
        this.dialer = dialer;
        this.events = events;
        this.config = config;
        this.metrics = metrics;
        this.dialLatency = DialerMeters.latency(metrics, "dialer.executor.dial.latency", "Make-a-Call round trip",
                Duration.ofMillis(1), Duration.ofSeconds(30));
        this.unknowns = new UnknownDialSettlement(slots, lookup, events, config, metrics);
    }

    public Step run(DialRequest released, int notPlacedTries) throws InterruptedException {
        DialRequest request = released;
        String attempt = request.getAttemptId();
        SlotHolder holder = holderOf(request);
        Reservation reservation = slots.reserve(holder, request.getCampaignCap(), config.reserveLease());
        switch (reservation) {
            case Reservation.Duplicate d -> {
                return redelivered(callerIds.pinned(request), d.state());
            }
            case Reservation.NotReady n -> {
                denied("not-ready");
                return new Step.Parked(config.slotPoll(), "hot state not rebuilt after a Redis loss");
            }
            case Reservation.Full f -> {
                boolean campaign = f.level() == Reservation.Level.CAMPAIGN;
                denied(campaign ? "campaign-cap" : "cap");
                Duration wait = f.nextLeaseEnds().compareTo(config.slotPoll()) < 0 ? f.nextLeaseEnds() : config.slotPoll();
                return new Step.Parked(wait, (campaign ? "campaign" : "client") + " at cap " + f.cap());
            }
            case Reservation.Reserved r -> {
                // the slot is ours: from here on the cap cannot be overshot, however long this takes
            }
        }
        switch (callerIds.choose(request)) {
            case CallerIdChoice.Choice.Use use -> request = use.request();
            case CallerIdChoice.Choice.Wait wait -> {
                // the slot goes back to the client's other calls; this one waits for a number's day to end
                slots.abandon(holder);
                denied("caller-id-cap");
                return new Step.Deferred(wait.retryAfter(), wait.why());
            }
            case CallerIdChoice.Choice.Refuse refuse -> {
                // like Plivo refusing it: a redelivery meets REJECTED and is not dialed
                slots.settle(holder, DialVerdict.REJECTED, null, Duration.ZERO);
                events.publish(CallEventPublisher.event(request, CallStatus.FAILED, null, refuse.reason()));
                return new Step.Finished("no caller id");
            }
        }
        String coldBot = warmup.warm(request);
        if (coldBot != null) {
            LOG.warn("attempt {}: {}; dialing with a cold bot", attempt, coldBot);
        }
        StartPacing.Start start = pacing.awaitStart(config.plivoAccounts().forClient(request.getClientId()));
        if (start == null) {
            // the global limit (or the account's CPS) is far below the offered load: give the slot back and wait
            slots.abandon(holder);
            callerIds.giveBack(request);
            denied("rate");
            return new Step.Parked(config.slotPoll(), "rate limit reached (global or the Plivo account's CPS)");
        }
        if (!slots.markDialing(holder, config.reserveLease())) {
            // the short lease ran out while warming up: the slot may be someone else's now
            pacing.answered(start, false);
            return new Step.Parked(Duration.ZERO, "lease ended before the dial");
        }
        long started = System.nanoTime();
        DialResult result;
        try {
            result = dialer.dial(request, CallbackUrls.of(config.webhookBaseUrl(), attempt, request.getClientId(), request.getCampaignId()));
        } finally {
            // Plivo saw the request (if at all) before this: the account's start counts from now on
            pacing.answered(start, true);
        }
        dialLatency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        metrics.counter("dialer.executor.dials", "result", result.getClass().getSimpleName().toLowerCase()).increment();
        return switch (result) {
            case DialResult.Accepted a -> {
                slots.settle(holder, DialVerdict.ACCEPTED, a.requestUuid(), callLease(request));
                events.publish(CallEventPublisher.event(request, CallStatus.DIALING, a.requestUuid(), a.queued() ? "call queued" : null));
                LOG.info("attempt {}: dialed, Plivo request {}{}", attempt, a.requestUuid(), a.queued() ? " (queued)" : "");
                yield new Step.Finished("dialed");
            }
            case DialResult.Rejected x -> {
                slots.settle(holder, DialVerdict.REJECTED, null, Duration.ZERO);
                callerIds.giveBack(request);
                events.publish(CallEventPublisher.event(request, CallStatus.FAILED, null, "Plivo refused the call: " + x.reason()));
                yield new Step.Finished("refused");
            }
            case DialResult.Uncertain u -> {
                // maybe placed: the slot is leased until the settle horizon only, and Plivo is asked what
                // happened. No DIALING event yet: the status-processor would re-assert the slot for the
                // call's whole life, which a call never placed must not hold
                slots.settle(holder, DialVerdict.UNKNOWN, null, unknowns.horizonLease(request));
                LOG.info("attempt {}: dial outcome unknown ({}); asking Plivo", attempt, u.reason());
                yield new Step.Settling(unknowns.firstLook(), "dial outcome unknown: " + u.reason());
            }
            case DialResult.NotPlaced n -> {
                slots.abandon(holder);
                callerIds.giveBack(request);
                if (notPlacedTries + 1 >= MAX_NOT_PLACED_TRIES) {
                    events.publish(CallEventPublisher.event(request, CallStatus.FAILED, null,
                            "Plivo unreachable after " + MAX_NOT_PLACED_TRIES + " tries: " + n.reason()));
                    yield new Step.Finished("unreachable");
                }
                yield new Step.Parked(backoff(notPlacedTries), "Plivo unreachable: " + n.reason());
            }
        };
    }

    /** A request seen before: never dial again, but make sure the pipeline heard of the first dial. */
    private Step redelivered(DialRequest request, String state) throws InterruptedException {
        metrics.counter("dialer.executor.redeliveries", "state", state).increment();
        if (state.equals("RESERVED")) {
            // another holder's lease is live (a crashed holder's has run out: reserve-slot.lua takes that
            // over). It may still dial, or give the slot back without dialing: look again until either
            // shows, rather than finish a request nobody may dial
            return new Step.Parked(config.slotPoll(), "reserved by another holder");
        }
        Map<String, String> guard = slots.dialGuard(request.getClientId(), request.getAttemptId());
        String requestUuid = guard.get("requestUuid");
        switch (state) {
            case "UNKNOWN" -> {
                // being settled (by us a moment ago, or by an executor that died): go on asking Plivo
                return unknowns.settle(request, guard);
            }
            case "DIALING" -> {
                // a holder marked it and never settled it: it died mid-dial, or is still dialing. Its dial's
                // timeouts end well within the reserve lease; after that the outcome is unknown
                Duration since = Duration.between(UnknownDialSettlement.redisTime(guard.get("dialingAt")), java.time.Instant.now());
                if (since.compareTo(config.reserveLease()) < 0) {
                    return new Step.Parked(config.reserveLease().minus(since), "being dialed by another holder");
                }
                slots.settle(holderOf(request), DialVerdict.UNKNOWN, null, unknowns.horizonLease(request));
                return unknowns.settle(request, slots.dialGuard(request.getClientId(), request.getAttemptId()));
            }
            case "ACCEPTED" -> {
                CallEvent dialing = CallEventPublisher.event(request, CallStatus.DIALING, requestUuid, null);
                dialing.setPlivoCallUuid(guard.get("callUuid"));
                events.publish(dialing);
            }
            case "REJECTED" -> events.publish(CallEventPublisher.event(request, CallStatus.FAILED, null,
                    guard.getOrDefault("reason", "Plivo refused the call")));
            default -> {
                // RESEEDED: restored by the status-processor after a Redis loss, which already has the dial's events
            }
        }
        return new Step.Finished("duplicate:" + state);
    }

    static SlotHolder holderOf(DialRequest request) {
        return new SlotHolder(request.getClientId(), request.getCampaignId(), request.getAttemptId());
    }

    /** The slot must outlive the call: Plivo ends it by ring timeout + time_limit at the latest. */
    Duration callLease(DialRequest request) {
        return callLease(request, config.leaseMargin());
    }

    static Duration callLease(DialRequest request, Duration margin) {
        return Duration.ofSeconds(request.getRingTimeoutSeconds() + (long) request.getTimeLimitSeconds()).plus(margin);
    }

    private void denied(String reason) {
        metrics.counter("dialer.executor.reservations.denied", "reason", reason).increment();
    }

    private static Duration backoff(int tries) {
        long base = 200L << Math.min(tries, 6);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base));
    }
}
