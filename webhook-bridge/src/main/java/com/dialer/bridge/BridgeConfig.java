package com.dialer.bridge;

import com.dialer.state.HotRetention;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.MachinePolicy;
import com.dialer.schemas.ConfigKey;
import com.dialer.schemas.EnvironmentKeys;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.KeySource;
import com.dialer.schemas.LogKeys;
import com.dialer.schemas.Masked;
import com.dialer.schemas.OutboundUrlPolicy;
import com.dialer.state.RedisEndpoint;
import com.dialer.state.accounts.PlivoAccounts;

/**
 * The webhook bridge's settings, read once at start-up from environment-style keys (a properties
 * file, then the environment, may provide them); a missing or bad one stops start-up with a
 * message naming the key.
 *
 * @param kafka                every Kafka client's settings ({@link KafkaClientProperties}: KAFKA_BOOTSTRAP_SERVERS, KAFKA_*, …)
 * @param topicPrefix          TOPIC_PREFIX (default empty)
 * @param httpPort             BRIDGE_HTTP_PORT (default 8090; 0 = a free port)
 * @param bindAddress          BRIDGE_BIND_ADDRESS (default 127.0.0.1)
 * @param publicBaseUrl        WEBHOOK_PUBLIC_BASE_URL, the base URL Plivo calls (scheme, host, optional path
 *                             prefix); signatures are checked against it, since a proxy in front rewrites the
 *                             host and scheme we see. Null = the bound address.
 * @param plivoAccounts        the keys of the V3 signatures: each client's Plivo account's auth token ({@link PlivoAccounts}:
 *                             PLIVO_AUTH_TOKEN, PLIVO_ACCOUNTS_FILE, CLIENT_PLIVO_ACCOUNT; secrets, never logged)
 * @param redisUri             REDIS_URI, where the callback guard keeps nonces and answered calls (shared by every bridge)
 * @param redisPrefix          REDIS_KEY_PREFIX (default empty)
 * @param replayWindow         {@link #REPLAY_WINDOW}
 * @param answerMemory         HOT_WINDOW_SECONDS, how long an honoured answer is remembered (default 30 days, as the attempt)
 * @param maxBodyBytes         BRIDGE_MAX_BODY_BYTES of a callback body (default 16384; Plivo's are ~1 KB)
 * @param produceTimeout       BRIDGE_PRODUCE_TIMEOUT_MS to store an event before answering 503 (default 3000)
 * @param settingsCatchUp      BRIDGE_SETTINGS_CATCHUP_MS start-up waits to read campaign-commands to its end (default 10000)
 * @param defaultBotStreamUrl  DEFAULT_BOT_STREAM_URL (ws/wss) for campaigns the bridge does not know (optional)
 * @param defaultGreeting      DEFAULT_GREETING spoken before the stream, or alone without one (optional)
 * @param defaultMachinePolicy DEFAULT_MACHINE_POLICY: HANGUP (default), LEAVE_MESSAGE or CONNECT_BOT
 * @param defaultMachineMessage DEFAULT_MACHINE_MESSAGE left on a machine under LEAVE_MESSAGE (optional)
 * @param outboundUrls         OUTBOUND_URL_SCHEMES, OUTBOUND_URL_HOSTS: a campaign's botStreamUrl outside them is never
 *                             handed to Plivo (the default answer is)
 */
public record BridgeConfig(KafkaClientProperties kafka, String topicPrefix, int httpPort, String bindAddress,
                           String publicBaseUrl, PlivoAccounts plivoAccounts, String redisUri, String redisPrefix,
                           Duration replayWindow, Duration answerMemory,
                           int maxBodyBytes, Duration produceTimeout, Duration settingsCatchUp,
                           String defaultBotStreamUrl, String defaultGreeting, MachinePolicy defaultMachinePolicy,
                           String defaultMachineMessage, OutboundUrlPolicy outboundUrls) {

    /**
     * How long a callback nonce is refused again, at every bridge. Plivo retries a callback on one URL
     * within its total timeout {@code tt} (at most 55 s, retries included) and then tries the fallback URL
     * within another: about two minutes in all. An hour covers that thirty times over, for a few hundred
     * bytes of Redis per callback. A replay older than the window is still harmless: the guard refuses a
     * callback for an ended attempt and a second answer of a call whatever their age.
     */
    public static final ConfigKey<Integer> REPLAY_WINDOW = ConfigKey.integer("BRIDGE_REPLAY_WINDOW_SECONDS", 3600, 1,
            30 * 24 * 3600, "seconds a Plivo callback nonce is refused again by every bridge (Plivo retries within ~2 minutes)");

    public static BridgeConfig from(Function<String, String> source) {
        EnvironmentKeys k = new EnvironmentKeys(source);
        LogKeys.check(k);
        return new BridgeConfig(KafkaClientProperties.from(k), k.optional("TOPIC_PREFIX", ""),
                k.integer("BRIDGE_HTTP_PORT", 8090, 0, 65_535), address(k, "BRIDGE_BIND_ADDRESS", "127.0.0.1"),
                k.url("WEBHOOK_PUBLIC_BASE_URL", false, "http", "https"), PlivoAccounts.from(k, PlivoAccounts.Need.SIGN),
                RedisEndpoint.parse("REDIS_URI", k.redisUri("REDIS_URI")).uri(), k.optional("REDIS_KEY_PREFIX", ""),
                Duration.ofSeconds(REPLAY_WINDOW.read(k)),
                HotRetention.HOT_WINDOW.read(k),
                k.integer("BRIDGE_MAX_BODY_BYTES", 16_384, 256, 1 << 20),
                Duration.ofMillis(k.integer("BRIDGE_PRODUCE_TIMEOUT_MS", 3_000, 500, 60_000)),
                Duration.ofMillis(k.integer("BRIDGE_SETTINGS_CATCHUP_MS", 10_000, 0, 600_000)),
                k.url("DEFAULT_BOT_STREAM_URL", false, "ws", "wss"), k.optional("DEFAULT_GREETING", null),
                machinePolicy(k, "DEFAULT_MACHINE_POLICY"), k.optional("DEFAULT_MACHINE_MESSAGE", null),
                OutboundUrlPolicy.from(k));
    }

    public static BridgeConfig from(Map<String, String> values) {
        return from(KeySource.of(values));
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** What a campaign the bridge has not seen (yet) is answered with. */
    public AnswerSettings defaultAnswer() {
        return AnswerSettings.newBuilder()
                .setBotStreamUrl(defaultBotStreamUrl)
                .setGreeting(defaultGreeting)
                .setMachinePolicy(defaultMachinePolicy)
                .setMachineMessage(defaultMachineMessage)
                .build();
    }

    /** The base URL Plivo calls once the server is bound to {@code port}. */
    String publicBaseUrl(int port) {
        if (publicBaseUrl != null) {
            return publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        }
        String host = bindAddress;
        try {
            if (InetAddress.getByName(bindAddress).isAnyLocalAddress()) {
                host = "127.0.0.1"; // a wildcard is no address to call; only local callers can use the default
            }
        } catch (UnknownHostException e) {
            // validated at start-up
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The settings as logged at start-up, the token masked. */
    @Override
    public String toString() {
        return "BridgeConfig[kafka=" + kafka + ", topicPrefix=" + topicPrefix + ", http=" + bindAddress + ":"
                + httpPort + ", publicBaseUrl=" + (publicBaseUrl == null ? "(bound address)" : Masked.uri(publicBaseUrl))
                + ", plivoAccounts=" + plivoAccounts + ", redis=" + Masked.uri(redisUri)
                + ", redisPrefix=" + redisPrefix + ", replayWindow=" + replayWindow + ", answerMemory=" + answerMemory
                + ", maxBodyBytes=" + maxBodyBytes + ", produceTimeout=" + produceTimeout + ", settingsCatchUp="
                + settingsCatchUp + ", defaultBotStreamUrl=" + defaultBotStreamUrl + ", defaultGreeting="
                + (defaultGreeting == null ? null : "(" + defaultGreeting.length() + " chars)") + ", defaultMachinePolicy="
                + defaultMachinePolicy + ", outboundUrls=" + outboundUrls + "]";
    }

    /** Where the server binds: an address of this host. */
    private static String address(EnvironmentKeys k, String key, String fallback) {
        String v = k.optional(key, fallback);
        try {
            InetAddress.getByName(v);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(key + ": not an address of this host: " + v);
        }
        return v;
    }

    private static MachinePolicy machinePolicy(EnvironmentKeys k, String key) {
        String v = k.optional(key, null);
        if (v == null) {
            return MachinePolicy.HANGUP;
        }
        try {
            return MachinePolicy.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": one of HANGUP, LEAVE_MESSAGE, CONNECT_BOT, was " + v);
        }
    }
}
