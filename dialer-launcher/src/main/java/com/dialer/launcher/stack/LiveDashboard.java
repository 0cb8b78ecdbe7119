package com.dialer.launcher.stack;

import java.io.IOException;
import java.io.InputStream;

import com.dialer.http.Reply;
import com.dialer.http.Request;
import com.dialer.http.ServerSettings;
import com.dialer.http.WebServer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The live campaign page: {@code /} is the page (it polls {@code /api/board} every second),
 * {@code /api/board} the {@link LiveBoard} as JSON, {@code /metrics} the stack's Prometheus metrics.
 * Bound to 127.0.0.1 on a free port.
 */
public final class LiveDashboard implements AutoCloseable {
    private final LiveBoard board;
    private final PrometheusMeterRegistry metrics;
    private final byte[] page;
    private final WebServer server;

    private LiveDashboard(LiveBoard board, PrometheusMeterRegistry metrics) {
        this.board = board;
        this.metrics = metrics;
        try (InputStream in = LiveDashboard.class.getResourceAsStream("/com/dialer/launcher/dashboard.html")) {
            this.page = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("dashboard.html is missing from the launcher jar", e);
        }
        // handle reads only the fields set above: a request may come before the constructor returns
        this.server = WebServer.start(ServerSettings.of("dashboard", "127.0.0.1", 0), this::handle);
    }

    public static LiveDashboard start(LiveBoard board, PrometheusMeterRegistry metrics) {
        return new LiveDashboard(board, metrics);
    }

    private Reply handle(Request request) {
        if (!"GET".equals(request.method())) {
            return Reply.methodNotAllowed("GET", "only GET\n");
        }
        Reply reply = switch (request.path()) {
            case "/", "/index.html" -> Reply.of(200, "text/html; charset=utf-8", page);
            case "/api/board" -> Reply.json(200, board.snapshot());
            case "/metrics" -> Reply.of(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
            case "/health" -> Reply.of(200, Reply.JSON, "{\"status\":\"UP\"}");
            default -> Reply.text(404, "not found\n");
        };
        return reply.withHeader("Cache-Control", "no-store");
    }

    public LiveBoard board() {
        return board;
    }

    public String url() {
        return server.baseUrl() + "/";
    }

    @Override
    public void close() {
        server.close();
    }
}
