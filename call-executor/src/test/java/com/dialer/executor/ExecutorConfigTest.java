package com.dialer.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExecutorConfigTest {
    private final Map<String, String> env = new HashMap<>(Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
            "REDIS_URI", "redis://127.0.0.1:6379",
            "PLIVO_AUTH_ID", "MADIALERSIMULATOR001",
            "PLIVO_AUTH_TOKEN", "s3cret",
            "WEBHOOK_BASE_URL", "https://hooks.example.com"));

    @Test
    void defaultsApplyAndTheTokenIsNeverPrinted() {
        ExecutorConfig config = ExecutorConfig.from(env);

        assertThat(config.limits().defaultClientCap()).isEqualTo(10);
        assertThat(config.groupId()).isEqualTo("call-executor");
        assertThat(config.warmupEnabled()).isFalse();
        assertThat(config.toString()).doesNotContain("s3cret").contains("authToken=****");
    }

    @Test
    void theRedisPasswordIsNeverPrinted() {
        env.put("REDIS_URI", "redis://dialer:r3dis-pw@redis:6379");

        assertThat(ExecutorConfig.from(env).toString()).doesNotContain("r3dis-pw").contains("redis=redis://****@redis:6379");
    }

    @Test
    void aMisspeltLogLevelStopsTheStartNamingTheKey() {
        env.put("LOG_LEVEL", "verbose");

        assertThatThrownBy(() -> ExecutorConfig.from(env)).hasMessageStartingWith("LOG_LEVEL: must be one of");
    }

    @Test
    void aBadCallerIdPoolStopsTheStartNamingTheKeyAndTheEntry(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path pools = java.nio.file.Files.writeString(dir.resolve("pools.json"),
                "{\"acme\": {\"local\": [{\"number\": \"+12015550100\", \"regions\": [\"US:201\", \"Jersey\"]}]}}");
        env.put("CALLER_ID_POOLS_FILE", pools.toString());

        assertThatThrownBy(() -> ExecutorConfig.from(env))
                .hasMessageStartingWith("CALLER_ID_POOLS_FILE: acme/local[0].regions[1]: 'Jersey': 'JERSEY' is not a region code");
    }

    @Test
    void aMissingSettingIsNamed() {
        env.remove("WEBHOOK_BASE_URL");
        assertThatThrownBy(() -> ExecutorConfig.from(env)).hasMessage("WEBHOOK_BASE_URL: required, not set");
    }

    @Test
    void aBadSettingIsNamedWithItsValue() {
        env.put("DEFAULT_CLIENT_CAP", "ten");
        assertThatThrownBy(() -> ExecutorConfig.from(env)).hasMessage("DEFAULT_CLIENT_CAP: not a whole number: ten");
        env.put("DEFAULT_CLIENT_CAP", "5");
        env.put("REDIS_URI", "not a url");
        assertThatThrownBy(() -> ExecutorConfig.from(env)).hasMessageStartingWith("REDIS_URI: not a URI");
        env.put("REDIS_URI", "redis-sentinel://h1:26379,h2:26379/0");
        assertThatThrownBy(() -> ExecutorConfig.from(env)).hasMessageStartingWith("REDIS_URI: names no master");
    }

    @Test
    void aSentinelOrClusterUriIsAcceptedWithItsManyHosts() {
        env.put("REDIS_URI", "redis-sentinel://h1:26379,h2:26379/0#mymaster");
        assertThat(ExecutorConfig.from(env).redisUri()).isEqualTo("redis-sentinel://h1:26379,h2:26379/0#mymaster");
        env.put("REDIS_URI", "redis-cluster://h1:7000,h2:7001,h3:7002");
        assertThat(ExecutorConfig.from(env).redisUri()).isEqualTo("redis-cluster://h1:7000,h2:7001,h3:7002");
    }

    @Test
    void clientLimitsAreReadAsTheSchedulerReadsThemAndABadEntryIsNamed() {
        env.put("CLIENT_LIMITS", "acme=4, beta=6/120");
        ExecutorConfig config = ExecutorConfig.from(env);
        assertThat(config.limits().configuredCap("acme")).isEqualTo(4);
        assertThat(config.limits().configuredCap("beta")).isEqualTo(6);
        assertThat(config.limits().configuredCap("other")).isEqualTo(10);

        env.put("CLIENT_LIMITS", "acme=lots");
        assertThatThrownBy(() -> ExecutorConfig.from(env)).hasMessageContaining("CLIENT_LIMITS entry 'acme=lots'");
    }

    @Test
    void aWarmUpLongerThanTheReserveLeaseAllowsIsRefused() {
        env.put("BOT_WARMUP_TIMEOUT_MS", "20000");
        assertThatThrownBy(() -> ExecutorConfig.from(env)).hasMessageStartingWith("BOT_WARMUP_TIMEOUT_MS");
    }

    @Test
    void callbackUrlsCarryTheAttemptTheClientAndTheCampaign() {
        CallbackUrls urls = CallbackUrls.of("https://hooks.example.com/", "camp-1:c 1:2", "client-9", "camp 1");
        assertThat(urls.hangup())
                .isEqualTo("https://hooks.example.com/plivo/hangup?attemptId=camp-1%3Ac+1%3A2&client=client-9&campaign=camp+1");
        assertThat(urls.machine()).startsWith("https://hooks.example.com/plivo/machine?");
    }
}
