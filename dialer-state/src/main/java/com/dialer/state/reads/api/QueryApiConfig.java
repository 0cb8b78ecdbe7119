package com.dialer.state.reads.api;

import com.dialer.state.HotRetention;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.dialer.http.ServerSettings;
import com.dialer.http.Tls;
import com.dialer.schemas.ConfigKey;
import com.dialer.schemas.EnvironmentKeys;
import com.dialer.schemas.LogKeys;
import com.dialer.schemas.Masked;
import com.dialer.state.RedisEndpoint;
import com.dialer.state.reads.TieredReadConfig;

/**
 * The query API's settings, read once at start-up; a missing or bad one stops start-up with a message
 * naming the key.
 *
 * @param redisUri  REDIS_URI (required)
 * @param mongoUri  MONGODB_URI (required)
 * @param database  MONGODB_DATABASE (default dialer)
 * @param keyPrefix REDIS_KEY_PREFIX (default empty)
 * @param server    QUERY_API_BIND_ADDRESS (127.0.0.1), QUERY_API_PORT (8080) and, when
 *                  {@link #TLS_KEY_STORE} is set, HTTPS with it
 * @param tokens    QUERY_API_TOKENS ({@link ApiTokens})
 * @param reads     READ_BACK_TTL_SECONDS (300), HOT_WINDOW_SECONDS (30 days)
 */
public record QueryApiConfig(String redisUri, String mongoUri, String database, String keyPrefix, ServerSettings server,
                             ApiTokens tokens, TieredReadConfig reads) {
    public static final String NAME = "query-api";

    public static final ConfigKey<Path> TLS_KEY_STORE = ConfigKey.parsed("QUERY_API_TLS_KEYSTORE", "a file path",
            "a PKCS12 or JKS key store with the API's certificate and key: set, the API serves HTTPS only", v -> v == null ? null : Path.of(v));
    public static final ConfigKey<String> TLS_KEY_STORE_PASSWORD = ConfigKey.parsed("QUERY_API_TLS_KEYSTORE_PASSWORD", "secret",
            "the key store's password (and its key's); required with QUERY_API_TLS_KEYSTORE", v -> v);
    public static final ConfigKey<String> TLS_KEY_STORE_TYPE = new ConfigKey<>("QUERY_API_TLS_KEYSTORE_TYPE", Tls.PKCS12, "PKCS12|JKS",
            "the key store's format", (keys, key) -> {
                String v = keys.optional(key, Tls.PKCS12);
                if (!v.equals(Tls.PKCS12) && !v.equals("JKS")) {
                    throw new IllegalArgumentException(key + ": must be PKCS12 or JKS, was " + v);
                }
                return v;
            });

    /** Every environment key the query API reads (METRICS_* and LOG_* included). */
    public static final Set<String> ENV_KEYS = Stream.concat(Stream.of("REDIS_URI", "MONGODB_URI",
            "MONGODB_DATABASE", "REDIS_KEY_PREFIX", "QUERY_API_PORT", "QUERY_API_BIND_ADDRESS", ApiTokens.KEY, "HOT_WINDOW_SECONDS",
            "READ_BACK_TTL_SECONDS", TLS_KEY_STORE.name(), TLS_KEY_STORE_PASSWORD.name(), TLS_KEY_STORE_TYPE.name(),
            "METRICS_PORT", "METRICS_BIND_ADDRESS"), LogKeys.ENV_KEYS.stream()).collect(Collectors.toUnmodifiableSet());

    public static QueryApiConfig from(Function<String, String> source) {
        EnvironmentKeys k = new EnvironmentKeys(source);
        LogKeys.check(k);
        ServerSettings server = ServerSettings.of(NAME, k.optional("QUERY_API_BIND_ADDRESS", "127.0.0.1"),
                k.integer("QUERY_API_PORT", 8080, 0, 65_535));
        Tls tls = tls(k);
        return new QueryApiConfig(RedisEndpoint.parse("REDIS_URI", k.redisUri("REDIS_URI")).uri(), k.required("MONGODB_URI"),
                k.optional("MONGODB_DATABASE", "dialer"), k.optional("REDIS_KEY_PREFIX", ""),
                tls == null ? server : server.withTls(tls), ApiTokens.parse(k.optional(ApiTokens.KEY, null)),
                new TieredReadConfig(Duration.ofSeconds(k.number("READ_BACK_TTL_SECONDS", 300, 1, Integer.MAX_VALUE)),
                        HotRetention.HOT_WINDOW.read(k), 100));
    }

    public static QueryApiConfig from(Map<String, String> values) {
        return from(values::get);
    }

    private static Tls tls(EnvironmentKeys k) {
        Path store = TLS_KEY_STORE.read(k);
        String password = TLS_KEY_STORE_PASSWORD.read(k);
        if (store == null) {
            if (password != null) {
                throw new IllegalArgumentException(TLS_KEY_STORE_PASSWORD.name() + ": set without " + TLS_KEY_STORE.name());
            }
            return null;
        }
        if (password == null) {
            throw new IllegalArgumentException(TLS_KEY_STORE_PASSWORD.name() + ": required with " + TLS_KEY_STORE.name());
        }
        String type = TLS_KEY_STORE_TYPE.read(k);
        try {
            return new Tls(store, password, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TLS_KEY_STORE.name() + ": " + e.getMessage(), e);
        }
    }

    /** The settings as logged at start-up: URIs masked, tokens counted, the key store named without its password. */
    @Override
    public String toString() {
        return "QueryApiConfig[redisUri=" + Masked.uri(redisUri) + ", mongoUri=" + Masked.uri(mongoUri) + ", database=" + database
                + ", keyPrefix=" + keyPrefix + ", listen=" + server.bindAddress() + ":" + server.port()
                + (server.tls() == null ? " (plain HTTP)" : " with " + server.tls()) + ", tokens=" + tokens + ", reads=" + reads + "]";
    }
}
