package com.dialer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SchedulerConfigTest {

    @Test
    void readsTheGlobalLimitAsOperatorsStateIt() {
        SchedulerConfig config = SchedulerConfig.fromEnv(Map.of("MAX_CALLS_PER_MINUTE", "1200",
                "RATE_LIMIT_WINDOW", "30000", "RATE_LIMIT_BURST", "4"));
        assertThat(config.globalLimit().permits()).isEqualTo(1200);
        assertThat(config.globalLimit().window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.globalLimit().burst()).isEqualTo(4);
        assertThat(config.globalLimit().emissionIntervalMicros()).isEqualTo(25_000);
    }

    @Test
    void defaultsTheWindowToOneMinute() {
        assertThat(SchedulerConfig.defaults().globalLimit().window()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void masksTheRedisPasswordWhenLogged() {
        SchedulerConfig config = SchedulerConfig.fromEnv(Map.of("REDIS_URI", "redis://user:s3cret@redis:6379"));
        assertThat(config.toString()).contains("redis://***@redis:6379").doesNotContain("s3cret");
    }

    @Test
    void namesTheKeyAndValueThatAreWrong() {
        assertThatThrownBy(() -> SchedulerConfig.fromEnv(Map.of("MAX_CALLS_PER_MINUTE", "lots")))
                .hasMessageContaining("MAX_CALLS_PER_MINUTE").hasMessageContaining("lots");
        assertThatThrownBy(() -> SchedulerConfig.fromEnv(Map.of("RATE_LIMIT_WINDOW", "0")))
                .hasMessageContaining("RATE_LIMIT_WINDOW");
        assertThatThrownBy(() -> SchedulerConfig.fromEnv(Map.of("DEFAULT_TIME_ZONE", "Mars/Olympus")))
                .hasMessageContaining("DEFAULT_TIME_ZONE").hasMessageContaining("Mars/Olympus");
    }
}
