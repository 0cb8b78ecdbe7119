package com.dialer.launcher.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.dialer.schemas.ConfigKey;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.Masked;
import com.dialer.schemas.TopicReplication;
import com.dialer.state.accounts.PlivoAccounts;
import com.dialer.state.callerid.CallerIdPools;
import com.dialer.state.limits.Limits;

/**
 * Service configuration keys for the launcher's stack, from an env file ({@code --env-file}): one
 * {@code KEY=VALUE} a line, {@code #} starts a comment, as compose's {@code env_file}. They reach every
 * service the stack starts, so what a deployment sets per service (CLIENT_HOLIDAYS, HOLIDAY_CALENDAR_FILE,
 * DEFAULT_TIME_ZONE, NUMBER_COUNTRIES, ...) can be tried under {@code up} and {@code demo}. The keys the
 * stack sets itself are refused, naming the option that sets them: two owners of one key is a bug.
 *
 * @param keys the keys in file order
 */
public record ServiceSettings(Map<String, String> keys) {

    public static final ServiceSettings NONE = new ServiceSettings(Map.of());

    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]*");

    /** Key → what sets it instead; the keys {@link DialerStack} gives every service itself. */
    private static final Map<String, String> STACK_OWNED = stackOwned();

    public ServiceSettings {
        keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        keys.forEach((key, value) -> {
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("--env-file: '" + key + "' is not an environment key (A-Z, 0-9, _)");
            }
            String owner = STACK_OWNED.get(key);
            if (owner != null) {
                throw new IllegalArgumentException("--env-file: " + key + " is set by the stack itself; use " + owner);
            }
        });
    }

    /** Reads an env file; an IllegalArgumentException names the file, the line and what is wrong. */
    public static ServiceSettings read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--env-file: cannot read " + file + " (" + e + ")", e);
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String where = "--env-file " + file + " line " + (i + 1);
            if (eq <= 0) {
                throw new IllegalArgumentException(where + ": KEY=VALUE expected");
            }
            String key = line.substring(0, eq).strip();
            if (keys.putIfAbsent(key, unquoted(line.substring(eq + 1).strip())) != null) {
                throw new IllegalArgumentException(where + ": " + key + " given twice");
            }
        }
        try {
            return new ServiceSettings(keys);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^--env-file", "--env-file " + file), e);
        }
    }

    private static String unquoted(String value) {
        boolean quoted = value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }

    private static Map<String, String> stackOwned() {
        Map<String, String> owned = new LinkedHashMap<>();
        owned.put(KafkaClientProperties.BOOTSTRAP_SERVERS.name(), "--kafka-bootstrap");
        owned.put(KafkaClientProperties.CONFIG_FILE.name(), "--kafka-config");
        owned.put("REDIS_URI", "--redis-uri");
        owned.put("MONGODB_URI", "--mongodb-uri");
        owned.put("TOPIC_PARTITIONS", "--partitions");
        owned.put("RECIPIENT_MIN_GAP_SECONDS", "--recipient-gap (up)");
        owned.put("BRIDGE_HTTP_PORT", "--bridge-port (up)");
        for (String key : List.of("PLIVO_API_URL", "PLIVO_AUTH_ID", "PLIVO_AUTH_TOKEN")) {
            owned.put(key, "--plivo-url, --plivo-auth-id, PLIVO_AUTH_TOKEN or --plivo-auth-token-file (up)");
        }
        owned.put("WEBHOOK_PUBLIC_BASE_URL", "--webhook-public-url (up)");
        owned.put(CallerIdPools.FILE.name(), "--caller-id-pools");
        owned.put(PlivoAccounts.PLIVO_ACCOUNTS_FILE.name(), "--accounts");
        owned.put(PlivoAccounts.CLIENT_PLIVO_ACCOUNT.name(), "--client-accounts");
        for (ConfigKey<?> key : List.of(Limits.MAX_CALLS_PER_MINUTE, Limits.RATE_LIMIT_WINDOW, Limits.RATE_LIMIT_BURST,
                Limits.DEFAULT_CLIENT_CAP, Limits.CLIENT_LIMITS)) {
            owned.put(key.name(), "the limit options (--rate, --burst, --cap, --client-limits)");
        }
        for (String key : List.of("TOPIC_PREFIX", "APPLICATION_ID", "BRIDGE_BIND_ADDRESS", "WEBHOOK_BASE_URL", "HOT_WINDOW_SECONDS",
                TopicReplication.REPLICATION_FACTOR.name(), TopicReplication.MIN_INSYNC_REPLICAS.name())) {
            owned.put(key, "nothing: the stack chooses it");
        }
        return owned;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        keys.forEach((key, value) -> shown.put(key, Masked.secret(value)));
        return "ServiceSettings" + shown;
    }
}
