package com.dialer.state.reads.api;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.http.ServerSettings;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;
import com.dialer.state.health.Checks;
import com.dialer.state.health.HealthChecks;
import com.dialer.state.metrics.MetricsEndpoint;
import com.dialer.state.reads.TieredReader;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;


/**
 * The read-only query API as its own deployable: settings from the environment ({@link QueryApiConfig}
 * lists the keys), METRICS_PORT for the management port (off when unset).
 */
public final class QueryApiApp {
    private static final Logger LOG = LoggerFactory.getLogger(QueryApiApp.class);
    /** The API's drain timeout and a little more for Redis and MongoDB to close. */
    private static final Duration SHUTDOWN_WAIT = ServerSettings.DRAIN_TIMEOUT.plusSeconds(5);

    private QueryApiApp() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        QueryApiConfig config;
        try {
            config = QueryApiConfig.from(env);
        } catch (IllegalArgumentException e) {
            System.err.println("query-api: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (RedisConnection connection = RedisConnection.open("REDIS_URI", config.redisUri());
             MongoClient mongo = MongoClients.create(config.mongoUri());
             MetricsEndpoint metrics = MetricsEndpoint.fromEnvironment(env::get, MetricsEndpoint.registry());
             QueryApiServer api = QueryApiServer.start(config.server(), new TieredReader(connection.sync(),
                     mongo.getDatabase(config.database()), new RedisKeys(config.keyPrefix()), config.reads(), Clock.systemUTC()),
                     config.tokens())) {
            if (metrics != null) {
                metrics.health(HealthChecks.builder().ready(Checks.redis(connection)).ready(Checks.mongo(mongo.getDatabase(config.database())))
                        .build());
            }
            LOG.info("query API on {} with {}", api.baseUrl(), config);
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
}
