package com.dialer.launcher.stack;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The options of {@code ./dialer up} and {@code ./dialer demo} that point the stack at services
 * running elsewhere ({@link ExternalServices}); each one given replaces the embedded part.
 */
public final class ExternalServiceOptions {

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "an external Kafka (HOST:PORT[,HOST:PORT...]) instead of the embedded broker; topics we create "
                    + "get replication factor 3 and min.insync.replicas 2, lowered with a warning on fewer brokers")
    String kafkaBootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "a Kafka client properties file for the external Kafka (security.protocol, sasl.*, ssl.*, ...), "
                    + "given to every client as KAFKA_CONFIG_FILE; needs --kafka-bootstrap")
    Path kafkaConfig;

    @Option(names = "--redis-uri", paramLabel = "URI",
            description = "an external Redis instead of the embedded one: one node (redis://[:password@]host:port[/db], "
                    + "rediss://...), a Sentinel-watched master (redis-sentinel://s1:26379,s2:26379/0#mymaster) or a cluster "
                    + "(redis-cluster://h1:7000,h2:7001,...)")
    String redisUri;

    @Option(names = "--mongodb-uri", paramLabel = "URI",
            description = "an external MongoDB (mongodb://... or mongodb+srv://...) instead of the embedded one")
    String mongoUri;

    /** The options given, checked; an IllegalArgumentException names the wrong one. */
    public ExternalServices services() {
        return new ExternalServices(kafkaBootstrap, kafkaConfig, redisUri, mongoUri);
    }
}
