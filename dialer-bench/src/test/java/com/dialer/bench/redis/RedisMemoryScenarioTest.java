package com.dialer.bench.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.dialer.state.RedisKeys;

class RedisMemoryScenarioTest {

    private final RedisKeys keys = RedisKeys.standard();

    @Test
    void eachPerCallKeyOfTheLayoutIsCountedUnderItsOwnKind() {
        assertThat(RedisMemoryScenario.kindOf(keys.attempt("acme", "camp:k1:1"))).isEqualTo("attempt");
        assertThat(RedisMemoryScenario.kindOf(keys.dialGuard("acme", "camp:k1:1"))).isEqualTo("dial");
        assertThat(RedisMemoryScenario.kindOf(keys.recipientCalls("acme", "+14155550100"))).isEqualTo("recipient");
        assertThat(RedisMemoryScenario.kindOf(keys.recipientLive("acme", "+14155550100"))).isEqualTo("recipient-live");
        assertThat(RedisMemoryScenario.kindOf(keys.recentCalls("acme"))).isEqualTo("recent");
        assertThat(RedisMemoryScenario.kindOf(keys.answeredCall("acme", "0b5e2b1a-1a2b-4c3d-8e9f-001122334455"))).isEqualTo("answered");
        assertThat(RedisMemoryScenario.kindOf(keys.callbackNonce("acme", "n-1"))).isEqualTo("nonce");
        assertThat(RedisMemoryScenario.kindOf(keys.callCopy("acme", "camp:k1:1"))).isEqualTo("copy");
    }

    @Test
    void keysNotKeptPerCallAreFixedCosts() {
        assertThat(RedisMemoryScenario.kindOf(keys.campaignStats("acme", "camp"))).isEqualTo("other");
        assertThat(RedisMemoryScenario.kindOf(keys.slots("acme"))).isEqualTo("other");
        assertThat(RedisMemoryScenario.kindOf(keys.slotWitnesses().get(0))).isEqualTo("other");
        assertThat(RedisMemoryScenario.kindOf(keys.globalRate())).isEqualTo("other");
    }
}
