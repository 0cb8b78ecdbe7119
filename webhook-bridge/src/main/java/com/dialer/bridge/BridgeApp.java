package com.dialer.bridge;

import com.dialer.schemas.EnvironmentKeys;

import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import com.dialer.state.metrics.MetricsEndpoint;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code java -cp … com.dialer.bridge.BridgeApp [config.properties]}: settings from the file,
 * overridden by the environment (see {@link BridgeConfig} for the keys).
 */
public final class BridgeApp {

    private BridgeApp() {
    }

    public static void main(String[] args) throws Exception {
        Function<String, String> env = EnvironmentKeys.fileThenEnvironment("webhook-bridge", args);
        BridgeConfig config;
        try {
            config = BridgeConfig.from(env);
            config.kafka().checkCredentials();
        } catch (IllegalArgumentException e) {
            System.err.println("webhook-bridge: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        PrometheusMeterRegistry registry = MetricsEndpoint.registry();
        // the management port (METRICS_PORT) is apart from the public webhook port Plivo reaches
        try (MetricsEndpoint metrics = MetricsEndpoint.fromEnvironment(env, registry);
             StartedBridge bridge = StartedBridge.start(config, registry)) {
            if (metrics != null) {
                metrics.health(bridge.health());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                bridge.close();
                stopped.countDown();
            }, "webhook-bridge-shutdown"));
            stopped.await();
        }
    }
}
