package com.dialer.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundUrlPolicyTest {
    private final OutboundUrlPolicy standard = OutboundUrlPolicy.standard();

    private static OutboundUrlPolicy policy(String schemes, String hosts) {
        return OutboundUrlPolicy.from(new EnvironmentKeys(Map.of("OUTBOUND_URL_SCHEMES", schemes, "OUTBOUND_URL_HOSTS", hosts)::get));
    }

    @Test
    void theDefaultAllowsHttpsAndWssToPublicHostsAndNoUrlAtAll() {
        assertThat(standard.problem("warmupUrl", "https://bots.example.com/warm")).isEmpty();
        assertThat(standard.problem("botStreamUrl", "wss://bots.example.com/s?x=1")).isEmpty();
        assertThat(standard.problem("warmupUrl", null)).isEmpty();
        assertThat(standard.problem("warmupUrl", " ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://bots.example.com/warm", "ws://bots.example.com/s", "file:///etc/passwd", "gopher://x/",
        "ftp://bots.example.com/"})
    void theDefaultRefusesEveryOtherScheme(String url) {
        assertThat(standard.problem("warmupUrl", url)).hasValueSatisfying(p -> assertThat(p).contains("scheme"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/", "https://127.1.2.3:8443/x", "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.5/", "https://172.16.3.4/", "https://192.168.1.1/", "https://100.64.0.1/", "https://0.0.0.0/",
        "https://[::1]/", "https://[fe80::1]/", "https://[fd00::1]/", "https://[::ffff:127.0.0.1]/", "https://localhost/",
        "https://admin.localhost/"})
    void internalAddressesAreRefusedUnlessNamedExactly(String url) {
        assertThat(standard.problem("warmupUrl", url)).hasValueSatisfying(p -> assertThat(p).contains("not named in OUTBOUND_URL_HOSTS"));
    }

    @Test
    void anInternalAddressNamedExactlyIsAllowedAsATestStackNeedsIt() {
        OutboundUrlPolicy local = policy("http,https,ws,wss", "*,127.0.0.1");
        assertThat(local.problem("warmupUrl", "http://127.0.0.1:9000/warm")).isEmpty();
        assertThat(local.problemResolved("warmupUrl", "http://127.0.0.1:9000/warm")).isEmpty();
        assertThat(local.problem("warmupUrl", "http://10.0.0.1/")).isPresent();
    }

    @Test
    void hostPatternsNarrowWhereWeCall() {
        OutboundUrlPolicy bots = policy("https,wss", "*.bots.example.com,voice.example.org");
        assertThat(bots.problem("botStreamUrl", "wss://eu.bots.example.com/s")).isEmpty();
        assertThat(bots.problem("botStreamUrl", "wss://VOICE.example.org./s")).isEmpty();
        assertThat(bots.problem("botStreamUrl", "wss://bots.example.com.evil.net/s")).hasValueSatisfying(
                p -> assertThat(p).contains("host bots.example.com.evil.net is not allowed"));
        assertThat(bots.problem("botStreamUrl", "wss://evil.net/s")).isPresent();
    }

    @Test
    void aUrlWithCredentialsOrWithoutAHostIsRefused() {
        assertThat(standard.problem("warmupUrl", "https://user:pw@bots.example.com/")).hasValueSatisfying(
                p -> assertThat(p).contains("credentials").doesNotContain("pw"));
        assertThat(standard.problem("warmupUrl", "https:///nohost")).isPresent();
        assertThat(standard.problem("warmupUrl", "not a url at all")).isPresent();
    }

    @Test
    void aNameThatResolvesToAnInternalAddressIsRefusedWhenResolved() {
        // localhost.localdomain-style names are refused by name; a public-looking name resolving inward by resolution
        assertThat(standard.problemResolved("warmupUrl", "https://does-not-exist.invalid/")).hasValueSatisfying(
                p -> assertThat(p).contains("does not resolve"));
    }

    @Test
    void aBadPatternIsNamedAtStartUp() {
        assertThatThrownBy(() -> policy("https", "bots.*.com")).hasMessageStartingWith("OUTBOUND_URL_HOSTS");
    }
}
