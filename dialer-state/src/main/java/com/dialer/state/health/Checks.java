package com.dialer.state.health;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.bson.Document;

import com.dialer.state.RedisConnection;
import com.dialer.state.health.HealthCheck.CheckResult;
import com.mongodb.client.MongoDatabase;


/** The checks every service builds its {@link HealthChecks} from, one per kind of dependency. */
public final class Checks {
    private Checks() {
    }

    /** Redis answers {@code PING} on the service's own connection. */
    public static HealthCheck redis(RedisConnection connection) {
        return HealthCheck.of("redis", () -> {
            try {
                String pong = connection.async().ping().get(HealthChecks.CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return "PONG".equals(pong) ? CheckResult.up(pong) : CheckResult.down(String.valueOf(pong));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CheckResult.down("interrupted");
            } catch (Exception e) {
                return CheckResult.down(e.getClass().getSimpleName());
            }
        });
    }

    /** MongoDB answers {@code ping}. */
    public static HealthCheck mongo(MongoDatabase database) {
        return HealthCheck.of("mongodb", () -> {
            database.withTimeout(HealthChecks.CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).runCommand(new Document("ping", 1));
            return CheckResult.up("ping");
        });
    }

    /**
     * A Kafka client of the service (consumer or producer) holds at least one connection to a broker,
     * by its own {@code connection-count} metric. Meant for a consumer in a group, which heartbeats
     * its coordinator: an idle producer closes its connections after {@code connections.max.idle.ms}.
     */
    public static HealthCheck kafkaClient(String name, Supplier<Map<MetricName, ? extends Metric>> metrics) {
        return HealthCheck.of("kafka." + name, () -> {
            double connections = metrics.get().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("connection-count"))
                    .mapToDouble(e -> e.getValue().metricValue() instanceof Number n ? n.doubleValue() : 0).sum();
            return connections > 0 ? CheckResult.up((long) connections + " connections") : CheckResult.down("no connection to a broker");
        });
    }

    /** The Kafka cluster answers a {@code describeCluster} with at least one broker. */
    public static HealthCheck kafkaCluster(Admin admin) {
        return HealthCheck.of("kafka", () -> {
            int ms = (int) HealthChecks.CHECK_TIMEOUT.toMillis();
            try {
                int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).nodes().get(ms, TimeUnit.MILLISECONDS).size();
                return brokers > 0 ? CheckResult.up(brokers + " brokers") : CheckResult.down("no broker");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CheckResult.down("interrupted");
            } catch (Exception e) {
                return CheckResult.down(e.getClass().getSimpleName());
            }
        });
    }

    /** A check on something of the service's own: up when {@code test} holds. */
    public static HealthCheck condition(String name, BooleanSupplier test, String upDetail, String downDetail) {
        return HealthCheck.of(name, () -> test.getAsBoolean() ? CheckResult.up(upDetail) : CheckResult.down(downDetail));
    }
}
