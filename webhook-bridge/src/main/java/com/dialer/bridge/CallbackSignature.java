package com.dialer.bridge;

import com.plivo.api.util.Utils;
import java.security.GeneralSecurityException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks Plivo's V3 signature of a callback and refuses a nonce seen before within the replay
 * window. The signature is checked by plivo-java's {@code Utils.validateSignatureV3} against the
 * full public URL Plivo called (base URL configured, since proxies rewrite the host we see).
 */
public final class CallbackSignature {

    /** Why a callback was refused; {@code ACCEPTED} when it was not. */
    public enum Verdict { ACCEPTED, UNSIGNED, FORGED, REPLAYED }

    private final String authToken;
    private final Duration replayWindow;
    private final int maxRememberedNonces;
    private final Clock clock;
    // nonce → first seen (millis), oldest first; bounded so a flood cannot exhaust memory
    private final LinkedHashMap<String, Long> seenNonces = new LinkedHashMap<>();

    public CallbackSignature(String authToken, Duration replayWindow, int maxRememberedNonces, Clock clock) {
        if (authToken == null || authToken.isBlank()) {
            throw new IllegalArgumentException("plivo auth token must not be blank");
        }
        this.authToken = authToken;
        this.replayWindow = replayWindow;
        this.maxRememberedNonces = maxRememberedNonces;
        this.clock = clock;
    }

    /**
     * @param publicUrl the URL as Plivo called it: for a POST with its query string; for a GET
     *                  without it, every query parameter then being in {@code params}
     * @param method "GET" or "POST"
     * @param signature one signature or several, comma-separated (any match validates)
     * @param params the form (POST) or query (GET) parameters Plivo sent
     */
    public Verdict check(String publicUrl, String method, String nonce, String signature, Map<String, String> params) {
        if (nonce == null || nonce.isBlank() || signature == null || signature.isBlank()) {
            return Verdict.UNSIGNED;
        }
        if (!valid(publicUrl, method, nonce, signature, params)) {
            return Verdict.FORGED;
        }
        return firstUse(nonce) ? Verdict.ACCEPTED : Verdict.REPLAYED;
    }

    /**
     * Forgets an accepted nonce whose callback was then not acknowledged (Kafka unavailable), so that
     * Plivo's retry of that very request is not refused as a replay.
     */
    public synchronized void forget(String nonce) {
        seenNonces.remove(nonce);
    }

    private boolean valid(String publicUrl, String method, String nonce, String signature, Map<String, String> params) {
        // plivo-java compares the method with ==: hand it the literal
        String verb = "GET".equalsIgnoreCase(method) ? "GET" : "POST";
        try {
            return Utils.validateSignatureV3(publicUrl, nonce, signature, authToken, verb, new HashMap<>(params));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return false; // a signature we cannot even parse is as good as a forged one
        }
    }

    private synchronized boolean firstUse(String nonce) {
        long now = clock.millis();
        long oldest = now - replayWindow.toMillis();
        Iterator<Map.Entry<String, Long>> it = seenNonces.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() >= oldest && seenNonces.size() <= maxRememberedNonces) {
                break;
            }
            it.remove();
        }
        return seenNonces.putIfAbsent(nonce, now) == null;
    }
}
