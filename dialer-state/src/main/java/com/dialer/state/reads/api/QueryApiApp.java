package com.dialer.state.reads.api;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.http.ServerSettings;
import com.dialer.schemas.EnvironmentKeys;
import com.dialer.schemas.LogKeys;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisEndpoint;
import com.dialer.state.RedisKeys;
import com.dialer.state.health.Checks;
import com.dialer.state.health.HealthChecks;
import com.dialer.state.metrics.MetricsEndpoint;
import com.dialer.state.reads.TieredReadConfig;
import com.dialer.state.reads.TieredReader;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;


/**
 * The read-only query API as its own deployable. Environment: REDIS_URI, MONGODB_URI (required),
 * MONGODB_DATABASE (dialer), REDIS_KEY_PREFIX, QUERY_API_PORT (8080), QUERY_API_BIND_ADDRESS
 * (127.0.0.1), QUERY_API_TOKENS ({@code token=clientId,...}; secret), HOT_WINDOW_SECONDS (30 days),
 * READ_BACK_TTL_SECONDS (300), METRICS_PORT (off when unset).
 */
public final class QueryApiApp {
    private static final Logger LOG = LoggerFactory.getLogger(QueryApiApp.class);
    /** The API's drain timeout and a little more for Redis and MongoDB to close. */
    private static final Duration SHUTDOWN_WAIT = ServerSettings.DRAIN_TIMEOUT.plusSeconds(5);

    /** Every environment key the query API reads (METRICS_* included). */
    public static final java.util.Set<String> ENV_KEYS = java.util.Set.of("REDIS_URI", "MONGODB_URI", "MONGODB_DATABASE",
            "REDIS_KEY_PREFIX", "QUERY_API_PORT", "QUERY_API_BIND_ADDRESS", "QUERY_API_TOKENS", "HOT_WINDOW_SECONDS",
            "READ_BACK_TTL_SECONDS", "METRICS_PORT", "METRICS_BIND_ADDRESS", LogKeys.LOG_LEVEL.name(), LogKeys.LOG_FORMAT.name());

    private QueryApiApp() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        try {
            LogKeys.check(new EnvironmentKeys(env::get));
        } catch (IllegalArgumentException e) {
            System.err.println("query-api: " + e.getMessage());
            System.exit(2);
        }
        RedisEndpoint redisUri;
        try {
            redisUri = RedisEndpoint.parse("REDIS_URI", required(env, "REDIS_URI"));
        } catch (IllegalArgumentException e) {
            System.err.println("query-api: " + e.getMessage());
            System.exit(2);
            return;
        }
        String mongoUri = required(env, "MONGODB_URI");
        ApiTokens tokens = ApiTokens.parse(env.get("QUERY_API_TOKENS"));
        TieredReadConfig reads = new TieredReadConfig(Duration.ofSeconds(number(env, "READ_BACK_TTL_SECONDS", 300)),
                Duration.ofSeconds(number(env, "HOT_WINDOW_SECONDS", 30L * 24 * 3600)), 100);
        String bind = env.getOrDefault("QUERY_API_BIND_ADDRESS", "127.0.0.1");
        int port = (int) number(env, "QUERY_API_PORT", 8080);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (RedisConnection connection = RedisConnection.open(redisUri);
             MongoClient mongo = MongoClients.create(mongoUri);
             MetricsEndpoint metrics = MetricsEndpoint.fromEnvironment(env::get, MetricsEndpoint.registry());
             QueryApiServer api = QueryApiServer.start(new InetSocketAddress(bind, port), new TieredReader(connection.sync(),
                     mongo.getDatabase(database(env)), new RedisKeys(env.get("REDIS_KEY_PREFIX")), reads, Clock.systemUTC()), tokens)) {
            if (metrics != null) {
                metrics.health(HealthChecks.builder().ready(Checks.redis(connection)).ready(Checks.mongo(mongo.getDatabase(database(env))))
                        .build());
            }
            LOG.info("query API on {}:{} with {}", bind, api.port(), tokens);
            // the JVM halts once its hooks return: this one waits until the API has answered what it was
            // asked and closed, so a SIGTERM loses no request in flight
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopped.countDown();
                try {
                    closed.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "query-api-shutdown"));
            stopped.await();
            LOG.info("query API stopping");
        } finally {
            closed.countDown();
        }
    }

    private static String database(Map<String, String> env) {
        return env.getOrDefault("MONGODB_DATABASE", "dialer");
    }

    private static String required(Map<String, String> env, String key) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            System.err.println("query-api: " + key + ": required, not set");
            System.exit(2);
        }
        return v.strip();
    }

    private static long number(Map<String, String> env, String key, long fallback) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("query-api: " + key + ": must be a whole number >= 0, was " + v);
        System.exit(2);
        return fallback;
    }
}
