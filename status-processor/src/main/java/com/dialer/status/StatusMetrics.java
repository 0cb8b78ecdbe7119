package com.dialer.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The status-processor's counters, named {@code dialer.status.*}. */
final class StatusMetrics {
    private final Counter applied;
    private final Counter filled;
    private final Counter duplicates;
    private final Counter reaped;
    private final Counter deadLettered;
    private final Counter outcomes;
    private final Counter unattributable;
    private final Counter reseeded;
    private final Counter overdue;

    StatusMetrics(MeterRegistry registry) {
        this.applied = events(registry, "applied");
        this.filled = events(registry, "filled");
        this.duplicates = events(registry, "duplicate");
        this.reaped = Counter.builder("dialer.status.reaped").description("attempts finalised as TIMEOUT by the reaper")
                .register(registry);
        this.deadLettered = Counter.builder("dialer.status.dlq").description("call events sent to the DLQ").register(registry);
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

    void deadLettered() {
        deadLettered.increment();
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
