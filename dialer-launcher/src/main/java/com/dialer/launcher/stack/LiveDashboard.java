package com.dialer.launcher.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The live campaign page: {@code /} is the page (it polls {@code /api/board} every second),
 * {@code /api/board} the {@link LiveBoard} as JSON, {@code /metrics} the stack's Prometheus metrics.
 * Bound to 127.0.0.1 on a free port.
 */
public final class LiveDashboard implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final LiveBoard board;
    private final PrometheusMeterRegistry metrics;
    private final byte[] page;

    private LiveDashboard(HttpServer server, ExecutorService threads, LiveBoard board, PrometheusMeterRegistry metrics) {
        this.server = server;
        this.threads = threads;
        this.board = board;
        this.metrics = metrics;
        try (InputStream in = LiveDashboard.class.getResourceAsStream("/com/dialer/launcher/dashboard.html")) {
            this.page = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("dashboard.html is missing from the launcher jar", e);
        }
    }

    public static LiveDashboard start(LiveBoard board, PrometheusMeterRegistry metrics) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
            LiveDashboard dashboard = new LiveDashboard(server, threads, board, metrics);
            server.createContext("/", dashboard::handle);
            server.setExecutor(threads);
            server.start();
            return dashboard;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the dashboard's port", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "only GET\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/", "/index.html" -> send(exchange, 200, "text/html; charset=utf-8", page);
                case "/api/board" -> send(exchange, 200, "application/json", JSON.writeValueAsBytes(board.snapshot()));
                case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(StandardCharsets.UTF_8));
                case "/health" -> send(exchange, 200, "application/json", "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8));
                default -> send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", ("error: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    public LiveBoard board() {
        return board;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.close();
    }
}
