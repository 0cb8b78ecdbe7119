package com.dialer.executor;

import com.dialer.state.metrics.DialerMeters;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.avro.DialRequest;
import com.dialer.plivo.CallLookup.LookupFailed;
import com.dialer.plivo.CallLookup.Sighting;
import com.dialer.state.slots.SlotHolder;
import com.dialer.state.slots.SlotLeases;
import com.dialer.state.slots.SlotLeases.Unplaced;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Settles a dial whose outcome is unknown (Make-a-Call answered 5xx or timed out) by asking Plivo,
 * never by guessing. Found live, queued or in the records → placed: the guard records its uuids, the
 * slot is extended to the call's lease, a DIALING event tells the pipeline; webhooks settle the call.
 * Found nowhere once ring timeout + {@code EXECUTOR_SETTLE_MARGIN_MS} have passed since the dial →
 * provably not placed: the slot is freed and the same attempt dialed again (the guard allows exactly
 * that), at most {@code EXECUTOR_MAX_UNPLACED_REDIALS} times, then it ends FAILED. A lookup that fails
 * keeps the attempt unknown, its slot held, and asks again.
 *
 * <p>Everything it needs is in the dial guard (state UNKNOWN, the dial's time): an executor that dies
 * meanwhile leaves the request uncommitted, and whoever gets it next meets the guard and goes on here.
 */
final class UnknownDialSettlement {
    private static final Logger LOG = LoggerFactory.getLogger(UnknownDialSettlement.class);

    private final SlotLeases slots;
    private final DialLookup lookup;
    private final CallEventPublisher events;
    private final ExecutorConfig config;
    private final Counter placed;
    private final Counter notPlaced;
    private final Counter gaveUp;
    private final Counter lookupFailures;
    private final Timer latency;

    UnknownDialSettlement(SlotLeases slots, DialLookup lookup, CallEventPublisher events, ExecutorConfig config,
                          MeterRegistry metrics) {
        this.slots = slots;
        this.lookup = lookup;
        this.events = events;
        this.config = config;
        this.placed = settled(metrics, "placed");
        this.notPlaced = settled(metrics, "not_placed");
        this.gaveUp = settled(metrics, "gave_up");
        this.lookupFailures = Counter.builder("dialer.executor.unknown.lookup.failures")
                .description("Plivo lookups of unknown dials that failed (asked again later)").register(metrics);
        this.latency = DialerMeters.latency(metrics, "dialer.executor.unknown.settle.latency",
                "from an unknown dial to its settlement (placed or not)", Duration.ofMillis(10), Duration.ofMinutes(10));
    }

    private static Counter settled(MeterRegistry metrics, String result) {
        return Counter.builder("dialer.executor.unknown.settled").tag("result", result)
                .description("unknown dials settled by asking Plivo").register(metrics);
    }

    /**
     * The lease of an unknown dial: until its settle horizon (ring timeout + margin), plus the time to
     * be asked once more; never the call's whole life.
     */
    Duration horizonLease(DialRequest request) {
        return ringTimeout(request).plus(config.settleMargin()).plus(config.settlePoll().multipliedBy(2));
    }

    /** The first look at Plivo after an unknown dial. */
    Duration firstLook() {
        return config.settlePoll();
    }

    /** One round of settling an attempt whose guard says UNKNOWN. */
    DialAttempt.Step settle(DialRequest request, Map<String, String> guard) throws InterruptedException {
        SlotHolder holder = DialAttempt.holderOf(request);
        String attempt = request.getAttemptId();
        Instant dialedAt = redisTime(guard.get("dialingAt"), guard.get("settledAt"));
        Instant horizon = dialedAt.plus(ringTimeout(request)).plus(config.settleMargin());
        Sighting sighting;
        try {
            sighting = lookup.find(request, dialedAt);
        } catch (LookupFailed e) {
            lookupFailures.increment();
            // nothing is known: keep the slot while we ask again (renew never revives an ended lease)
            slots.renew(holder, config.settlePoll().multipliedBy(3).plus(config.lookupTimeout().multipliedBy(3)));
            LOG.warn("attempt {}: dial outcome still unknown, Plivo lookup failed ({}); asking again", attempt, e.getMessage());
            return new DialAttempt.Step.Settling(config.settlePoll(), "lookup failed: " + e.getMessage());
        }
        Instant now = Instant.now();
        return switch (sighting) {
            case Sighting.Live l -> placed(request, dialedAt, l.requestUuid(), l.callUuid(), "live");
            case Sighting.Queued q -> placed(request, dialedAt, q.requestUuid(), null, "queued");
            case Sighting.Ended e -> placed(request, dialedAt, null, e.detail().callUuid(), "ended");
            case Sighting.NotFound n when now.isBefore(horizon) -> {
                slots.renew(holder, Duration.between(now, horizon).plus(config.settlePoll().multipliedBy(2)));
                Duration wait = Duration.between(now, horizon);
                yield new DialAttempt.Step.Settling(wait.compareTo(config.settlePoll()) < 0 ? wait : config.settlePoll(),
                        "not found yet");
            }
            case Sighting.NotFound n -> notPlaced(request, dialedAt);
        };
    }

    private DialAttempt.Step placed(DialRequest request, Instant dialedAt, String requestUuid, String callUuid, String where)
            throws InterruptedException {
        if (!slots.confirmPlaced(DialAttempt.holderOf(request), requestUuid, callUuid,
                DialAttempt.callLease(request, config.leaseMargin()))) {
            return new DialAttempt.Step.Parked(Duration.ZERO, "settled meanwhile"); // look at the guard again
        }
        placed.increment();
        latency.record(Duration.between(dialedAt, Instant.now()).toNanos(), TimeUnit.NANOSECONDS);
        CallEvent dialing = CallEventPublisher.event(request, CallStatus.DIALING, requestUuid,
                "dial outcome was unknown; found " + where + " at Plivo");
        dialing.setPlivoCallUuid(callUuid);
        events.publish(dialing);
        // "settle: unknown ..." lines are counted by the reliability suite (dialer-chaos ScenarioRun)
        LOG.info("attempt {}: unknown dial found {} at Plivo (call {}); settle: unknown placed in {} ms", request.getAttemptId(),
                where, callUuid, Duration.between(dialedAt, Instant.now()).toMillis());
        return new DialAttempt.Step.Finished("unknown settled: placed");
    }

    private DialAttempt.Step notPlaced(DialRequest request, Instant dialedAt) throws InterruptedException {
        String reason = "dial outcome unknown, and no call at Plivo by ring timeout + " + config.settleMargin().toMillis()
                + " ms: not placed";
        Unplaced verdict = slots.releaseUnplaced(DialAttempt.holderOf(request), config.maxUnplacedRedials(), reason);
        return switch (verdict) {
            case Unplaced.Redial r -> {
                notPlaced.increment();
                latency.record(Duration.between(dialedAt, Instant.now()).toNanos(), TimeUnit.NANOSECONDS);
                LOG.info("attempt {}: {}; dialing it again ({} of at most {}); settle: unknown not-placed in {} ms",
                        request.getAttemptId(), reason, r.redials(), config.maxUnplacedRedials(),
                        Duration.between(dialedAt, Instant.now()).toMillis());
                yield new DialAttempt.Step.Settling(backoff(r.redials()), "not placed: dial again");
            }
            case Unplaced.GaveUp g -> {
                notPlaced.increment();
                gaveUp.increment();
                latency.record(Duration.between(dialedAt, Instant.now()).toNanos(), TimeUnit.NANOSECONDS);
                events.publish(CallEventPublisher.event(request, CallStatus.FAILED, null,
                        reason + " " + g.redials() + " times; giving up"));
                LOG.info("attempt {}: {} {} times; settle: unknown gave-up in {} ms", request.getAttemptId(), reason, g.redials(),
                        Duration.between(dialedAt, Instant.now()).toMillis());
                yield new DialAttempt.Step.Finished("unknown settled: never placed");
            }
            // a callback reached the attempt: placed after all, whatever the lookup said
            case Unplaced.Seen s -> placed(request, dialedAt, null, s.callUuid(), "by its callbacks");
            case Unplaced.Stale s -> new DialAttempt.Step.Parked(Duration.ZERO, "settled meanwhile: " + s.state());
        };
    }

    private static Duration ringTimeout(DialRequest request) {
        return Duration.ofSeconds(request.getRingTimeoutSeconds());
    }

    /** The guard's times are Redis TIME in µs, as Lua's tostring writes them ("1.7966141049909e+15": 100 µs steps). */
    static Instant redisTime(String... micros) {
        for (String m : micros) {
            if (m != null && !m.isBlank()) {
                long us = (long) Double.parseDouble(m);
                return Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1_000);
            }
        }
        return Instant.now(); // a guard without times: count from now, which only makes the wait longer
    }

    private static Duration backoff(int redials) {
        long base = 250L << Math.min(redials, 5);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base));
    }
}
