package com.dialer.plivosim;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import com.plivo.api.util.Utils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A webhook receiver for tests: records every callback and whether its V3 signature validates. */
final class CallbackReceiver implements AutoCloseable {
    record Callback(String kind, String url, Map<String, String> params, boolean signatureValid, long atNanos) {
        String param(String key) {
            return params.get(key);
        }
    }

    private final HttpServer server;
    private final String authToken;
    private final List<Callback> received = new CopyOnWriteArrayList<>();
    private volatile String answerXml = "<Response><Speak>Hello from the bot</Speak></Response>";

    CallbackReceiver(String authToken) throws IOException {
        this.authToken = authToken;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/plivo/", this::handle);
        server.start();
    }

    String url(String kind, String attemptId, String client) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/plivo/" + kind + "?attemptId=" + attemptId + "&client=" + client;
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

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String kind = ex.getRequestURI().getPath().substring("/plivo/".length());
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + ex.getRequestURI();
            Map<String, String> params = new HashMap<>();
            boolean valid;
            try (InputStream in = ex.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!body.isEmpty()) {
                    for (String pair : body.split("&")) {
                        String[] kv = pair.split("=", 2);
                        params.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
                    }
                }
                String signature = ex.getRequestHeaders().getFirst("X-Plivo-Signature-V3");
                String nonce = ex.getRequestHeaders().getFirst("X-Plivo-Signature-V3-Nonce");
                String method = ex.getRequestMethod().equals("GET") ? "GET" : "POST";
                valid = signature != null && nonce != null
                        && Utils.validateSignatureV3(url, nonce, signature, authToken, method, params);
            } catch (Exception e) {
                valid = false;
            }
            Map<String, String> all = new HashMap<>(SimulatedCall.queryOf(url));
            all.putAll(params);
            received.add(new Callback(kind, url, all, valid, System.nanoTime()));
            byte[] answer = (kind.equals("answer") ? answerXml : "").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/xml");
            ex.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                ex.getResponseBody().write(answer);
            }
        }
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
        server.stop(0);
    }
}
