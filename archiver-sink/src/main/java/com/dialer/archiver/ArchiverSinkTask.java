package com.dialer.archiver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.CallRecord;
import com.dialer.avro.CampaignSummary;
import com.dialer.schemas.AvroSerde;
import com.dialer.schemas.KnownSchemas;
import com.dialer.schemas.SchemaTopic;
import com.dialer.state.attempt.ArchivedCalls;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/**
 * Decodes each record's value (Avro single-object bytes; the worker runs this connector with the
 * ByteArrayConverter) and upserts it. A record that cannot be decoded goes to the errant record
 * reporter (Connect's DLQ, with context headers naming the reason); the rest of the batch is
 * written. Transient MongoDB errors become {@link RetriableException}, so the worker redelivers
 * the batch — harmless, since writes are upserts by business id. Once a batch is written, its calls'
 * hot copies in Redis shrink to a short window ({@link HotCopies}; off without {@code archiver.redis.uri}).
 */
public final class ArchiverSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiverSinkTask.class);

    private final AvroSerde<CallRecord> callRecords = AvroSerde.of(CallRecord.class);
    private final AvroSerde<CampaignSummary> summaries = AvroSerde.of(CampaignSummary.class);
    private ArchiverSinkConfig config;
    private MongoClient client;
    private ArchiveWriter writer;
    private int failedAttempts;
    private SchemaTopic schemaTopic;
    private HotCopies hotCopies;

    @Override
    public void start(Map<String, String> props) {
        config = ArchiverSinkConfig.parse(props);
        LOG.info("starting with {}", config);
        if (!config.schemaBootstrapServers().isEmpty()) {
            // a CallRecord or CampaignSummary written by a newer build is read through its published schema
            schemaTopic = new SchemaTopic(config.schemaTopic(),
                    Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.schemaBootstrapServers()), SchemaTopic.TIMEOUT);
            KnownSchemas.shared().consult(schemaTopic);
        }
        client = MongoClients.create(config.connectionUri());
        writer = new ArchiveWriter(client.getDatabase(config.database()), config.batchSize());
        writer.ensureIndexes();
        hotCopies = HotCopies.start(config);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        List<Document> calls = new ArrayList<>();
        List<Document> campaigns = new ArrayList<>();
        List<ArchivedCalls.Call> archived = new ArrayList<>();
        for (SinkRecord r : records) {
            try {
                if (r.topic().equals(config.callRecordsTopic())) {
                    CallRecord call = callRecords.deserialize(r.topic(), bytes(r));
                    calls.add(ArchiveDocuments.call(call));
                    archived.add(new ArchivedCalls.Call(call.getClientId(), call.getAttemptId()));
                } else if (r.topic().equals(config.campaignSummariesTopic())) {
                    campaigns.add(ArchiveDocuments.campaign(summaries.deserialize(r.topic(), bytes(r))));
                } else {
                    throw new IllegalArgumentException("topic " + r.topic() + " is not archived by this connector");
                }
            } catch (RuntimeException e) {
                report(r, e);
            }
        }
        try {
            writer.write(calls, campaigns);
            failedAttempts = 0;
            if (hotCopies != null) {
                hotCopies.archived(archived);
            }
        } catch (MongoException e) {
            if (!isTransient(e)) {
                throw new ConnectException("MongoDB rejected the batch", e);
            }
            if (++failedAttempts > config.maxRetries()) {
                throw new ConnectException("MongoDB still failing after " + config.maxRetries() + " retries", e);
            }
            LOG.warn("transient MongoDB error (attempt {} of {}), batch will be redelivered: {}", failedAttempts,
                    config.maxRetries(), e.getMessage());
            context.timeout(config.retryBackoffMs());
            throw new RetriableException("MongoDB unavailable, batch will be redelivered", e);
        }
    }

    /** Network trouble, a primary change or a server-labelled retryable write: worth the same batch again. */
    static boolean isTransient(MongoException e) {
        return e instanceof MongoSocketException || e instanceof MongoTimeoutException
                || e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException
                || e.hasErrorLabel("RetryableWriteError");
    }

    private static byte[] bytes(SinkRecord r) {
        if (r.value() instanceof byte[] b) {
            return b;
        }
        throw new IllegalArgumentException("value is " + (r.value() == null ? "null" : r.value().getClass().getName())
                + ", expected Avro bytes (configure value.converter=ByteArrayConverter)");
    }

    private void report(SinkRecord r, RuntimeException e) {
        ErrantRecordReporter reporter = context == null ? null : context.errantRecordReporter();
        if (reporter == null) {
            // no DLQ configured: failing loudly beats silently dropping a record
            throw new ConnectException("cannot archive record " + r.topic() + "/" + r.kafkaPartition() + "@"
                    + r.kafkaOffset() + ": " + e.getMessage(), e);
        }
        LOG.warn("record {}/{}@{} to the DLQ: {}", r.topic(), r.kafkaPartition(), r.kafkaOffset(), e.getMessage());
        try {
            reporter.report(r, e).get();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while reporting an errant record", ie);
        } catch (java.util.concurrent.ExecutionException ee) {
            throw new ConnectException("could not write to the DLQ", ee.getCause());
        }
    }

    @Override
    public void stop() {
        if (hotCopies != null) {
            hotCopies.close();
        }
        if (client != null) {
            client.close();
        }
        if (schemaTopic != null) {
            schemaTopic.close();
        }
    }

    @Override
    public String version() {
        return "0.1.0";
    }
}
