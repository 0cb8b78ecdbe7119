package com.dialer.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

import com.dialer.launcher.stack.ArchiveWorker;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicReplication;

/**
 * The standalone Connect worker running the archiver: its settings and the connector's, the latter
 * exactly as the launcher's worker registers it ({@link ArchiveWorker#connectorConfig}). Either
 * written to the two files {@code ConnectStandalone worker.properties connector.properties} is
 * started with (its own process), or started in this JVM when no scenario kills it.
 */
final class ConnectFiles {
    static final String CONNECTOR = ArchiveWorker.CONNECTOR;

    private ConnectFiles() {
    }

    static Map<String, String> worker(Path dir, String bootstrapServers) {
        // mutable: the runtime adds its defaults to it
        return new HashMap<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
                // a sink commits its offsets to Kafka; this file is for source connectors' offsets only
                "offset.storage.file.filename", dir.resolve("connect.offsets").toString(),
                "offset.flush.interval.ms", "1000",
                // the archiver is on the class path and lists itself in META-INF/services: no class path scan
                "plugin.discovery", "service_load",
                "listeners", "http://127.0.0.1:0"));
    }

    static Map<String, String> connector(String mongoUri, String database, String redisUri, TopicCatalog topics,
                                         String bootstrapServers) {
        return ArchiveWorker.connectorConfig(mongoUri, database, redisUri, topics, TopicReplication.ONE_BROKER, bootstrapServers);
    }

    /** Writes both files under {@code dir} and returns the arguments of {@code ConnectStandalone}. */
    static List<String> write(Path dir, Map<String, String> worker, Map<String, String> connector) {
        try {
            Files.createDirectories(dir);
            Path workerFile = dir.resolve("worker.properties");
            store(workerFile, worker);
            Path connectorFile = dir.resolve(CONNECTOR + ".properties");
            store(connectorFile, connector);
            return List.of(workerFile.toString(), connectorFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Connect worker's files under " + dir, e);
        }
    }

    /** The worker in this JVM, the connector created; closing it stops the worker. */
    static AutoCloseable startHere(Map<String, String> worker, Map<String, String> connector) {
        Connect<StandaloneHerder> connect = new ConnectStandalone().startConnect(worker);
        try {
            FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
            connect.herder().putConnectorConfig(CONNECTOR, connector, false, created);
            created.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            connect.stop();
            throw new IllegalStateException("the archiver did not start in this JVM: " + e, e);
        }
        return () -> {
            connect.stop();
            connect.awaitStop();
        };
    }

    private static void store(Path file, Map<String, String> values) throws IOException {
        Properties p = new Properties();
        p.putAll(values);
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "written by dialer-chaos");
        }
    }
}
