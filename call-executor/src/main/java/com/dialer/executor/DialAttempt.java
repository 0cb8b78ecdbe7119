package com.dialer.executor;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    }

    private final SlotLeases slots;
    private final StartPacing pacing;
    private final BotWarmup warmup;
    private final PlivoDialer dialer;
    private final CallEventPublisher events;
    private final ExecutorConfig config;
    private final MeterRegistry metrics;
    private final Timer dialLatency;

    DialAttempt(SlotLeases slots, StartPacing pacing, BotWarmup warmup, PlivoDialer dialer, CallEventPublisher events,
                ExecutorConfig config, MeterRegistry metrics) {
        this.slots = slots;
        this.pacing = pacing;
        this.warmup = warmup;
        this.dialer = dialer;
        this.events = events;
        this.config = config;
        this.metrics = metrics;
        this.dialLatency = Timer.builder("dialer.executor.dial.latency").description("Make-a-Call round trip")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    public Step run(DialRequest request, int notPlacedTries) throws InterruptedException {
        String attempt = request.getAttemptId();
        SlotHolder holder = holderOf(request);
        Reservation reservation = slots.reserve(holder, request.getCampaignCap(), config.reserveLease());
        switch (reservation) {
            case Reservation.Duplicate d -> {
                return redelivered(request, d.state());
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
        String coldBot = warmup.warm(request);
        if (coldBot != null) {
            LOG.warn("attempt {}: {}; dialing with a cold bot", attempt, coldBot);
        }
        if (!pacing.awaitStart()) {
            // the global limit was lowered far below the offered load: give the slot back and wait
            slots.abandon(holder);
            denied("rate");
            return new Step.Parked(config.slotPoll(), "global rate limit reached");
        }
        if (!slots.markDialing(holder, config.reserveLease())) {
            // the short lease ran out while warming up: the slot may be someone else's now
            return new Step.Parked(Duration.ZERO, "lease ended before the dial");
        }
        long started = System.nanoTime();
        DialResult result = dialer.dial(request, CallbackUrls.of(config.webhookBaseUrl(), attempt, request.getClientId(), request.getCampaignId()));
        dialLatency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        metrics.counter("dialer.executor.dials", "result", result.getClass().getSimpleName().toLowerCase()).increment();
        return switch (result) {
            case DialResult.Accepted a -> {
                slots.settle(holder, DialVerdict.ACCEPTED, a.requestUuid(), callLease(request));
                events.publish(CallEventPublisher.event(request, CallStatus.DIALING, a.requestUuid(), a.queued() ? "call queued" : null));
                yield new Step.Finished("dialed");
            }
            case DialResult.Rejected x -> {
                slots.settle(holder, DialVerdict.REJECTED, null, Duration.ZERO);
                events.publish(CallEventPublisher.event(request, CallStatus.FAILED, null, "Plivo refused the call: " + x.reason()));
                yield new Step.Finished("refused");
            }
            case DialResult.Uncertain u -> {
                // maybe placed: keep the slot for the call's whole life; webhooks or the reaper settle it
                slots.settle(holder, DialVerdict.UNKNOWN, null, callLease(request));
                events.publish(CallEventPublisher.event(request, CallStatus.DIALING, null, "dial outcome unknown: " + u.reason()));
                yield new Step.Finished("uncertain");
            }
            case DialResult.NotPlaced n -> {
                slots.abandon(holder);
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
            case "ACCEPTED" -> events.publish(CallEventPublisher.event(request, CallStatus.DIALING, requestUuid, null));
            case "UNKNOWN", "DIALING" -> events.publish(CallEventPublisher.event(request, CallStatus.DIALING, requestUuid,
                    "dial outcome unknown (request delivered again)"));
            case "REJECTED" -> events.publish(CallEventPublisher.event(request, CallStatus.FAILED, null, "Plivo refused the call"));
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
        return Duration.ofSeconds(request.getRingTimeoutSeconds() + (long) request.getTimeLimitSeconds()).plus(config.leaseMargin());
    }

    private void denied(String reason) {
        metrics.counter("dialer.executor.reservations.denied", "reason", reason).increment();
    }

    private static Duration backoff(int tries) {
        long base = 200L << Math.min(tries, 6);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base));
    }
}
