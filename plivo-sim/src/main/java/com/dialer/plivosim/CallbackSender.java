package com.dialer.plivosim;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.plivo.api.util.Utils;

/**
 * Posts (or gets) a callback as Plivo does: form-encoded parameters, signed with the V3 scheme
 * ({@code X-Plivo-Signature-V3} and its nonce, plus {@code X-Plivo-Signature-Ma-V3}) by plivo-java's
 * own {@link Utils#computeSignatureV3}, and tried again when not answered with HTTP 200.
 */
final class CallbackSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);

    private final SimConfig config;
    private final SecureRandom nonces = new SecureRandom();
    private final HttpClient http;

    CallbackSender(SimConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.callbackTimeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** The answer's body when a try got HTTP 200, else null after the last try. */
    String send(String url, String method, Map<String, String> params) {
        return send(config.authToken(), url, method, params);
    }

    /** As {@link #send(String, String, Map)}, signed with {@code authToken}: the token of the account that placed the call. */
    String send(String authToken, String url, String method, Map<String, String> params) {
        // plivo-java compares the method with ==: hand it the literal
        String verb = "GET".equalsIgnoreCase(method) ? "GET" : "POST";
        for (int attempt = 1; attempt <= config.callbackAttempts(); attempt++) {
            try {
                HttpResponse<String> response = http.send(request(authToken, url, verb, params), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
                LOG.debug("callback {} answered {} (try {})", url, response.statusCode(), attempt);
            } catch (IOException e) {
                LOG.debug("callback {} failed (try {}): {}", url, attempt, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            pause(attempt);
        }
        return null;
    }

    HttpRequest request(String url, String verb, Map<String, String> params) {
        return request(config.authToken(), url, verb, params);
    }

    HttpRequest request(String authToken, String url, String verb, Map<String, String> params) {
        String nonce = nonce();
        String signature;
        try {
            signature = Utils.computeSignatureV3(url, nonce, authToken, verb, new TreeMap<>(params));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign a callback to " + url, e);
        }
        String form = params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder builder = HttpRequest.newBuilder().timeout(config.callbackTimeout())
                .header("X-Plivo-Signature-V3", signature)
                .header("X-Plivo-Signature-Ma-V3", signature)
                .header("X-Plivo-Signature-V3-Nonce", nonce)
                .header("User-Agent", "PlivoHTTP/1.0 (dialer plivo-sim)");
        if (verb.equals("GET")) {
            String separator = url.contains("?") ? "&" : "?";
            return builder.uri(URI.create(params.isEmpty() ? url : url + separator + form)).GET().build();
        }
        return builder.uri(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private String nonce() {
        // Plivo's nonces are long decimal strings
        StringBuilder s = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            s.append(nonces.nextInt(10));
        }
        return s.toString();
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(Math.min(1000, 50L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }
}
