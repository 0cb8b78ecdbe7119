package com.dialer.schemas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalog's topics that do not exist yet; run by every service at start-up, so it must
 * be idempotent and safe when two instances race. Existing topics are never changed: a topic with
 * fewer partitions than the catalog asks for is reported, not altered (that would move keys).
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final TopicReplication replication;

    /** Topics replicated as {@code replication} asks, lowered to the live brokers when fewer ({@link TopicReplication#on}). */
    public TopicProvisioner(Admin admin, TopicReplication replication) {
        this.admin = admin;
        this.replication = replication;
    }

    /** This replication factor, min.insync.replicas 1 (the broker's default): tests on one broker. */
    public TopicProvisioner(Admin admin, short replicationFactor) {
        this(admin, new TopicReplication(replicationFactor, 1));
    }

    /** Ensures every topic of the catalog exists; returns the names it created. */
    public List<String> ensure(List<Topic<?, ?>> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<Topic<?, ?>> absent = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            TopicReplication effective = absent.isEmpty() ? replication : replication.on(admin);
            List<NewTopic> missing = absent.stream().map(t -> t.newTopic(effective)).toList();
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> entry
                    : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause(), e.getCause());
                    }
                }
            }
            warnOnFewerPartitions(topics, awaitLeaders(topics));
            if (!created.isEmpty()) {
                LOG.info("created topics {}", created);
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot provision topics: " + e, e);
        }
    }

    /**
     * Waits until every partition of every topic has a leader that serves requests, and returns the
     * topics' descriptions. Metadata names a new partition's leader a moment before that broker's
     * replica manager leads it; an idempotent producer whose first batch meets NOT_LEADER there while
     * a later batch is appended spins on OUT_OF_ORDER_SEQUENCE_NUMBER until delivery.timeout.ms drops
     * the batch (KAFKA-15591). ListOffsets is answered by the replica manager itself (the admin client
     * retries it while a partition has no leader), so its success is the signal.
     */
    private Map<String, TopicDescription> awaitLeaders(List<Topic<?, ?>> topics) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> names = topics.stream().map(Topic::name).toList();
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> every = new HashMap<>();
                described.values().forEach(d -> d.partitions().forEach(
                        p -> every.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                admin.listOffsets(every).all().get(10, TimeUnit.SECONDS);
                return described;
            } catch (ExecutionException | TimeoutException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + names + " not served by a leader for every partition after 60 s: "
                            + (notYet.getCause() != null ? notYet.getCause() : notYet), notYet);
                }
            }
            Thread.sleep(50);
        }
    }

    private static void warnOnFewerPartitions(List<Topic<?, ?>> topics, Map<String, TopicDescription> described) {
        for (Topic<?, ?> t : topics) {
            TopicDescription d = described.get(t.name());
            if (d != null && d.partitions().size() < t.partitions()) {
                LOG.warn("topic {} has {} partitions, the catalog asks for {}; left as is",
                        t.name(), d.partitions().size(), t.partitions());
            }
        }
    }
}
