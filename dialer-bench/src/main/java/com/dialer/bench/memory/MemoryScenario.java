package com.dialer.bench.memory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSettings;
import com.dialer.avro.CommandType;
import com.dialer.avro.Contact;
import com.dialer.avro.RetryPolicy;
import com.dialer.avro.RetryRule;
import com.dialer.bench.BenchContext;
import com.dialer.bench.BulkProducer;
import com.dialer.bench.ChildJvm;
import com.dialer.bench.Scenario;
import com.dialer.bench.report.ResultTable;
import com.dialer.schemas.Topic;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;

/**
 * Scenario 7: the scheduler's memory while it holds a large campaign pending. The real scheduler
 * (Kafka Streams, RocksDB stores) runs alone in a second JVM; one campaign's contacts go to
 * campaign-contacts, the global limit keeps them all pending, and its heap after GC and its RSS
 * are read before and after.
 */
public final class MemoryScenario implements Scenario {
    static final String CAMPAIGN = "bench-big";
    static final String HEAP = "-Xmx1g";

    @Override
    public String id() {
        return "memory";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        LocalStack stack = context.stack();
        int contacts = context.profile().pendingContacts();
        String prefix = LocalStack.uniquePrefix("bench-memory");
        TopicCatalog topics = TopicCatalog.of(prefix, 1);
        try (Admin admin = stack.kafka().admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(topics.all());
        }
        Path stateDir = Files.createDirectories(context.workDir().resolve("scheduler-state-" + UUID.randomUUID()));
        context.progress("memory: starting the scheduler in its own JVM (%s)", HEAP);
        try (ChildJvm scheduler = ChildJvm.start("scheduler-memory", List.of(HEAP), SchedulerMemoryMain.class,
                stack.bootstrapServers(), stack.redis().uri(), prefix, stateDir.toString())) {
            scheduler.await("READY", Duration.ofSeconds(180));
            long[] empty = measure(scheduler);
            context.progress("memory: %,d contacts into one campaign", contacts);
            long t0 = System.nanoTime();
            publish(stack.bootstrapServers(), topics, contacts);
            double produced = (System.nanoTime() - t0) / 1e9;
            awaitConsumed(stack, prefix + "scheduler", topics.campaignContacts().name(), Duration.ofMinutes(10));
            double intake = (System.nanoTime() - t0) / 1e9;
            long[] full = measure(scheduler);
            return List.of(ResultTable.builder("memory", String.format(
                                    "7. Memory: the scheduler (own JVM, %s) holding %,d pending contacts of one campaign", HEAP, contacts),
                            "state", "heap after GC MB", "RSS MB", "RocksDB state on disk MB", "intake s", "contacts/s")
                    .row("started, no campaign", mb(empty[0]), mb(empty[1]), mb(empty[2]), null, null)
                    .row(String.format("%,d contacts pending", contacts), mb(full[0]), mb(full[1]), mb(full[2]), intake,
                            contacts / intake)
                    .note("pending contacts live in RocksDB stores (changelogged), not on the heap; RSS includes RocksDB's "
                            + "memtables and block cache and the JVM itself; 'on disk' counts flushed store files only (a store "
                            + "keeps its newest writes in a memtable until it fills)")
                    .note(String.format("intake = from the first contact produced (%.1f s to produce them all) until the scheduler "
                            + "committed the last one; exactly-once, one partition, commit.interval.ms 1000", produced))
                    .note("heap after three System.gc() calls in the scheduler's JVM; RSS from /proc/self/status")
                    .build());
        }
    }

    private static double mb(long bytes) {
        return bytes / 1e6;
    }

    private static long[] measure(ChildJvm scheduler) {
        scheduler.send("MEASURE");
        String[] words = scheduler.await("MEASURED", Duration.ofSeconds(60)).split(" ");
        return new long[] {Long.parseLong(words[0]), Long.parseLong(words[1]), Long.parseLong(words[2])};
    }

    private static void publish(String bootstrap, TopicCatalog topics, int contacts) {
        try (BulkProducer producer = new BulkProducer(bootstrap)) {
            Topic<String, CampaignCommand> commands = topics.campaignCommands();
            RetryRule once = RetryRule.newBuilder().setDelaySeconds(60).setMaxAttempts(1).build();
            CampaignSettings settings = CampaignSettings.newBuilder().setCallsPerMinute(1).setCallerId("+12015550100")
                    .setRetryPolicy(RetryPolicy.newBuilder().setBusy(once).setNoAnswer(once).setFailed(once).setMachine(once).build())
                    .setAnswer(AnswerSettings.newBuilder().build()).build();
            producer.send(commands.name(), CAMPAIGN, commands.valueSerde().serializer().serialize(commands.name(),
                    CampaignCommand.newBuilder().setCommandId("create-" + CAMPAIGN).setCampaignId(CAMPAIGN).setClientId("client-big")
                            .setType(CommandType.CREATE).setSettings(settings).setIssuedAt(Instant.now()).build()));
            producer.flush();
            Topic<String, Contact> topic = topics.campaignContacts();
            var serializer = topic.valueSerde().serializer();
            Instant now = Instant.now();
            for (int i = 0; i < contacts; i++) {
                Contact c = Contact.newBuilder().setCampaignId(CAMPAIGN).setContactId("c" + i)
                        .setPhoneNumber(String.format("+1201%07d", 2_000_000 + i)).setTimeZone("America/New_York")
                        .setAttributes(Map.of("name", "Customer " + i)).setCreatedAt(now).build();
                producer.send(topic.name(), CAMPAIGN, serializer.serialize(topic.name(), c));
            }
        }
    }

    /** Until the group's committed offset reaches the end of the topic's partition 0. */
    private static void awaitConsumed(LocalStack stack, String group, String topic, Duration timeout) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = stack.kafka().admin()) {
            long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS).get(tp).offset();
            while (System.nanoTime() < deadline) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS).get(tp);
                if (committed != null && committed.offset() >= end) {
                    return;
                }
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("the scheduler did not take in every contact within " + timeout);
    }
}
