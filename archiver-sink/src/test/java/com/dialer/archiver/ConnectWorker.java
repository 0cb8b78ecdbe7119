package com.dialer.archiver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * A real Connect worker (standalone mode) started in-process from the connect-runtime jars against
 * the local-stack broker. It loads the archiver only from {@code plugin.path} (the packaged plugin
 * directory): the integration tests run without the module's own classes on the class path.
 */
final class ConnectWorker implements AutoCloseable {

    static final Path PLUGIN_PATH = Path.of("target", "plugin").toAbsolutePath();

    private final Connect<StandaloneHerder> connect;

    ConnectWorker(String bootstrapServers) throws Exception {
        Path offsets = Files.createTempFile("connect-offsets", ".dat");
        // mutable: the runtime adds defaults to the map it is given
        Map<String, String> worker = new HashMap<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
                "offset.storage.file.filename", offsets.toString(),
                "offset.flush.interval.ms", "500",
                "plugin.path", PLUGIN_PATH.toString(),
                // the plugin ships a ServiceLoader manifest, so the fastest, strictest discovery works
                "plugin.discovery", "service_load",
                "listeners", "http://127.0.0.1:0"));
        connect = new ConnectStandalone().startConnect(worker);
    }

    void start(String name, Map<String, String> config) throws Exception {
        Map<String, String> withName = new HashMap<>(config);
        withName.put("name", name);
        FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
        connect.herder().putConnectorConfig(name, withName, false, created);
        created.get(60, TimeUnit.SECONDS);
    }

    void delete(String name) throws Exception {
        FutureCallback<Herder.Created<ConnectorInfo>> deleted = new FutureCallback<>();
        connect.herder().deleteConnectorConfig(name, deleted);
        deleted.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
