package com.dialer.state;

import com.dialer.schemas.EnvironmentKeys;
import com.dialer.schemas.TopicCatalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HotRetentionTest {

    private static Duration hotWindow(Map<String, String> env) {
        return HotRetention.HOT_WINDOW.read(new EnvironmentKeys(env::get));
    }

    @Test
    void theHotWindowDefaultsToThirtyDaysAndNamesItsKeyWhenWrong() {
        assertThat(hotWindow(Map.of())).isEqualTo(Duration.ofDays(30));
        assertThat(hotWindow(Map.of("HOT_WINDOW_SECONDS", "90"))).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> hotWindow(Map.of("HOT_WINDOW_SECONDS", "0"))).hasMessageStartingWith("HOT_WINDOW_SECONDS");
        assertThatThrownBy(() -> hotWindow(Map.of("HOT_WINDOW_SECONDS", "a month"))).hasMessageStartingWith("HOT_WINDOW_SECONDS");
    }

    @Test
    void theDialGuardOutlivesDialRequestsRetentionButNotTheHotWindow() {
        Duration guard = HotRetention.dialGuardLife(Duration.ofDays(30));
        assertThat(guard).isGreaterThan(TopicCatalog.EVENTS_RETENTION).isEqualTo(Duration.ofDays(15));
        assertThat(HotRetention.dialGuardLife(Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(90));
        assertThat(HotRetention.dialGuardLife(Duration.ofDays(15))).isEqualTo(Duration.ofDays(15));
    }
}
