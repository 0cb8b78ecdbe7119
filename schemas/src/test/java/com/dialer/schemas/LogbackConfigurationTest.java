package com.dialer.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;

/** The services' one Logback configuration, loaded as a service loads it, with each format and level. */
class LogbackConfigurationTest {
    private static final URL CONFIG = LogbackConfigurationTest.class.getResource("/logback.xml");
    private static final String ACCESS_LINE = "webhook-bridge 127.0.0.1 POST /plivo/ring 200 7B 1ms";

    @Test
    void textLinesCarryTheCallsIdsAndInfoIsTheDefault() throws Exception {
        String out = logged(Map.of());

        assertThat(out).contains(" INFO  ").contains("[attemptId=c1:k1:1, campaignId=c1, clientId=acme] - dialed")
                .doesNotContain("debug line").contains("no call - started");
        assertThat(out.lines().filter(line -> line.contains(ACCESS_LINE))).as("the access line, once, from its background writer")
                .singleElement().asString().contains(" INFO  com.dialer.http.access - " + ACCESS_LINE);
    }

    @Test
    void jsonLinesAreOneObjectEachWithTheCallsIds() throws Exception {
        String out = logged(Map.of("LOG_FORMAT", "json", "LOG_LEVEL", "DEBUG"));

        assertThat(out.lines()).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        assertThat(out).contains("\"attemptId\":\"c1:k1:1\"").contains("\"clientId\":\"acme\"")
                .contains("\"formattedMessage\":\"dialed\"").contains("debug line");
        assertThat(out.lines().filter(line -> line.contains("\"loggerName\":\"com.dialer.http.access\"")))
                .as("the access line, once, as JSON").singleElement().asString().contains("200 7B 1ms");
    }

    @Test
    void logAccessOffSilencesTheAccessLogAndNothingElse() throws Exception {
        String out = logged(Map.of("LOG_ACCESS", "off"));

        assertThat(out).doesNotContain(ACCESS_LINE).contains("dialed");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogKeys.check(new EnvironmentKeys(Map.of("LOG_ACCESS", "no")::get)))
                .hasMessage("LOG_ACCESS: must be on or off, was no");
    }

    @Test
    void theConfigurationReadsExactlyTheKeysOfItsCatalogue() throws Exception {
        Set<String> read = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+)").matcher(Files.readString(Path.of(CONFIG.toURI())));
        while (m.find()) {
            read.add(m.group(1));
        }
        assertThat(read).isEqualTo(new TreeSet<>(LogKeys.ENV_KEYS));
    }

    @Test
    void aMisspeltLevelOrFormatStopsTheServiceNamingTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogKeys.check(new EnvironmentKeys(Map.of("LOG_LEVEL", "verbose")::get)))
                .hasMessageStartingWith("LOG_LEVEL: must be one of");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogKeys.check(new EnvironmentKeys(Map.of("LOG_FORMAT", "JSON")::get)))
                .hasMessage("LOG_FORMAT: must be text or json, was JSON");
    }

    /** What the configuration writes to stdout for a few lines, the keys given as Logback would find them. */
    private static String logged(Map<String, String> keys) throws Exception {
        LoggerContext context = new LoggerContext();
        // the MDC CallContext writes to: SLF4J's, shared with this context
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        keys.forEach(context::putProperty);
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(CONFIG);
            assertThat(new StatusUtil(context).getHighestLevel(0)).as("Logback's own warnings and errors").isLessThan(Status.WARN);
            org.slf4j.Logger log = context.getLogger("com.dialer.test");
            log.info("no call - started");
            try (CallContext call = CallContext.of("c1:k1:1", "c1", "acme")) {
                log.info("dialed");
                log.debug("debug line");
            }
            context.getLogger("org.apache.kafka.clients.producer.ProducerConfig").info("a config dump");
            context.getLogger("com.dialer.http.access").info(ACCESS_LINE);
        } finally {
            // stopping drains the access log's background queue while stdout is still captured
            context.stop();
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("a config dump");
        return out;
    }
}
