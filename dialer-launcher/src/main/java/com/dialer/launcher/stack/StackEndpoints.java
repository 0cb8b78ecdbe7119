package com.dialer.launcher.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.dialer.schemas.KafkaClientProperties;
import com.dialer.state.limits.Limits;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Where a running stack can be reached, and the limits it was configured with (as environment keys, so
 * {@code ./dialer limits} resolves caps exactly as the services do); written to the state file of
 * {@code ./dialer up}. {@code parts} says which of kafka, redis, mongodb are embedded and which
 * external; a password in a URI is masked (the file is no place for secrets), and
 * {@code kafkaConfigFile} names the client properties file rather than repeating its contents.
 */
public record StackEndpoints(String kafkaBootstrap, String redisUri, String mongoUri, String topicPrefix,
                             int partitions, String webhookBaseUrl, String queryApiUrl, String dashboardUrl,
                             String plivoApiUrl, long pid, long startedAtMillis, Map<String, String> limits,
                             Map<String, String> parts, String kafkaConfigFile) {

    /**
     * The Kafka clients' settings of the running stack: its bootstrap servers and the client properties
     * file it was given ({@code --kafka-config}), read again as the services read it.
     */
    public KafkaClientProperties kafka() {
        return new ExternalServices(kafkaBootstrap, kafkaConfigFile == null ? null : Path.of(kafkaConfigFile), null, null).kafka();
    }

    /** The limits the running stack was configured with. */
    public Limits configuredLimits() {
        Map<String, String> env = limits == null ? Map.of() : limits;
        return Limits.from(env::get);
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        // readers never see a half-written file
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static StackEndpoints read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), StackEndpoints.class);
    }
}
