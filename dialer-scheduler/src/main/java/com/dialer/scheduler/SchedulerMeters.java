package com.dialer.scheduler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.dialer.state.metrics.DialerMeters;
import com.dialer.state.ratelimit.RateLimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the scheduler tells an operator: calls released (the rate used) against the global limit in
 * force, each client's live calls against its cap as the last release round read them, and the
 * records it dead-lettered. Gauges hold the last value read, so scraping costs Redis nothing.
 */
public final class SchedulerMeters {
    private final MeterRegistry registry;
    private final AtomicLong globalPerMinute = new AtomicLong();
    private final Map<String, AtomicLong> liveCalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> caps = new ConcurrentHashMap<>();
    private final Map<String, Counter> released = new ConcurrentHashMap<>();

    public SchedulerMeters(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("dialer.rate.limit.per.minute", globalPerMinute, AtomicLong::get)
                .description("the global calls-per-minute limit in force (the release rounds' last read)").register(registry);
    }

    void globalLimit(RateLimit limit) {
        globalPerMinute.set(Math.round(limit.permitsPerSecond() * 60));
    }

    void clientLoad(String clientId, ClientLoad load) {
        gauge(liveCalls, "dialer.client.calls.live", "a client's live calls (slots held)", clientId).set(load.liveSlots());
        gauge(caps, "dialer.client.cap", "a client's concurrency cap in force", clientId).set(load.cap());
    }

    void released(String clientId, int calls) {
        if (calls > 0) {
            released.computeIfAbsent(clientId, c -> Counter.builder("dialer.scheduler.released")
                    .description("dial requests released under the rate limit, by client").tag("client", c)
                    .register(registry)).increment(calls);
        }
    }

    void deadLettered(String sourceTopic, Exception cause) {
        DialerMeters.deadLetters(registry, DeadLetters.SERVICE, sourceTopic,
                cause == null ? "validation" : cause.getClass().getName()).increment();
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String clientId) {
        return values.computeIfAbsent(clientId, c -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tag("client", c).register(registry);
            return value;
        });
    }
}
