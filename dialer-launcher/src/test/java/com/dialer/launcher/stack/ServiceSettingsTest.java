package com.dialer.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSettingsTest {

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        return Files.writeString(dir.resolve("dialer.env"), text);
    }

    @Test
    void readsKeysInOrderSkippingCommentsAndQuotes() throws Exception {
        ServiceSettings settings = ServiceSettings.read(file("""
                # holidays for acme
                CLIENT_HOLIDAYS=acme=2026-12-25,2026-07-04@US

                DEFAULT_TIME_ZONE = "America/New_York"
                NUMBER_COUNTRIES='US,CA'
                """));
        assertThat(settings.keys()).containsExactly(Map.entry("CLIENT_HOLIDAYS", "acme=2026-12-25,2026-07-04@US"),
                Map.entry("DEFAULT_TIME_ZONE", "America/New_York"), Map.entry("NUMBER_COUNTRIES", "US,CA"));
    }

    @Test
    void aKeyTheStackSetsIsRefusedNamingTheOptionThatSetsIt() throws Exception {
        assertThatThrownBy(() -> ServiceSettings.read(file("REDIS_URI=redis://elsewhere:6379\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REDIS_URI").hasMessageContaining("--redis-uri");
        assertThatThrownBy(() -> ServiceSettings.read(file("MAX_CALLS_PER_MINUTE=5\n")))
                .hasMessageContaining("MAX_CALLS_PER_MINUTE").hasMessageContaining("--rate");
        assertThatThrownBy(() -> ServiceSettings.read(file("KAFKA_BOOTSTRAP_SERVERS=b:9092\n")))
                .hasMessageContaining("--kafka-bootstrap");
    }

    @Test
    void aMalformedLineIsRefusedNamingTheFileAndLine() throws Exception {
        Path f = file("CLIENT_HOLIDAYS=acme=2026-12-25\nnot a key\n");
        assertThatThrownBy(() -> ServiceSettings.read(f)).hasMessageContaining(f + " line 2").hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> ServiceSettings.read(file("A=1\nA=2\n"))).hasMessageContaining("line 2").hasMessageContaining("twice");
        assertThatThrownBy(() -> ServiceSettings.read(file("lower=1\n"))).hasMessageContaining("'lower'");
        assertThatThrownBy(() -> ServiceSettings.read(dir.resolve("missing.env"))).hasMessageContaining("cannot read");
    }

    @Test
    void valuesAreMaskedWhenPrinted() throws Exception {
        assertThat(ServiceSettings.read(file("QUERY_API_TOKENS=acme:secret-token\n")).toString())
                .contains("QUERY_API_TOKENS").doesNotContain("secret-token");
    }
}
