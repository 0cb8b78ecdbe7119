package com.dialer.state.reads.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiTokensTest {
    private static final String T1 = ApiTokens.hash("t1");
    private static final String T2 = ApiTokens.hash("t2");

    @Test
    void aBearerTokenNamesItsClientByItsHash() {
        ApiTokens tokens = ApiTokens.parse(T1 + "=acme, " + T2.toUpperCase() + "=globex");

        assertThat(tokens.clientOf("Bearer t1")).hasValue("acme");
        assertThat(tokens.clientOf("Bearer t2")).hasValue("globex");
        assertThat(tokens.clientOf("Bearer t3")).isEmpty();
        assertThat(tokens.clientOf("Bearer " + T1)).as("the hash itself is no token").isEmpty();
        assertThat(tokens.clientOf("t1")).isEmpty();
        assertThat(tokens.clientOf("Bearer ")).isEmpty();
        assertThat(tokens.clientOf(null)).isEmpty();
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        ApiTokens tokens = ApiTokens.parse(T1 + "=acme");
        assertThat(tokens.clientOf("bearer t1")).hasValue("acme");
        assertThat(tokens.clientOf("BEARER   t1 ")).hasValue("acme");
    }

    @Test
    void aMalformedEntryIsRejectedNamingTheKeyWithoutPrintingTheToken() {
        assertThatThrownBy(() -> ApiTokens.parse(T1 + "=acme,secret-token=globex"))
                .hasMessageStartingWith("QUERY_API_TOKENS: entry 2").hasMessageContaining("./dialer token")
                .hasMessageNotContaining("secret-token");
        assertThatThrownBy(() -> ApiTokens.parse(T1 + "=ac}me")).hasMessageStartingWith("QUERY_API_TOKENS: entry 1");
        assertThat(ApiTokens.parse(T1 + "=acme").toString()).doesNotContain(T1);
    }

    @Test
    void theSameTokenTwiceIsRefusedAtStartUp() {
        assertThatThrownBy(() -> ApiTokens.parse(T1 + "=acme," + T2 + "=beta," + T1.toUpperCase() + "=globex"))
                .hasMessage("QUERY_API_TOKENS: entry 3 repeats the token of entry 1");
    }

    @Test
    void anEmptySpecGrantsNothing() {
        assertThat(ApiTokens.parse("").isEmpty()).isTrue();
        assertThat(ApiTokens.parse(null).clientOf("Bearer t1")).isEmpty();
    }

    @Test
    void aNewTokenIsLongRandomAndMatchesItsHash() {
        String token = ApiTokens.newToken();
        assertThat(token).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(ApiTokens.newToken());
        assertThat(ApiTokens.parse(ApiTokens.hash(token) + "=acme").clientOf("Bearer " + token)).hasValue("acme");
    }
}
