package com.dialer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every service's class path holds exactly one Logback configuration: the one in schemas' jar, which
 * every service depends on; no service module adds another (Logback would pick one and print a warning).
 * The Plivo simulator, which depends on none of our modules, carries a copy built from the same file.
 * This module's class path holds every deployable, so both show here.
 */
class ServiceLoggingTest {

    @Test
    void theServicesShareSchemasLogbackConfigurationAndTheSimulatorCarriesTheSameFile() throws Exception {
        List<URL> found = Collections.list(getClass().getClassLoader().getResources("logback.xml"));

        assertThat(found).hasSize(2);
        assertThat(found).anySatisfy(url -> assertThat(url.toString()).contains("schemas"))
                .anySatisfy(url -> assertThat(url.toString()).contains("plivo-sim"));
        assertThat(content(found.get(0))).isEqualTo(content(found.get(1)));
    }

    private static String content(URL url) throws Exception {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
