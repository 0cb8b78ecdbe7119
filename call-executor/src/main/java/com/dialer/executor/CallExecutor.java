package com.dialer.executor;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import com.dialer.state.metrics.DialerMeters;
import com.dialer.schemas.CallContext;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.DialRequest;
import com.dialer.schemas.DeadLetterHeaders;
import com.dialer.schemas.Topic;
import com.dialer.schemas.TopicCatalog;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Consumes dial requests and runs each on its own virtual thread through {@link DialAttempt}.
 * A request for a client at its cap waits (parked, woken by a slot release or a short poll) without
 * holding up other clients' requests of the same partition; offsets are committed only up to the
 * lowest unfinished request. Too many waiting requests pause the partitions (back-pressure).
 */
public final class CallExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallExecutor.class);

    private final ExecutorConfig config;
    private final Topic<String, DialRequest> requests;
    private final Topic<byte[], byte[]> deadLetters;
    private final DialAttempt attempt;
    private final SlotSignals signals;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> dlqProducer;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore dialing;
    private final Map<TopicPartition, PartitionOffsets> offsets = new ConcurrentHashMap<>();
    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean committing = new AtomicBoolean(true);
    private final Thread poller;
    private final MeterRegistry metrics;
    private final KafkaClientMetrics consumerMetrics;

    CallExecutor(ExecutorConfig config, TopicCatalog catalog, DialAttempt attempt, SlotSignals signals, MeterRegistry metrics) {
        this.config = config;
        this.requests = catalog.dialRequests();
        this.deadLetters = catalog.dlq(requests);
        this.attempt = attempt;
        this.signals = signals;
        this.dialing = new Semaphore(config.maxInFlight());
        this.consumer = new KafkaConsumer<>(config.kafka().consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500)),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.dlqProducer = new KafkaProducer<>(config.kafka().producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all")),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.metrics = metrics;
        // the consumer's records-lag per partition is the executor's backlog
        this.consumerMetrics = DialerMeters.bindKafkaClient(metrics, consumer);
        metrics.gauge("dialer.executor.outstanding", outstanding);
        metrics.gauge("dialer.executor.in.flight", dialing, s -> config.maxInFlight() - s.availablePermits());
        this.poller = Thread.ofPlatform().name("call-executor-poll").unstarted(this::pollLoop);
    }

    public CallExecutor start() {
        poller.start();
        return this;
    }

    /** Called by the Redis subscription when a client's slot frees. */
    void slotReleased(String client) {
        signals.signal(client);
    }

    private void pollLoop() {
        consumer.subscribe(List.of(requests.name()), new Rebalance());
        long lastCommit = System.nanoTime();
        boolean paused = false;
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    accept(record);
                }
                boolean overloaded = outstanding.get() >= config.maxParked();
                if (overloaded != paused) {
                    if (overloaded) {
                        consumer.pause(consumer.assignment());
                    } else {
                        consumer.resume(consumer.paused());
                    }
                    paused = overloaded;
                }
                if (System.nanoTime() - lastCommit > config.commitInterval().toNanos()) {
                    commit(owned);
                    lastCommit = System.nanoTime();
                }
            }
            drain();
            commit(owned);
        } catch (WakeupException e) {
            // halted
        } catch (RuntimeException e) {
            LOG.error("call executor poll loop failed", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        PartitionOffsets partition = offsets.computeIfAbsent(tp, p -> new PartitionOffsets());
        DialRequest request;
        try {
            request = requests.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (request == null) {
                throw new IllegalArgumentException("a dial request without a value");
            }
        } catch (RuntimeException e) {
            deadLetter(record, e);
            partition.started(record.offset());
            partition.finished(record.offset());
            return;
        }
        partition.started(record.offset());
        outstanding.incrementAndGet();
        workers.submit(() -> work(tp, record.offset(), request, partition));
    }

    private void work(TopicPartition tp, long offset, DialRequest request, PartitionOffsets partition) {
        int notPlacedTries = 0;
        int troubles = 0;
        // one virtual thread per request: the context ends with it
        try (CallContext call = CallContext.of(request.getAttemptId(), request.getCampaignId(), request.getClientId())) {
            while (running.get() && owned.contains(tp)) {
                DialAttempt.Step step;
                dialing.acquire();
                try {
                    step = attempt.run(request, notPlacedTries);
                } catch (RuntimeException e) {
                    // Redis or Kafka trouble: try again here, after a pause (the dial guard keeps a second
                    // try from dialing twice). Left alone, the request would wait for a rebalance to be
                    // delivered again, and hold back its partition's commits until then
                    Duration pause = Duration.ofMillis(Math.min(5_000, 250L << Math.min(troubles++, 5)));
                    LOG.warn("attempt {} failed ({}); trying again in {} ms", request.getAttemptId(), e.toString(), pause.toMillis());
                    step = new DialAttempt.Step.Parked(pause, "trouble: " + e.getMessage());
                } finally {
                    dialing.release();
                }
                if (step instanceof DialAttempt.Step.Finished) {
                    partition.finished(offset);
                    return;
                }
                if (step instanceof DialAttempt.Step.Settling settling) {
                    // asking Plivo about an unknown dial: uncommitted until settled, so a crash hands it on
                    Thread.sleep(settling.retryAfter());
                    continue;
                }
                if (step instanceof DialAttempt.Step.Deferred deferred) {
                    // every caller number at its cap: uncommitted, not woken by slot releases (each would loop)
                    Thread.sleep(deferred.retryAfter());
                    continue;
                }
                DialAttempt.Step.Parked parked = (DialAttempt.Step.Parked) step;
                if (parked.why().startsWith("Plivo unreachable")) {
                    notPlacedTries++;
                }
                if (!parked.retryAfter().isZero()) {
                    signals.await(request.getClientId(), parked.retryAfter());
                }
            }
            // revoked or stopping: the request stays uncommitted and is delivered again elsewhere
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // waiting itself failed: leave it uncommitted; redelivery meets the dial guard
            LOG.error("attempt {} failed; it will be delivered again", request.getAttemptId(), e);
        } finally {
            outstanding.decrementAndGet();
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, RuntimeException e) {
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(deadLetters.name(),
                record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), record.value());
        dead.headers().add(DeadLetterHeaders.REASON, String.valueOf(e.getMessage()).getBytes())
                .add(DeadLetterHeaders.EXCEPTION, e.getClass().getName().getBytes())
                .add(DeadLetterHeaders.SOURCE_TOPIC, record.topic().getBytes())
                .add(DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(record.partition()).getBytes())
                .add(DeadLetterHeaders.SOURCE_OFFSET, Long.toString(record.offset()).getBytes())
                .add(DeadLetterHeaders.SERVICE, "call-executor".getBytes());
        try {
            dlqProducer.send(dead).get(30, TimeUnit.SECONDS);
            DialerMeters.deadLetters(metrics, "call-executor", record.topic(), e.getClass().getName()).increment();
            LOG.warn("dial request {}@{} to {}: {}", record.partition(), record.offset(), deadLetters.name(), e.getMessage());
        } catch (Exception sendFailed) {
            throw new IllegalStateException("cannot write to " + deadLetters.name(), sendFailed);
        }
    }

    private void commit(Collection<TopicPartition> partitions) {
        if (!committing.get()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionOffsets p = offsets.get(tp);
            if (p != null && p.committable() >= 0) {
                commits.put(tp, new OffsetAndMetadata(p.committable()));
            }
        }
        if (!commits.isEmpty()) {
            consumer.commitSync(commits);
        }
    }

    /** Graceful stop: waits for dials under way (parked requests are handed back uncommitted). */
    private void drain() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (dialing.availablePermits() < config.maxInFlight() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether the poll loop runs: false once stopped, or after an error ended it. */
    boolean polling() {
        return poller.isAlive();
    }

    /** The dial-requests consumer's own metrics (read from any thread: the consumer's metrics registry is). */
    Map<MetricName, ? extends Metric> consumerMetrics() {
        return consumer.metrics();
    }

    public int outstanding() {
        return outstanding.get();
    }

    @Override
    public void close() {
        if (running.compareAndSet(true, false)) {
            join();
        }
        workers.shutdownNow();
        dlqProducer.close();
        consumerMetrics.close();
    }

    /** Stops at once without committing anything more: what a crash looks like to Kafka. */
    void halt() {
        committing.set(false);
        running.set(false);
        consumer.wakeup();
        workers.shutdownNow();
        join();
        dlqProducer.close();
        consumerMetrics.close();
    }

    private void join() {
        try {
            poller.join(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit(partitions);
            owned.removeAll(partitions);
            partitions.forEach(offsets::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            owned.addAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            owned.removeAll(partitions);
            partitions.forEach(offsets::remove);
        }
    }
}
