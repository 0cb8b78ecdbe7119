package com.dialer.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusConfigTest {
    private static final Map<String, String> REQUIRED = Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
            "REDIS_URI", "redis://127.0.0.1:6379");

    private static Map<String, String> with(String key, String value) {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.put(key, value);
        return env;
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        StatusConfig c = StatusConfig.from(REQUIRED);
        assertThat(c.applicationId()).isEqualTo("status-processor");
        assertThat(c.partitions()).isEqualTo(6);
        assertThat(c.hotWindow()).isEqualTo(Duration.ofDays(30));
        assertThat(c.reaperInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.reaperGrace()).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.defaultRingTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.defaultTimeLimit()).isEqualTo(Duration.ofSeconds(14_400));
        assertThat(c.attemptRetention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        assertThatThrownBy(() -> StatusConfig.from(Map.of("REDIS_URI", "redis://x:1")))
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void aBadValueIsNamedWithItsKey() {
        assertThatThrownBy(() -> StatusConfig.from(with("REAPER_INTERVAL_MS", "soon")))
                .hasMessage("REAPER_INTERVAL_MS: not a whole number: soon");
        assertThatThrownBy(() -> StatusConfig.from(with("TOPIC_PARTITIONS", "0")))
                .hasMessage("TOPIC_PARTITIONS: must be >= 1, was 0");
        assertThatThrownBy(() -> StatusConfig.from(with("REDIS_URI", "http://user:secret@host")))
                .hasMessageContaining("REDIS_URI").hasMessageNotContaining("secret");
    }

    @Test
    void theRedisPasswordIsNeverLogged() {
        StatusConfig c = StatusConfig.from(with("REDIS_URI", "redis://default:s3cret@redis:6379"));
        assertThat(c.toString()).contains("redis://****@redis:6379").doesNotContain("s3cret");
    }
}
