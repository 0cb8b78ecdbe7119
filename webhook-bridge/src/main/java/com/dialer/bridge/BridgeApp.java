package com.dialer.bridge;

import com.dialer.schemas.EnvironmentKeys;

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
        BridgeConfig config;
        try {
            config = BridgeConfig.from(EnvironmentKeys.fileThenEnvironment("webhook-bridge", args));
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
