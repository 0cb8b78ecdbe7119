package com.dialer.state.reads.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiTokensTest {

    @Test
    void aBearerTokenNamesItsClient() {
        ApiTokens tokens = ApiTokens.parse("t1=acme, t2=globex");

        assertThat(tokens.clientOf("Bearer t1")).hasValue("acme");
        assertThat(tokens.clientOf("Bearer t2")).hasValue("globex");
        assertThat(tokens.clientOf("Bearer t3")).isEmpty();
        assertThat(tokens.clientOf("t1")).isEmpty();
        assertThat(tokens.clientOf(null)).isEmpty();
    }

    @Test
    void aMalformedEntryIsRejectedWithoutPrintingTheToken() {
        assertThatThrownBy(() -> ApiTokens.parse("t1=acme,secret-token"))
                .hasMessageContaining("entry 2").hasMessageNotContaining("secret-token");
        assertThat(ApiTokens.parse("t1=acme").toString()).doesNotContain("t1");
    }
}
