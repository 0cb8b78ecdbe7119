package com.dialer.executor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        Properties file = new Properties();
        if (args.length > 0) {
            try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
                file.load(in);
            } catch (IOException e) {
                System.err.println("cannot read config file " + args[0] + ": " + e.getMessage());
                System.exit(2);
            }
        }
        ExecutorConfig config;
        try {
            config = ExecutorConfig.from(key -> System.getenv(key) != null ? System.getenv(key) : file.getProperty(key));
        } catch (IllegalArgumentException e) {
            System.err.println("call-executor: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("starting with {}", config);
        CountDownLatch stopped = new CountDownLatch(1);
        PrometheusMeterRegistry registry = MetricsEndpoint.registry();
        Function<String, String> env = key -> System.getenv(key) != null ? System.getenv(key) : file.getProperty(key);
        try (MetricsEndpoint metrics = MetricsEndpoint.fromEnvironment(env, registry);
             CallExecutorService service = new CallExecutorService(config,
                new PlivoSdkDialer(config.plivoAuthId(), config.plivoAuthToken(), config.plivoApiUrl()), registry)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                stopped.countDown();
            }, "call-executor-shutdown"));
            stopped.await();
        }
    }
}
