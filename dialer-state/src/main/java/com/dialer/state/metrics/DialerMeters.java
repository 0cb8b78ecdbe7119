package com.dialer.state.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * The meters every service shares the shape of, so that one dashboard reads them all
 * (deploy/grafana/dialer-dashboard.json). Latencies are histograms, not client-side percentiles:
 * Prometheus computes quantiles from the buckets, and buckets add up across instances where
 * percentiles cannot.
 */
public final class DialerMeters {
    /** Counter of records written to a DLQ, by service, source topic and the kind of failure. */
    public static final String DEAD_LETTERS = "dialer.dlq.records";

    private DialerMeters() {
    }

    /**
     * A latency timer publishing a histogram between {@code min} and {@code max} (the buckets
     * outside them are merged, which keeps the series count bounded).
     */
    public static Timer latency(MeterRegistry registry, String name, String description, Duration min, Duration max) {
        return Timer.builder(name).description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(min)
                .maximumExpectedValue(max)
                .register(registry);
    }

    /**
     * The counter for one kind of DLQ record. {@code failure} is the exception's class (or
     * "validation"): bounded, unlike the free-text reason the record's headers carry.
     */
    public static Counter deadLetters(MeterRegistry registry, String service, String sourceTopic, String failure) {
        return Counter.builder(DEAD_LETTERS)
                .description("records sent to a dead-letter topic, by service, source topic and kind of failure")
                .tag("service", service)
                .tag("topic", sourceTopic)
                .tag("failure", failure.substring(failure.lastIndexOf('.') + 1))
                .register(registry);
    }

    /**
     * Binds a Kafka producer's or consumer's own metrics (for a consumer: records-lag per topic and
     * partition, which is the consumer lag). The binder is closed with the client's owner.
     */
    public static KafkaClientMetrics bindKafkaClient(MeterRegistry registry, org.apache.kafka.clients.producer.Producer<?, ?> producer) {
        KafkaClientMetrics binder = new KafkaClientMetrics(producer);
        binder.bindTo(registry);
        return binder;
    }

    /** {@link #bindKafkaClient(MeterRegistry, org.apache.kafka.clients.producer.Producer)} for a consumer. */
    public static KafkaClientMetrics bindKafkaClient(MeterRegistry registry, org.apache.kafka.clients.consumer.Consumer<?, ?> consumer) {
        KafkaClientMetrics binder = new KafkaClientMetrics(consumer);
        binder.bindTo(registry);
        return binder;
    }
}
