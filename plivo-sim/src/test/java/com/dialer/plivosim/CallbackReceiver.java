package com.dialer.plivosim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.dialer.http.Reply;
import com.dialer.http.Request;
import com.dialer.http.Routes;
import com.dialer.http.ServerSettings;
import com.dialer.http.WebServer;
import com.plivo.api.util.Utils;

/** A webhook receiver for tests: records every callback and whether its V3 signature validates. */
final class CallbackReceiver implements AutoCloseable {
    record Callback(String kind, String url, Map<String, String> params, boolean signatureValid, long atNanos) {
        String param(String key) {
            return params.get(key);
        }
    }

    private final String authToken;
    private final List<Callback> received = new CopyOnWriteArrayList<>();
    private volatile String answerXml = "<Response><Speak>Hello from the bot</Speak></Response>";
    private final WebServer server;

    CallbackReceiver(String authToken) {
        this.authToken = authToken;
        server = WebServer.start(ServerSettings.of("callback-receiver", "127.0.0.1", 0), new Routes().on("/plivo/", this::handle));
    }

    String url(String kind, String attemptId, String client) {
        return server.baseUrl() + "/plivo/" + kind + "?attemptId=" + attemptId + "&client=" + client;
    }

    /** As call-executor's CallbackUrls spell them: attempt, client and campaign. */
    String url(String kind, String attemptId, String client, String campaign) {
        return url(kind, attemptId, client) + "&campaign=" + campaign;
    }

    List<Callback> received() {
        return List.copyOf(received);
    }

    List<Callback> where(Predicate<Callback> filter) {
        return received.stream().filter(filter).toList();
    }

    private Reply handle(Request ex) {
        String kind = ex.path().substring("/plivo/".length());
        String url = server.baseUrl() + ex.rawPathAndQuery();
        Map<String, String> params = new HashMap<>();
        boolean valid;
        try {
            String body = new String(ex.body(), StandardCharsets.UTF_8);
            if (!body.isEmpty()) {
                for (String pair : body.split("&")) {
                    String[] kv = pair.split("=", 2);
                    params.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
                }
            }
            String signature = ex.header("X-Plivo-Signature-V3");
            String nonce = ex.header("X-Plivo-Signature-V3-Nonce");
            String method = ex.method().equals("GET") ? "GET" : "POST";
            valid = signature != null && nonce != null
                    && Utils.validateSignatureV3(url, nonce, signature, authToken, method, params);
        } catch (Exception e) {
            valid = false;
        }
        Map<String, String> all = new HashMap<>(SimulatedCall.queryOf(url));
        all.putAll(params);
        received.add(new Callback(kind, url, all, valid, System.nanoTime()));
        return Reply.of(200, "application/xml", kind.equals("answer") ? answerXml : "");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static List<String> kinds(List<Callback> callbacks) {
        List<String> kinds = new ArrayList<>();
        callbacks.forEach(c -> kinds.add(c.kind() + ":" + c.param("CallStatus")));
        return kinds;
    }

    @Override
    public void close() {
        server.close();
    }
}
