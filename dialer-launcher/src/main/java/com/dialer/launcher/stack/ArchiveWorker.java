package com.dialer.launcher.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

import com.dialer.archiver.ArchiverSinkConfig;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicReplication;

/**
 * A real Kafka Connect worker (standalone mode, from the connect-runtime jars) running the
 * archiver sink: call-records and campaign-summaries into MongoDB. The connector is the same
 * plugin a production worker loads; here it is found on the class path.
 */
public final class ArchiveWorker implements AutoCloseable {
    public static final String CONNECTOR = "archiver-sink";

    private final Connect<StandaloneHerder> connect;

    /** The JVM shutdown hook {@code Connect.start} registers for itself through Kafka's {@link Exit}. */
    private static final String CONNECT_HOOK = "connect-shutdown-hook";

    static {
        // This worker's owner stops it, in order (DialerStack, at exit too). Connect's own hook would stop it again
        // concurrently and, when Ctrl-C comes while the worker starts, hang the exiting JVM in Jetty's join.
        Exit.setShutdownHookAdder((name, hook) -> {
            if (!CONNECT_HOOK.equals(name)) {
                // what Kafka's default adder does
                Runtime.getRuntime().addShutdownHook(name == null ? new Thread(hook) : new Thread(hook, name));
            }
        });
    }

    private ArchiveWorker(Connect<StandaloneHerder> connect) {
        this.connect = connect;
    }

    /**
     * On the brokers at {@code bootstrapServers}, no other client property, one broker (the embedded stack), no Redis
     * (archived calls keep their hot copies for the hot window).
     */
    public static ArchiveWorker start(String bootstrapServers, String mongoUri, String database, TopicCatalog topics,
                                      Path workDir) {
        return start(KafkaClientProperties.of(bootstrapServers), TopicReplication.ONE_BROKER, mongoUri, database, "", topics, workDir,
                null);
    }

    /**
     * The worker with every client property of {@code kafka} ({@link KafkaClientProperties#connectWorker}),
     * its dead-letter topic (if Connect creates it) replicated {@code replication}-fold; archived calls' hot copies
     * shrink in the Redis at {@code redisUri} (empty: none) to {@code hotAfterArchive} (null: the connector's default).
     */
    public static ArchiveWorker start(KafkaClientProperties kafka, TopicReplication replication, String mongoUri, String database,
                                      String redisUri, TopicCatalog topics, Path workDir, Duration hotAfterArchive) {
        try {
            Path offsets = Files.createTempFile(Files.createDirectories(workDir), "connect-offsets", ".dat");
            // mutable maps: the runtime adds its defaults to them
            Map<String, String> worker = new HashMap<>(kafka.connectWorker(Map.of(
                    "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                    "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
                    "offset.storage.file.filename", offsets.toString(),
                    "offset.flush.interval.ms", "1000",
                    "plugin.discovery", "service_load",
                    "listeners", "http://127.0.0.1:0")));
            ArchiveWorker archive = new ArchiveWorker(new ConnectStandalone().startConnect(worker));
            try {
                Map<String, String> config = connectorConfig(mongoUri, database, redisUri, topics, replication, kafka.bootstrapServers());
                if (hotAfterArchive != null) {
                    config.put(ArchiverSinkConfig.HOT_AFTER_ARCHIVE_SECONDS, Long.toString(hotAfterArchive.toSeconds()));
                }
                archive.run(config);
            } catch (Exception e) {
                archive.close();
                throw e;
            }
            return archive;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the Connect worker: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("the archiver sink did not start: " + e.getMessage(), e);
        }
    }

    /**
     * The connector's configuration, as a production worker would be given it; its tasks read the schema topic at
     * {@code schemaBootstrapServers}, so a record written by a newer build of the status-processor is archived, and
     * shrink each archived call's hot copy in the Redis at {@code redisUri} (the services' REDIS_URI; empty: none).
     */
    public static Map<String, String> connectorConfig(String mongoUri, String database, String redisUri, TopicCatalog topics,
                                                      TopicReplication replication, String schemaBootstrapServers) {
        Map<String, String> config = new HashMap<>();
        config.put("name", CONNECTOR);
        config.put("connector.class", "com.dialer.archiver.ArchiverSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topics.callRecords().name() + "," + topics.campaignSummaries().name());
        config.put("mongodb.connection.uri", mongoUri);
        config.put("mongodb.database", database);
        config.put("archiver.call-records.topic", topics.callRecords().name());
        config.put("archiver.campaign-summaries.topic", topics.campaignSummaries().name());
        config.put("archiver.schema.bootstrap.servers", schemaBootstrapServers);
        config.put("archiver.schema.topic", topics.schemas().name());
        config.put(ArchiverSinkConfig.REDIS_URI, redisUri);
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", topics.dlq(topics.callRecords()).name());
        config.put("errors.deadletterqueue.topic.replication.factor", Short.toString(replication.replicationFactor()));
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        // only committed records: a status-processor transaction that aborts never reaches the archive
        config.put("consumer.override.isolation.level", "read_committed");
        return config;
    }

    private void run(Map<String, String> config) throws Exception {
        FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
        connect.herder().putConnectorConfig(CONNECTOR, config, false, created);
        created.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
