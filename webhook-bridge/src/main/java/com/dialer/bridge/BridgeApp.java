package com.dialer.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code java -cp … com.dialer.bridge.BridgeApp [config.properties]}: settings from the file,
 * overridden by the environment (see {@link BridgeConfig} for the keys).
 */
public final class BridgeApp {

    private BridgeApp() {
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
        BridgeConfig config;
        try {
            config = BridgeConfig.from(key -> System.getenv(key) != null ? System.getenv(key) : file.getProperty(key));
        } catch (IllegalArgumentException e) {
            System.err.println("webhook-bridge: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (StartedBridge bridge = StartedBridge.start(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                bridge.close();
                stopped.countDown();
            }, "webhook-bridge-shutdown"));
            stopped.await();
        }
    }
}
