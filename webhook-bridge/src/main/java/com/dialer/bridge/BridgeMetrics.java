package com.dialer.bridge;

import com.dialer.state.metrics.DialerMeters;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The bridge's meters: {@code dialer.bridge.callbacks} by endpoint and result, and
 * {@code dialer.bridge.produce.latency}, the wait for Kafka's acknowledgement of an event.
 */
final class BridgeMetrics {

    /** How a callback was answered. */
    enum Result { ACCEPTED, FORBIDDEN, CONFLICT, BAD_REQUEST, UNAVAILABLE, METHOD_NOT_ALLOWED }

    private final Map<CallbackKind, Map<Result, Counter>> callbacks = new EnumMap<>(CallbackKind.class);
    private final Timer produceLatency;

    BridgeMetrics(MeterRegistry registry) {
        // registered up front, so that every series exists at 0 before the first callback
        for (CallbackKind kind : CallbackKind.values()) {
            Map<Result, Counter> byResult = new EnumMap<>(Result.class);
            for (Result result : Result.values()) {
                byResult.put(result, Counter.builder("dialer.bridge.callbacks")
                        .description("Plivo callbacks received, by endpoint and how they were answered")
                        .tag("endpoint", kind.path())
                        .tag("result", result.name().toLowerCase(Locale.ROOT))
                        .register(registry));
            }
            callbacks.put(kind, byResult);
        }
        this.produceLatency = DialerMeters.latency(registry, "dialer.bridge.produce.latency",
                "time from sending a call event to Kafka's acknowledgement", Duration.ofMillis(1), Duration.ofSeconds(10));
    }

    void callback(CallbackKind kind, Result result) {
        callbacks.get(kind).get(result).increment();
    }

    Timer produceLatency() {
        return produceLatency;
    }
}
