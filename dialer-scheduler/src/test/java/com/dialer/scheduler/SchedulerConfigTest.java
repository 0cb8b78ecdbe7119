package com.dialer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.dialer.state.recipients.CommunicationLimits;

class SchedulerConfigTest {

    @Test
    void readsTheGlobalLimitAsOperatorsStateIt() {
        SchedulerConfig config = SchedulerConfig.fromEnv(Map.of("MAX_CALLS_PER_MINUTE", "1200",
                "RATE_LIMIT_WINDOW", "30000", "RATE_LIMIT_BURST", "4"));
        assertThat(config.limits().globalRate().permits()).isEqualTo(1200);
        assertThat(config.limits().globalRate().window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.limits().globalRate().burst()).isEqualTo(4);
        assertThat(config.limits().globalRate().emissionIntervalMicros()).isEqualTo(25_000);
    }

    @Test
    void defaultsTheWindowToOneMinute() {
        assertThat(SchedulerConfig.defaults().limits().globalRate().window()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void readsPerClientLimitsAndTheRecipientAndSummarySettings() {
        SchedulerConfig config = SchedulerConfig.fromEnv(Map.of("CLIENT_LIMITS", "acme=10, beta=5/120",
                "RECIPIENT_MIN_GAP_SECONDS", "0", "RECIPIENT_MAX_CALLS", "6", "RECIPIENT_PERIOD_HOURS", "336",
                "RECIPIENT_RECHECK_MS", "5000", "SUMMARY_INTERVAL_MS", "2500"));
        assertThat(config.limits().configuredCap("acme")).isEqualTo(10);
        assertThat(config.limits().configuredCap("beta")).isEqualTo(5);
        assertThat(config.limits().configuredRate("beta")).isEqualTo(120);
        assertThat(config.recipientLimits()).isEqualTo(new CommunicationLimits(Duration.ZERO, 6, Duration.ofDays(14)));
        assertThat(config.recipientRecheck()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.summaryInterval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(SchedulerConfig.defaults().summaryInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(SchedulerConfig.defaults().limits().clients().byClient()).isEmpty();
    }

    @Test
    void refusesAClientLimitItCannotRead() {
        for (String bad : new String[] {"acme", "acme=", "acme=-1", "a}b=3", "acme=ten", "acme=10/0", "=10", "acme=1,acme=2"}) {
            assertThatThrownBy(() -> SchedulerConfig.fromEnv(Map.of("CLIENT_LIMITS", bad)))
                    .as(bad).hasMessageContaining("CLIENT_LIMITS");
        }
    }

    @Test
    void masksTheRedisPasswordWhenLogged() {
        SchedulerConfig config = SchedulerConfig.fromEnv(Map.of("REDIS_URI", "redis://user:s3cret@redis:6379"));
        assertThat(config.toString()).contains("redis://****@redis:6379").doesNotContain("s3cret");
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

    @Test
    void readsTheRecipientPeriodInFractionsOfAnHourAndRefusesLessThanASecond() {
        assertThat(SchedulerConfig.fromEnv(Map.of("RECIPIENT_PERIOD_HOURS", "0.0125")).recipientLimits().period())
                .isEqualTo(Duration.ofSeconds(45));
        assertThat(SchedulerConfig.defaults().recipientLimits().period()).isEqualTo(Duration.ofHours(48));
        assertThatThrownBy(() -> SchedulerConfig.fromEnv(Map.of("RECIPIENT_PERIOD_HOURS", "0.0001")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RECIPIENT_PERIOD_HOURS");
        assertThatThrownBy(() -> SchedulerConfig.fromEnv(Map.of("RECIPIENT_PERIOD_HOURS", "two")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RECIPIENT_PERIOD_HOURS");
    }
}
