package com.dialer.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.plivo.api.util.Utils;

/**
 * Calls the webhook bridge as Plivo would — or as an attacker or a broken proxy would: form POSTs
 * signed with plivo-java's own V3 signature ({@link Utils#computeSignatureV3}), unsigned, signed with
 * the wrong token, tampered after signing, replayed, malformed, oversized, with other methods.
 */
public final class WebhookProbe {
    private static final AtomicLong NONCES = new AtomicLong(System.nanoTime());

    private final String baseUrl;
    private final String authToken;

    public WebhookProbe(String baseUrl, String authToken) {
        this.baseUrl = baseUrl;
        this.authToken = authToken;
    }

    /** The bridge's answer. */
    public record Answer(int status, String body, String allow) {
    }

    /** A callback request before it is sent: path with query, form, headers. */
    public record Callback(String pathAndQuery, Map<String, String> form, Map<String, String> headers) {
        public Callback {
            form = new LinkedHashMap<>(form);
            headers = new LinkedHashMap<>(headers);
        }

        /** The same request with one form parameter changed (after it was signed). */
        public Callback with(String name, String value) {
            Map<String, String> changed = new LinkedHashMap<>(form);
            changed.put(name, value);
            return new Callback(pathAndQuery, changed, headers);
        }
    }

    /** {@code /plivo/<kind>?attemptId=…&client=…&campaign=…}, as the executor builds callback URLs. */
    public static String path(String kind, String attemptId, String client) {
        return "/plivo/" + kind + "?attemptId=" + encode(attemptId) + "&client=" + encode(client) + "&campaign=probe";
    }

    /** A hangup's form parameters, as Plivo sends them. */
    public static Map<String, String> hangup(String status) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("CallUUID", "probe-call-uuid");
        p.put("RequestUUID", "probe-request-uuid");
        p.put("From", "+12015550100");
        p.put("To", "+12015550199");
        p.put("Direction", "outbound");
        p.put("Event", "Hangup");
        p.put("CallStatus", status);
        p.put("HangupCause", "NORMAL_CLEARING");
        p.put("HangupCauseCode", "4000");
        p.put("Duration", "12");
        p.put("BillDuration", "60");
        return p;
    }

    /** Signed with {@code token} (our own or a forger's) for the public URL of {@code pathAndQuery}. */
    public Callback signed(String pathAndQuery, Map<String, String> form, String token) {
        String nonce = Long.toString(NONCES.incrementAndGet()) + "0000000000";
        String signature;
        try {
            signature = Utils.computeSignatureV3(baseUrl + pathAndQuery, nonce, token, "POST", new TreeMap<>(form));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign a probe", e);
        }
        return new Callback(pathAndQuery, form, Map.of("X-Plivo-Signature-V3", signature, "X-Plivo-Signature-V3-Nonce", nonce));
    }

    public Callback signed(String pathAndQuery, Map<String, String> form) {
        return signed(pathAndQuery, form, authToken);
    }

    public Callback unsigned(String pathAndQuery, Map<String, String> form) {
        return new Callback(pathAndQuery, form, Map.of());
    }

    /** Posts the callback as a form. */
    public Answer post(Callback callback) {
        String body = callback.form().entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send("POST", callback.pathAndQuery(), callback.headers(), "application/x-www-form-urlencoded", body);
    }

    /** Any method, any body, any content type: what a broken client or an attacker sends. */
    public Answer send(String method, String pathAndQuery, Map<String, String> headers, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.ISO_8859_1)));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        // a connection of its own: the bridge closes one whose oversized body it refused unread, and a
        // pooled connection would make the next probe fail instead of the one that caused it
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Allow").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + pathAndQuery + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
