package com.dialer.state.metrics;

import java.io.UncheckedIOException;

import com.dialer.http.Reply;
import com.dialer.http.Request;
import com.dialer.http.ServerSettings;
import com.dialer.http.WebServer;
import com.dialer.state.health.HealthChecks;
import com.dialer.state.health.HealthReport;

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
    private final PrometheusMeterRegistry registry;
    private final WebServer server;
    private volatile HealthChecks health = HealthChecks.none();

    private MetricsEndpoint(String bindAddress, int port, PrometheusMeterRegistry registry) {
        this.registry = registry;
        // handle reads only the registry, set above: a scrape may come before the constructor returns
        this.server = WebServer.start(ServerSettings.of("metrics", bindAddress, port), this::handle);
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
            return new MetricsEndpoint(bindAddress, port, registry);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("METRICS_PORT: " + e.getMessage(), e.getCause());
        }
    }

    private Reply handle(Request request) {
        String path = request.path();
        if (!"GET".equals(request.method())) {
            return Reply.methodNotAllowed("GET", "only GET\n");
        } else if (path.equals("/metrics")) {
            return Reply.of(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        } else if (path.equals("/health/live") || path.equals("/health/ready")) {
            HealthReport report = path.endsWith("live") ? health.live() : health.ready();
            return Reply.of(report.httpStatus(), Reply.JSON, report.json());
        } else if (path.equals("/health")) {
            return Reply.of(200, Reply.JSON, "{\"status\":\"UP\"}");
        } else {
            return Reply.text(404, "not found: /metrics, /health/live or /health/ready\n");
        }
    }

    /** What {@code /health/live} and {@code /health/ready} answer from (none until set: both UP). */
    public MetricsEndpoint health(HealthChecks checks) {
        this.health = checks;
        return this;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
