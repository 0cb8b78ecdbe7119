package com.dialer.status;

import java.time.Duration;

import com.dialer.state.metrics.DialerMeters;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The status-processor's meters, named {@code dialer.status.*}, and its dead letters ({@link DialerMeters#DEAD_LETTERS}). */
final class StatusMetrics {
    private final MeterRegistry registry;
    private final Timer webhookLag;
    private final Counter applied;
    private final Counter filled;
    private final Counter duplicates;
    private final Counter reaped;
    private final Counter outcomes;
    private final Counter unattributable;
    private final Counter reseeded;
    private final Counter overdue;

    StatusMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.webhookLag = DialerMeters.latency(registry, "dialer.status.webhook.lag",
                "from the bridge storing a Plivo callback's event to its attempt updated in Redis",
                Duration.ofMillis(1), Duration.ofMinutes(1));
        this.applied = events(registry, "applied");
        this.filled = events(registry, "filled");
        this.duplicates = events(registry, "duplicate");
        this.reaped = Counter.builder("dialer.status.reaped").description("attempts finalised as TIMEOUT by the reaper")
                .register(registry);
        this.outcomes = Counter.builder("dialer.status.outcomes").description("outcomes and records emitted").register(registry);
        this.unattributable = Counter.builder("dialer.status.unattributable")
                .description("final attempts whose campaign, client, contact or attempt number is still unknown")
                .register(registry);
        this.overdue = Counter.builder("dialer.status.overdue")
                .description("live calls without news for longer than plausible, handed to a Plivo lookup").register(registry);
        this.reseeded = Counter.builder("dialer.status.reseeded").description("attempts re-projected into an emptied Redis")
                .register(registry);
    }

    private static Counter events(MeterRegistry registry, String result) {
        return Counter.builder("dialer.status.events").tag("result", result)
                .description("call events by what they did to their attempt").register(registry);
    }

    void applied() {
        applied.increment();
    }

    void filled() {
        filled.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void reaped() {
        reaped.increment();
    }

    void deadLettered(String sourceTopic, Exception cause) {
        DialerMeters.deadLetters(registry, EventDecoder.SERVICE, sourceTopic,
                cause == null ? "validation" : cause.getClass().getName()).increment();
    }

    /** A webhook's event applied: {@code storedAt} is its record's timestamp, set when the bridge produced it. */
    void webhookApplied(long storedAt, long now) {
        webhookLag.record(Math.max(0, now - storedAt), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void emitted() {
        outcomes.increment();
    }

    void unattributable() {
        unattributable.increment();
    }

    void overdue() {
        overdue.increment();
    }

    void reseeded() {
        reseeded.increment();
    }
}
