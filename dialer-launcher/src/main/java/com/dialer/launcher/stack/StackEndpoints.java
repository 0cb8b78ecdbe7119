package com.dialer.launcher.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.dialer.state.limits.Limits;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Where a running stack can be reached, and the limits it was configured with (as environment keys, so
 * {@code ./dialer limits} resolves caps exactly as the services do); written to the state file of
 * {@code ./dialer up}.
 */
public record StackEndpoints(String kafkaBootstrap, String redisUri, String mongoUri, String topicPrefix,
                             int partitions, String webhookBaseUrl, String queryApiUrl, String dashboardUrl,
                             String plivoApiUrl, long pid, long startedAtMillis, Map<String, String> limits) {

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
