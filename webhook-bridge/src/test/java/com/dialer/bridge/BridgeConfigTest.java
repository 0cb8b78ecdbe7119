package com.dialer.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.dialer.avro.MachinePolicy;

class BridgeConfigTest {
    private final Map<String, String> env = new HashMap<>(Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
            "PLIVO_AUTH_TOKEN", "s3cret-token", "REDIS_URI", "redis://:redis-pass@127.0.0.1:6379"));

    @Test
    void defaultsApplyAndTheTokenIsNeverPrinted() {
        BridgeConfig config = BridgeConfig.from(env);

        assertThat(config.httpPort()).isEqualTo(8090);
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.publicBaseUrl()).isNull();
        assertThat(config.replayWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(config.produceTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.defaultMachinePolicy()).isEqualTo(MachinePolicy.HANGUP);
        assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("redis-pass").contains("authToken=****");
    }

    @Test
    void thePublicBaseUrlIsTheBoundAddressUnlessConfigured() {
        assertThat(BridgeConfig.from(env).publicBaseUrl(4321)).isEqualTo("http://127.0.0.1:4321");
        env.put("BRIDGE_BIND_ADDRESS", "0.0.0.0");
        assertThat(BridgeConfig.from(env).publicBaseUrl(4321)).isEqualTo("http://127.0.0.1:4321");
        env.put("WEBHOOK_PUBLIC_BASE_URL", "https://hooks.example.com/dialer/");
        assertThat(BridgeConfig.from(env).publicBaseUrl(4321)).isEqualTo("https://hooks.example.com/dialer");
    }

    @Test
    void theDefaultAnswerComesFromItsKeys() {
        env.putAll(Map.of("DEFAULT_BOT_STREAM_URL", "wss://bot.example.com/s", "DEFAULT_GREETING", "Hello",
                "DEFAULT_MACHINE_POLICY", "leave_message", "DEFAULT_MACHINE_MESSAGE", "Call us back"));
        var answer = BridgeConfig.from(env).defaultAnswer();

        assertThat(answer.getBotStreamUrl()).isEqualTo("wss://bot.example.com/s");
        assertThat(answer.getGreeting()).isEqualTo("Hello");
        assertThat(answer.getMachinePolicy()).isEqualTo(MachinePolicy.LEAVE_MESSAGE);
        assertThat(answer.getMachineMessage()).isEqualTo("Call us back");
    }

    @Test
    void aMissingSettingIsNamed() {
        env.remove("PLIVO_AUTH_TOKEN");
        assertThatThrownBy(() -> BridgeConfig.from(env)).hasMessage("PLIVO_AUTH_TOKEN: required, not set");
    }

    @Test
    void aBadSettingIsNamedWithItsValue() {
        env.put("BRIDGE_HTTP_PORT", "http");
        assertThatThrownBy(() -> BridgeConfig.from(env)).hasMessage("BRIDGE_HTTP_PORT: not a whole number: http");
        env.put("BRIDGE_HTTP_PORT", "70000");
        assertThatThrownBy(() -> BridgeConfig.from(env)).hasMessage("BRIDGE_HTTP_PORT: must be between 0 and 65535, was 70000");
        env.put("BRIDGE_HTTP_PORT", "0");
        env.put("DEFAULT_BOT_STREAM_URL", "https://bot.example.com");
        assertThatThrownBy(() -> BridgeConfig.from(env)).hasMessageStartingWith("DEFAULT_BOT_STREAM_URL: not a ws/wss URL");
        env.remove("DEFAULT_BOT_STREAM_URL");
        env.put("WEBHOOK_PUBLIC_BASE_URL", "hooks.example.com");
        assertThatThrownBy(() -> BridgeConfig.from(env)).hasMessageStartingWith("WEBHOOK_PUBLIC_BASE_URL: not a http/https URL");
        env.remove("WEBHOOK_PUBLIC_BASE_URL");
        env.put("DEFAULT_MACHINE_POLICY", "voicemail");
        assertThatThrownBy(() -> BridgeConfig.from(env)).hasMessageStartingWith("DEFAULT_MACHINE_POLICY: one of");
        env.remove("DEFAULT_MACHINE_POLICY");
        env.put("BRIDGE_PRODUCE_TIMEOUT_MS", "10");
        assertThatThrownBy(() -> BridgeConfig.from(env)).hasMessageStartingWith("BRIDGE_PRODUCE_TIMEOUT_MS: must be between 500");
    }
}
