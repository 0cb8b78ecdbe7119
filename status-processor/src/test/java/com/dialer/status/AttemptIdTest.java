package com.dialer.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttemptIdTest {

    @Test
    void readsCampaignContactAndAttemptNumber() {
        assertThat(AttemptId.parse("camp-1:contact-9:3", null)).contains(new AttemptId("camp-1", "contact-9", 3));
    }

    @Test
    void aKnownCampaignLetsTheContactIdContainColons() {
        assertThat(AttemptId.parse("camp-1:crm:42:2", "camp-1")).contains(new AttemptId("camp-1", "crm:42", 2));
        assertThat(AttemptId.parse("camp-1:crm:42:2", null)).contains(new AttemptId("camp-1", "crm:42", 2));
    }

    @Test
    void anIdOfAnotherCampaignIsNotGuessedFrom() {
        assertThat(AttemptId.parse("camp-2:c:1", "camp-1")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a-1", "camp:c:0", "camp:c:x", ":c:1", "camp::1", "camp:1"})
    void anIdOffTheConventionTellsNothing(String id) {
        assertThat(AttemptId.parse(id, null)).isEmpty();
    }
}
