package com.dialer.bridge;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import com.dialer.state.metrics.DialerMeters;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

import com.dialer.avro.CallEvent;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.Topic;

/**
 * Stores call events in {@code call-events} (idempotent producer, acks=all) and waits for the
 * broker's acknowledgement: the bridge answers Plivo 200 only for a stored event. Every wait is
 * bounded by the produce timeout, so that Plivo gets a 503 (and retries) well within its own
 * callback timeouts when Kafka is away.
 */
final class CallEventWriter implements AutoCloseable {

    /** The event was not stored (Kafka unreachable, too slow, or refused it): answer 503. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Topic<String, CallEvent> topic;
    private final Duration timeout;
    private final KafkaProducer<String, CallEvent> producer;
    private final KafkaClientMetrics producerMetrics;

    CallEventWriter(KafkaClientProperties kafka, Topic<String, CallEvent> topic, Duration timeout, MeterRegistry metrics) {
        this.topic = topic;
        this.timeout = timeout;
        int millis = (int) timeout.toMillis();
        this.producer = new KafkaProducer<>(kafka.producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                // not Kafka 4's 5 ms: at low concurrency each callback would wait up to 4 ms more, against a 10 ms p99
                // target; 5 ms stays out until measured in pairs against 1 (dialer-bench README, 4c)
                ProducerConfig.LINGER_MS_CONFIG, 1,
                // send() waits this long for metadata or buffer space; the batch then this long for its ack
                ProducerConfig.MAX_BLOCK_MS_CONFIG, millis,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis - 1,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis,
                ProducerConfig.CLIENT_ID_CONFIG, "webhook-bridge-" + Long.toHexString(System.nanoTime()))),
                new StringSerializer(), topic.valueSerde().serializer());
        this.producerMetrics = DialerMeters.bindKafkaClient(metrics, producer);
    }

    /** Stores the event keyed by its attempt; returns once the broker has it. */
    RecordMetadata store(CallEvent event) throws Unavailable, InterruptedException {
        Future<RecordMetadata> sent;
        try {
            sent = producer.send(new ProducerRecord<>(topic.name(), event.getAttemptId(), event));
        } catch (KafkaException e) {
            throw new Unavailable("cannot send to " + topic.name() + ": " + e.getMessage(), e);
        }
        try {
            // the producer itself fails the batch after delivery.timeout.ms; the margin only covers its timer
            return sent.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new Unavailable("not stored in " + topic.name() + ": " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new Unavailable("no acknowledgement from " + topic.name() + " within " + timeout, e);
        }
    }

    /** Fetches the topic's metadata once, so that the first callback does not pay for it. */
    void warmUp() {
        try {
            producer.partitionsFor(topic.name());
        } catch (KafkaException e) {
            // Kafka not there yet: callbacks answer 503 until it is
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        producerMetrics.close();
    }
}
