package com.dialer.executor;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import com.dialer.state.metrics.DialerMeters;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallStatus;
import com.dialer.avro.DialRequest;
import com.dialer.avro.EventSource;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.Topic;

/** Emits the executor's call events (idempotent producer, acks=all), waiting for each to be stored. */
public final class CallEventPublisher implements AutoCloseable {
    private final KafkaProducer<String, CallEvent> producer;
    private final Topic<String, CallEvent> topic;
    private final KafkaClientMetrics producerMetrics;

    public CallEventPublisher(KafkaClientProperties kafka, Topic<String, CallEvent> topic, MeterRegistry metrics) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(kafka.producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                // named after the service, so its I/O thread is told apart from the other services' in one JVM
                ProducerConfig.CLIENT_ID_CONFIG, "call-executor-events-" + Long.toHexString(System.nanoTime()))),
                new StringSerializer(), topic.valueSerde().serializer());
        this.producerMetrics = DialerMeters.bindKafkaClient(metrics, producer);
    }

    /** An event about a dial request, with the details the status-processor needs to track the call. */
    public static CallEvent event(DialRequest request, CallStatus status, String requestUuid, String reason) {
        return CallEvent.newBuilder()
                .setEventId(request.getAttemptId() + ":executor:" + status + ":" + UUID.randomUUID())
                .setAttemptId(request.getAttemptId())
                .setCampaignId(request.getCampaignId())
                .setClientId(request.getClientId())
                .setContactId(request.getContactId())
                .setPhoneNumber(request.getPhoneNumber())
                .setAttemptNumber(request.getAttemptNumber())
                .setStatus(status)
                .setSource(EventSource.EXECUTOR)
                .setOccurredAt(Instant.now())
                .setPlivoRequestUuid(requestUuid)
                .setRingTimeoutSeconds(request.getRingTimeoutSeconds())
                .setTimeLimitSeconds(request.getTimeLimitSeconds())
                .setReason(reason)
                .setCallerId(request.getCallerId() == null || request.getCallerId().isEmpty() ? null : request.getCallerId())
                .build();
    }

    /** Sends and waits: the offset of the request is committed only after its event is stored. */
    public void publish(CallEvent event) throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(topic.name(), event.getAttemptId(), event)).get(150, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot store call event for " + event.getAttemptId() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close();
        producerMetrics.close();
    }
}
