package com.dialer.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema topic ({@link TopicCatalog#schemas()}): every value schema any writer ever used, key = its
 * CRC-64-AVRO fingerprint as 16 hex digits, value = the schema's JSON, compacted and kept forever. A
 * writer {@link #publish publishes} its schemas before it produces a record, so a reader that meets a
 * fingerprint its build does not know (the writer was deployed first) finds the schema by reading this
 * topic to its end ({@link #find}), whatever the order of the deploy. One partition: a schema is tiny
 * and the whole topic is read at most once per unknown fingerprint.
 */
public final class SchemaTopic implements KnownSchemas.Source, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaTopic.class);

    /**
     * The longest a reader waits for the schema topic when it meets a schema it does not know (a record
     * whose schema is not found by then goes to its DLQ), and a writer for its schemas to be stored.
     * Reading a one-partition topic of a few kilobytes to its end takes milliseconds; this is the bound
     * for a broker in trouble, under the stream thread's max.poll.interval.ms.
     */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String topic;
    private final Map<String, Object> clientConfig;
    private final Duration timeout;
    private final Map<Long, Schema> read = new HashMap<>();
    private final Set<Long> published = ConcurrentHashMap.newKeySet();
    private volatile long lastFailedAt;
    private volatile String lastFailure;
    private final KafkaConsumer<String, String> consumer;
    private List<TopicPartition> partitions;

    /**
     * @param clientConfig the connection of every Kafka client of the service (bootstrap servers,
     *                     security); serializers and group settings are this class's own
     */
    public SchemaTopic(TopicCatalog topics, Map<String, Object> clientConfig, Duration timeout) {
        this(topics.schemas().name(), clientConfig, timeout);
    }

    /** The schema topic by name, for a reader configured with names rather than a catalogue (the archiver). */
    public SchemaTopic(String topic, Map<String, Object> clientConfig, Duration timeout) {
        this.topic = topic;
        this.clientConfig = Map.copyOf(clientConfig);
        this.timeout = timeout;
        Map<String, Object> config = new HashMap<>(clientConfig);
        // no group: the reader assigns itself the whole topic and never commits
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * Connects the process's shared resolver ({@link KnownSchemas#shared()}) to the schema topic and
     * publishes this build's schemas to it: what every service does at start, before it produces. When
     * Kafka is not up yet, each serde publishes its schema before its first record instead.
     */
    public static SchemaTopic connect(TopicCatalog topics, KafkaClientProperties kafka) {
        // the connection every client of the service shares (brokers, security): an admin client's properties are those
        SchemaTopic schemaTopic = new SchemaTopic(topics, kafka.admin(Map.of()), TIMEOUT);
        try {
            schemaTopic.publish(Schemas.CURRENT);
        } catch (IllegalStateException e) {
            LOG.warn("{}; each schema is published before the first record written with it", e.getMessage());
        }
        KnownSchemas.shared().consult(schemaTopic);
        return schemaTopic;
    }

    /**
     * Publishes {@code schema} unless this process already did. Within {@link #TIMEOUT} of a failed try it
     * fails at once: every record meets this on its way out, and one producer per record would pile up.
     */
    @Override
    public void publish(Schema schema) {
        if (published.contains(KnownSchemas.fingerprint(schema))) {
            return;
        }
        if (lastFailure != null && System.nanoTime() - lastFailedAt < timeout.toNanos()) {
            throw new IllegalStateException(lastFailure);
        }
        publish(List.of(schema));
    }

    public static String key(long fingerprint) {
        return HexFormat.of().toHexDigits(fingerprint);
    }

    /** Writes the schemas to the topic and waits, at most the timeout, until the broker has every one (or fails). */
    public void publish(Collection<Schema> schemas) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // bounded whether or not a broker answers: no wait for metadata, a send or a close past the timeout
        int millis = (int) timeout.toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Schema schema : schemas) {
                sent.add(producer.send(new ProducerRecord<>(topic, key(KnownSchemas.fingerprint(schema)), schema.toString())));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<RecordMetadata> f : sent) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            schemas.forEach(s -> published.add(KnownSchemas.fingerprint(s)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing schemas to " + topic, e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            lastFailure = "cannot publish schemas to " + topic + ": " + (e.getCause() != null ? e.getCause() : e);
            lastFailedAt = System.nanoTime();
            throw new IllegalStateException(lastFailure, e);
        } finally {
            producer.close(Duration.ZERO);
        }
    }

    /**
     * Reads the topic up to its current end, at most {@code timeout}, and answers the schema of this
     * fingerprint if a writer published it. The writer published before it produced, so the end the
     * reader sees when it meets the record holds the schema; nothing waits for later records.
     */
    @Override
    public synchronized Optional<Schema> find(long fingerprint) {
        Schema known = read.get(fingerprint);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            readToEnd(System.nanoTime() + timeout.toNanos());
        } catch (KafkaException | IllegalStateException e) {
            LOG.warn("cannot read the schema topic {} for fingerprint {}: {}", topic, key(fingerprint), e.toString());
        }
        return Optional.ofNullable(read.get(fingerprint));
    }

    private void readToEnd(long deadline) {
        if (partitions == null) {
            var infos = consumer.partitionsFor(topic, remaining(deadline));
            if (infos == null || infos.isEmpty()) {
                LOG.warn("schema topic {} does not exist", topic);
                return;
            }
            partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
        while (partitions.stream().anyMatch(p -> consumer.position(p, remaining(deadline)) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                LOG.warn("schema topic {} not read to its end within {}", topic, timeout);
                return;
            }
            consumer.poll(Duration.ofMillis(Math.min(100, remaining(deadline).toMillis() + 1))).forEach(this::remember);
        }
    }

    private void remember(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        try {
            // a parser per schema: versions of one record share their type names
            Schema schema = new Schema.Parser().parse(record.value());
            long fingerprint = KnownSchemas.fingerprint(schema);
            if (!key(fingerprint).equals(record.key())) {
                LOG.warn("schema topic {} offset {}: key {} is not the schema's fingerprint {}; kept under its fingerprint",
                        topic, record.offset(), record.key(), key(fingerprint));
            }
            read.put(fingerprint, schema);
        } catch (AvroRuntimeException e) {
            LOG.warn("schema topic {} offset {}: not an Avro schema, skipped: {}", topic, record.offset(), e.getMessage());
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime()));
    }

    @Override
    public void close() {
        KnownSchemas.shared().forget(this);
        synchronized (this) {
            consumer.close();
        }
    }
}
