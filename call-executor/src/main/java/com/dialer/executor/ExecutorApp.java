package com.dialer.executor;

import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.schemas.EnvironmentKeys;
import com.dialer.state.metrics.MetricsEndpoint;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code java -cp … com.dialer.executor.ExecutorApp [config.properties]}: settings from the file,
 * overridden by the environment (see {@link ExecutorConfig} for the keys).
 */
public final class ExecutorApp {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorApp.class);

    private ExecutorApp() {
    }

    public static void main(String[] args) throws Exception {
        Function<String, String> env = EnvironmentKeys.fileThenEnvironment("call-executor", args);
        ExecutorConfig config;
        try {
            config = ExecutorConfig.from(env);
            config.kafka().checkCredentials();
        } catch (IllegalArgumentException e) {
            System.err.println("call-executor: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("starting with {}", config);
        CountDownLatch stopped = new CountDownLatch(1);
        PrometheusMeterRegistry registry = MetricsEndpoint.registry();
        try (MetricsEndpoint metrics = MetricsEndpoint.fromEnvironment(env, registry);
             CallExecutorService service = new CallExecutorService(config,
                new PlivoSdkDialer(config.plivoAccounts(), config.plivoApiUrl()), registry)) {
            if (metrics != null) {
                metrics.health(service.health());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                stopped.countDown();
            }, "call-executor-shutdown"));
            stopped.await();
        }
    }
}
