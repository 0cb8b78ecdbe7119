package com.dialer.state.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.dialer.state.health.HealthChecks;
import com.dialer.state.health.HealthReport;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A service's management endpoint: {@code GET /metrics} (Micrometer, Prometheus text format),
 * {@code GET /health/live} and {@code GET /health/ready} (the service's {@link HealthChecks}, JSON,
 * 503 when down) and {@code GET /health} (the process answers). Each service's main starts one on
 * {@code METRICS_PORT}.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;
    private final PrometheusMeterRegistry registry;
    private volatile HealthChecks health = HealthChecks.none();

    private MetricsEndpoint(HttpServer server, ExecutorService threads, PrometheusMeterRegistry registry) {
        this.server = server;
        this.threads = threads;
        this.registry = registry;
    }

    /** A registry with the JVM's own meters bound, for a service's main. */
    public static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    /** The environment keys {@link #fromEnvironment} reads. */
    public static final java.util.Set<String> ENV_KEYS = java.util.Set.of("METRICS_PORT", "METRICS_BIND_ADDRESS");

    /**
     * The endpoint a service's main asks for: {@code METRICS_PORT} (none when unset) on
     * {@code METRICS_BIND_ADDRESS} (default 127.0.0.1; containers set 0.0.0.0).
     *
     * @return the started endpoint, or null when METRICS_PORT is not set
     */
    public static MetricsEndpoint fromEnvironment(java.util.function.Function<String, String> env, PrometheusMeterRegistry registry) {
        String port = env.apply("METRICS_PORT");
        if (port == null || port.isBlank()) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("METRICS_PORT: not a port number: " + port);
        }
        if (number < 0 || number > 65_535) {
            throw new IllegalArgumentException("METRICS_PORT: not a port number: " + port);
        }
        String bind = env.apply("METRICS_BIND_ADDRESS");
        return start(bind == null || bind.isBlank() ? "127.0.0.1" : bind.strip(), number, registry);
    }

    /** Serves {@code registry} on {@code bindAddress:port} (port 0: a free one). */
    public static MetricsEndpoint start(String bindAddress, int port, PrometheusMeterRegistry registry) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
            ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
            MetricsEndpoint endpoint = new MetricsEndpoint(server, threads, registry);
            server.createContext("/", endpoint::handle);
            server.setExecutor(threads);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("METRICS_PORT: cannot listen on " + bindAddress + ":" + port, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            int status = 200;
            String type = "text/plain; version=0.0.4; charset=utf-8";
            if (!"GET".equals(exchange.getRequestMethod())) {
                status = 405;
                body = "only GET\n".getBytes(StandardCharsets.UTF_8);
            } else if (path.equals("/metrics")) {
                body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            } else if (path.equals("/health/live") || path.equals("/health/ready")) {
                HealthReport report = path.endsWith("live") ? health.live() : health.ready();
                status = report.httpStatus();
                type = "application/json";
                body = report.json().getBytes(StandardCharsets.UTF_8);
            } else if (path.equals("/health")) {
                type = "application/json";
                body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                body = "not found: /metrics or /health\n".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** What {@code /health/live} and {@code /health/ready} answer from (none until set: both UP). */
    public MetricsEndpoint health(HealthChecks checks) {
        this.health = checks;
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.close();
    }
}
