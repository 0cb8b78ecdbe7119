package com.dialer.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CallContextTest {

    @Test
    void theIdsAreSetForTheWorkAndGoneAfterIt() {
        try (CallContext call = CallContext.of("c1:k1:1", "c1", "acme")) {
            assertThat(MDC.get("attemptId")).isEqualTo("c1:k1:1");
            assertThat(MDC.get("campaignId")).isEqualTo("c1");
            assertThat(MDC.get("clientId")).isEqualTo("acme");
        }
        assertThat(MDC.get("attemptId")).isNull();
        assertThat(MDC.get("campaignId")).isNull();
        assertThat(MDC.get("clientId")).isNull();
    }

    @Test
    void aNestedCallPutsBackTheOuterCallsIds() {
        try (CallContext outer = CallContext.of("c1:k1:1", "c1", "acme")) {
            try (CallContext inner = CallContext.of("c2:k9:2", null, "beta")) {
                assertThat(MDC.get("attemptId")).isEqualTo("c2:k9:2");
                assertThat(MDC.get("campaignId")).isNull();
            }
            assertThat(MDC.get("attemptId")).isEqualTo("c1:k1:1");
            assertThat(MDC.get("campaignId")).isEqualTo("c1");
            assertThat(MDC.get("clientId")).isEqualTo("acme");
        }
    }

    @Test
    void anotherThreadNeverSeesTheIds() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>("unset");
        try (CallContext call = CallContext.of("c1:k1:1", "c1", "acme")) {
            Thread other = Thread.ofVirtual().start(() -> seen.set(MDC.get("attemptId")));
            other.join();
        }
        assertThat(seen.get()).isNull();
    }

    @Test
    void anOpenedContextFilledLaterIsClearedOnClose() {
        try (CallContext call = CallContext.open()) {
            CallContext.put("c1:k1:1", "c1", "acme");
            assertThat(MDC.get("clientId")).isEqualTo("acme");
        }
        assertThat(MDC.get("clientId")).isNull();
    }
}
