package com.dialer.bench.archive;

import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.bson.Document;

import com.dialer.avro.CallRecord;
import com.dialer.avro.CallStatus;
import com.dialer.avro.Disposition;
import com.dialer.bench.BenchContext;
import com.dialer.bench.BulkProducer;
import com.dialer.bench.Scenario;
import com.dialer.bench.report.ResultTable;
import com.dialer.launcher.stack.ArchiveWorker;
import com.dialer.schemas.Masked;
import com.dialer.schemas.Topic;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.stack.LocalStack;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

/**
 * Scenario 5: call records through the archiver sink into MongoDB, in a real Kafka Connect worker
 * (the launcher's {@link ArchiveWorker}). The records are on the topic before the connector starts,
 * so the figure is how fast the sink drains a backlog: from the connector's start, and between the
 * first and the last document.
 */
public final class ArchiveScenario implements Scenario {

    @Override
    public String id() {
        return "archive";
    }

    @Override
    public List<ResultTable> run(BenchContext context) throws Exception {
        LocalStack stack = context.stack();
        int records = context.profile().archiveRecords();
        String prefix = LocalStack.uniquePrefix("bench-archive");
        TopicCatalog topics = TopicCatalog.of(prefix, 3);
        try (Admin admin = stack.kafka().admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(List.of(topics.callRecords(), topics.campaignSummaries(),
                    topics.dlq(topics.callRecords())));
        }
        context.progress("archive: producing %,d call records", records);
        produce(stack.bootstrapServers(), topics.callRecords(), records);
        String database = prefix.replaceAll("[^A-Za-z0-9]", "_");
        try (MongoClient mongo = MongoClients.create(stack.mongo().connectionString())) {
            MongoCollection<Document> calls = mongo.getDatabase(database).getCollection("calls");
            context.progress("archive: draining them through the sink");
            long t0 = System.nanoTime();
            long first = 0;
            long count = 0;
            long deadline = t0 + 300_000_000_000L;
            try (ArchiveWorker worker = ArchiveWorker.start(stack.bootstrapServers(), stack.mongo().connectionString(), database,
                    topics, context.workDir())) {
                long started = System.nanoTime();
                while (count < records && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    count = calls.estimatedDocumentCount();
                    if (first == 0 && count > 0) {
                        first = System.nanoTime();
                    }
                }
                long last = System.nanoTime();
                if (count < records) {
                    throw new IllegalStateException("the sink stored " + count + " of " + records + " records within 300 s");
                }
                double fromStart = (last - t0) / 1e9;
                double steady = first == 0 ? Double.NaN : (last - first) / 1e9;
                return List.of(ResultTable.builder("archive", String.format(
                                        "5. Archive: %,d call records through the Connect sink into MongoDB", records),
                                "documents", "seconds from connector start", "records/s", "seconds first→last document",
                                "records/s steady", "worker start s")
                        .row(count, fromStart, count / fromStart, steady, count / steady, (started - t0) / 1e9)
                        .note("a standalone Connect worker in the bench JVM (as ./dialer up runs it), one task, 3 partitions; "
                                + "each record an idempotent upsert by _id; counts polled every 200 ms")
                        .note(stack.mongo().isEmbedded() ? "MongoDB is mongo-java-server in the same JVM (memory backend)"
                                : "MongoDB: " + Masked.uri(stack.mongo().connectionString()))
                        .build());
            }
        }
    }

    private static void produce(String bootstrap, Topic<String, CallRecord> topic, int records) {
        try (BulkProducer producer = new BulkProducer(bootstrap)) {
            Instant base = Instant.parse("2026-03-02T09:00:00Z");
            for (int i = 0; i < records; i++) {
                CallRecord r = record("bench:c" + i + ":1", "campaign-" + (i % 20), "client-" + (i % 4), base.plusSeconds(i), i);
                producer.send(topic.name(), r.getAttemptId(), topic.valueSerde().serializer().serialize(topic.name(), r));
            }
        }
    }

    /** A finished call with every field the archive maps; every other one answered with talk time. */
    public static CallRecord record(String attemptId, String campaignId, String clientId, Instant endedAt, int i) {
        boolean answered = i % 2 == 0;
        int talk = 10 + i % 120;
        return CallRecord.newBuilder()
                .setAttemptId(attemptId).setCampaignId(campaignId).setClientId(clientId)
                .setContactId("contact-" + i).setPhoneNumber(String.format("+1201%07d", 2_000_000 + i % 1_000_000))
                .setAttemptNumber(1).setCallerId("+12015550100")
                .setDisposition(answered ? Disposition.ANSWERED : Disposition.NO_ANSWER)
                .setFinalStatus(answered ? CallStatus.COMPLETED : CallStatus.NO_ANSWER)
                .setPlivoRequestUuid("req-" + i).setPlivoCallUuid(answered ? "call-" + i : null)
                .setHangupCause(answered ? "NORMAL_CLEARING" : "NO_ANSWER").setHangupCauseCode(answered ? 4000 : 3010)
                .setReservedAt(endedAt.minusSeconds(200)).setDialedAt(endedAt.minusSeconds(198))
                .setRingingAt(endedAt.minusSeconds(195)).setAnsweredAt(answered ? endedAt.minusSeconds(talk) : null)
                .setEndedAt(endedAt).setDurationSeconds(answered ? talk : null)
                .setBillDurationSeconds(answered ? (talk + 59) / 60 * 60 : null)
                .setReason(answered ? null : "no answer within the ring timeout")
                .build();
    }
}
