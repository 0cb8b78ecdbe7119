package com.dialer.status;

import com.dialer.state.RedisKeys;
import com.dialer.schemas.KeySource;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import com.dialer.state.metrics.MetricsEndpoint;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the status-processor: config from the environment (see {@link StatusConfig} for the keys). */
public final class StatusApp {
    private static final Logger LOG = LoggerFactory.getLogger(StatusApp.class);

    private StatusApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        StatusConfig config;
        try {
            config = StatusConfig.from(KeySource.of(System.getenv()));
            config.kafka().checkCredentials();
        } catch (IllegalArgumentException e) {
            System.err.println("status-processor: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("status-processor starting with {}", config);
        PrometheusMeterRegistry registry = MetricsEndpoint.registry();
        MetricsEndpoint metrics = MetricsEndpoint.fromEnvironment(System::getenv, registry);
        StartedStatusProcessor processor = StartedStatusProcessor.start(config, new RedisKeys(config.redisKeyPrefix()),
                new Properties(), registry);
        if (metrics != null) {
            metrics.health(processor.health());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // the JVM halts as soon as its shutdown hooks return: the closing happens in the hook, or not at all
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("status-processor stopping ({})", processor.streams().state());
            processor.close();
            if (metrics != null) {
                metrics.close();
            }
            stopped.countDown();
        }, "status-processor-shutdown"));
        stopped.await();
    }
}
