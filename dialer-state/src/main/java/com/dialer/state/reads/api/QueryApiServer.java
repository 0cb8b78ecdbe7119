package com.dialer.state.reads.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.http.Request;
import com.dialer.http.ServerSettings;
import com.dialer.http.WebServer;
import com.dialer.schemas.IdRule;
import com.dialer.state.reads.CallView;
import com.dialer.state.reads.Read;
import com.dialer.state.reads.TieredReader;

/**
 * The read-only JSON query API over the {@link TieredReader}: {@code GET /campaigns/{id}},
 * {@code GET /calls/{attemptId}}, {@code GET /clients/{id}/calls?since=}. Every request carries a
 * client's bearer token and reads only that client's data: no token 401, another client's listing
 * 403, another client's call or campaign 404 (its existence is not revealed). One virtual thread
 * per request.
 */
public final class QueryApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryApiServer.class);

    private final TieredReader reader;
    private final ApiTokens tokens;
    private final WebServer server;

    private QueryApiServer(ServerSettings settings, TieredReader reader, ApiTokens tokens) {
        this.reader = reader;
        this.tokens = tokens;
        // handle reads only the fields set above: a request may come before the constructor returns
        this.server = WebServer.start(settings, this::handle);
    }

    /** Serves on {@code settings} (HTTPS when they carry a key store). */
    public static QueryApiServer start(ServerSettings settings, TieredReader reader, ApiTokens tokens) {
        return new QueryApiServer(settings, reader, tokens);
    }

    /** Plain HTTP on a free loopback port (tests, the launcher's stack). */
    public static ServerSettings loopback() {
        return ServerSettings.of(QueryApiConfig.NAME, "127.0.0.1", 0);
    }

    public int port() {
        return server.port();
    }

    /** {@code http(s)://<bind address>:<port>}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    private com.dialer.http.Reply handle(Request request) {
        Reply reply;
        try {
            reply = route(request);
        } catch (RuntimeException e) {
            LOG.warn("query {} failed", request.rawPath(), e);
            reply = Reply.error(500, "internal error");
        }
        com.dialer.http.Reply json = com.dialer.http.Reply.json(reply.status(), reply.body());
        return reply.tier() == null ? json : json.withHeader("X-Read-Tier", reply.tier());
    }

    private Reply route(Request request) {
        if (!"GET".equals(request.method())) {
            return Reply.error(405, "read-only API: only GET");
        }
        Optional<String> client = tokens.clientOf(request.header("Authorization"));
        if (client.isEmpty()) {
            return Reply.error(401, "missing or unknown bearer token");
        }
        String[] path = request.path().replaceAll("^/+|/+$", "").split("/");
        if (path.length == 2 && path[0].equals("calls")) {
            // an id that could name another key (a brace, a colon of its own) is refused before any key is built
            return IdRule.validAttempt(path[1]) ? found(reader.call(client.get(), path[1]), "call")
                    : Reply.error(400, "not an attempt id: ids joined by ':', each " + IdRule.DESCRIPTION);
        }
        if (path.length == 2 && path[0].equals("campaigns")) {
            return IdRule.valid(path[1]) ? found(reader.campaign(client.get(), path[1]), "campaign")
                    : Reply.error(400, "not a campaign id: " + IdRule.DESCRIPTION);
        }
        if (path.length == 3 && path[0].equals("clients") && path[2].equals("calls")) {
            if (!path[1].equals(client.get())) {
                return Reply.error(403, "the token does not grant access to client " + path[1]);
            }
            Map<String, String> query;
            try {
                query = request.queryParameters();
            } catch (IllegalArgumentException e) {
                return Reply.error(400, "malformed query: " + e.getMessage());
            }
            return recentCalls(client.get(), query.get("since"));
        }
        return Reply.error(404, "no such resource");
    }

    private Reply recentCalls(String clientId, String since) {
        if (since == null) {
            return Reply.error(400, "query parameter since is required (ISO-8601 instant or epoch millis)");
        }
        Instant from;
        try {
            from = since.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(since))
                    : Instant.parse(since);
        } catch (DateTimeParseException | NumberFormatException e) {
            return Reply.error(400, "since is not an ISO-8601 instant or epoch millis: " + since);
        }
        List<Map<String, Object>> calls = reader.recentCalls(clientId, from).stream().map(CallView::toMap)
                .map(QueryApiServer::json).toList();
        return new Reply(200, Map.of("clientId", clientId, "since", from.toString(), "calls", calls), null);
    }

    private static Reply found(Optional<? extends Read<?>> read, String what) {
        if (read.isEmpty()) {
            return Reply.error(404, "no such " + what + " for this client");
        }
        Object value = read.get().value();
        Map<String, Object> body = value instanceof CallView c ? c.toMap()
                : ((com.dialer.state.reads.CampaignView) value).toMap();
        return new Reply(200, json(body), read.get().tier().name());
    }

    /** Instants as ISO-8601 strings; everything else as is. */
    private static Map<String, Object> json(Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> out.put(k, v instanceof Instant t ? t.toString() : v));
        return out;
    }

    @Override
    public void close() {
        server.close();
    }

    private record Reply(int status, Object body, String tier) {
        static Reply error(int status, String reason) {
            return new Reply(status, Map.of("error", reason), null);
        }
    }
}
