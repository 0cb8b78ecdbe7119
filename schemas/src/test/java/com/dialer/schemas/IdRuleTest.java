package com.dialer.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdRuleTest {

    @Test
    void anIdIsOneToSixtyFourSafeCharacters() {
        assertThat(IdRule.valid("acme-1.b_2")).isTrue();
        assertThat(IdRule.valid("a".repeat(64))).isTrue();
        for (String bad : new String[] {null, "", "a".repeat(65), "a}b", "a{b", "a:b", "a b", "a|b", "é"}) {
            assertThat(IdRule.valid(bad)).as(bad).isFalse();
        }
    }

    @Test
    void anAttemptIdIsValidIdsJoinedByColons() {
        assertThat(IdRule.validAttempt("camp-1:contact-7:2")).isTrue();
        assertThat(IdRule.validAttempt("plain")).isTrue();
        assertThat(IdRule.validAttempt("a".repeat(64) + ":" + "b".repeat(64) + ":1")).isTrue();
        for (String bad : new String[] {null, "", ":", "a:", ":a", "a::b", "evil}:X", "a:b c:1", "a".repeat(65) + ":1"}) {
            assertThat(IdRule.validAttempt(bad)).as(bad).isFalse();
        }
    }
}
