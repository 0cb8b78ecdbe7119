package com.dialer.schemas;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The logging keys of every service, read by the one Logback configuration ({@code logback.xml} in
 * this module's jar, which every service's class path holds). Logback itself takes a level it does not
 * know for DEBUG and a format it does not know for no output at all, so each service's configuration
 * checks both at start ({@link #check}) and stops naming the key.
 */
public final class LogKeys {
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    public static final ConfigKey<String> LOG_LEVEL = new ConfigKey<>("LOG_LEVEL", "INFO", String.join("|", List.of("TRACE", "DEBUG",
            "INFO", "WARN", "ERROR", "OFF")), "the level of the service's log (Kafka's, Netty's and the drivers' own stay at WARN)",
            (keys, key) -> {
                String v = keys.optional(key, "INFO");
                if (!LEVELS.contains(v.toUpperCase(Locale.ROOT))) {
                    throw new IllegalArgumentException(key + ": must be one of " + LEVELS.stream().sorted().collect(Collectors.joining(", "))
                            + ", was " + v);
                }
                return v.toUpperCase(Locale.ROOT);
            });

    public static final ConfigKey<String> LOG_FORMAT = new ConfigKey<>("LOG_FORMAT", "text", "text|json",
            "plain text lines, or one JSON object a line (Logback's JsonEncoder: level, logger, message, MDC ids)",
            (keys, key) -> {
                String v = keys.optional(key, "text");
                if (!v.equals("text") && !v.equals("json")) {
                    throw new IllegalArgumentException(key + ": must be text or json, was " + v);
                }
                return v;
            });

    public static final ConfigKey<String> LOG_ACCESS = new ConfigKey<>("LOG_ACCESS", "on", "on|off",
            "one line per HTTP request (logger com.dialer.http.access, written in the background); off where a proxy in front "
                    + "logs them already: at thousands of webhooks a second the line costs a tenth of a core",
            (keys, key) -> {
                String v = keys.optional(key, "on");
                if (!v.equals("on") && !v.equals("off")) {
                    throw new IllegalArgumentException(key + ": must be on or off, was " + v);
                }
                return v;
            });

    /** Every key of this catalogue, for help texts and the compose check. */
    public static final List<ConfigKey<String>> ALL = List.of(LOG_LEVEL, LOG_FORMAT, LOG_ACCESS);

    /** Their names. */
    public static final Set<String> ENV_KEYS = Set.of(LOG_LEVEL.name(), LOG_FORMAT.name(), LOG_ACCESS.name());

    private LogKeys() {
    }

    /** Reads both keys: an unknown level or format stops the service, naming the key. */
    public static void check(EnvironmentKeys keys) {
        ALL.forEach(key -> key.read(keys));
    }
}
