package com.dialer.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackEndpointsTest {

    @Test
    void theStateFileReadsBackWhatWasWritten(@TempDir Path dir) throws Exception {
        StackEndpoints endpoints = new StackEndpoints("127.0.0.1:9092", "redis://127.0.0.1:6379",
                "mongodb://127.0.0.1:27017", "", 6, "http://127.0.0.1:8081", "http://127.0.0.1:8082",
                "http://127.0.0.1:8083/", null, 42, 1_700_000_000_000L, java.util.Map.of("CLIENT_LIMITS", "acme=3"),
                java.util.Map.of("kafka", "external", "redis", "embedded", "mongodb", "embedded"), "/etc/dialer/kafka.properties");
        Path file = dir.resolve("nested/state.json");

        endpoints.write(file);

        assertThat(StackEndpoints.read(file)).isEqualTo(endpoints);
        assertThat(file.resolveSibling("state.json.tmp")).doesNotExist();
    }
}
