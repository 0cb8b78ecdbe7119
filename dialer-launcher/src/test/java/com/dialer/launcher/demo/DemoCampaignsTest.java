package com.dialer.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DemoCampaignsTest {

    @Test
    void endAfterGivesEveryCampaignAnEndThatLongAfterItsPlansAreMade() {
        Instant before = Instant.now();
        var plans = new DemoCampaigns(3, 30, 1, null, Map.of(), Duration.ofSeconds(45)).plans();
        assertThat(plans).hasSize(3).allSatisfy(p -> assertThat(p.settings().getEndAt())
                .isBetween(before.plusSeconds(45), Instant.now().plusSeconds(45)));
        assertThat(new DemoCampaigns(3, 30, 1).plans()).allSatisfy(p -> assertThat(p.settings().getEndAt()).isNull());
        assertThatThrownBy(() -> new DemoCampaigns(3, 30, 1, null, Map.of(), Duration.ZERO)).hasMessageContaining("--end-after");
    }
}
