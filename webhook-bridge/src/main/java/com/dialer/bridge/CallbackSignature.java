package com.dialer.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

import com.dialer.state.accounts.PlivoAccount;
import com.dialer.state.accounts.PlivoAccounts;
import com.plivo.api.util.Utils;

/**
 * Checks Plivo's V3 signature of a callback: plivo-java's {@code Utils.computeSignatureV3} computes what
 * Plivo signed, against the full public URL Plivo called (base URL configured, since proxies rewrite the
 * host we see); the comparison is ours, in constant time ({@link MessageDigest#isEqual}), because
 * plivo-java's {@code validateSignatureV3} compares with {@code String.equals}, whose early exit tells a
 * forger how many leading characters were right. Whether a signed callback was seen before is the
 * {@code CallbackGuard}'s question, in Redis.
 *
 * <p>With several Plivo accounts ({@link PlivoAccounts}), a callback is checked with the token of the account
 * its client dials through, the client being the one named in the signed callback URL: a callback signed
 * with another account's token does not match, and one naming another client is checked with that
 * client's token, so no account can speak for a call it did not place.
 */
public final class CallbackSignature {

    /** Why a callback was refused; {@code ACCEPTED} when it was not. */
    public enum Verdict { ACCEPTED, UNSIGNED, FORGED }

    private final PlivoAccounts accounts;

    public CallbackSignature(String authToken) {
        if (authToken == null || authToken.isBlank()) {
            throw new IllegalArgumentException("plivo auth token must not be blank");
        }
        this.accounts = PlivoAccounts.single(null, authToken);
    }

    public CallbackSignature(PlivoAccounts accounts) {
        this.accounts = accounts;
    }

    /** As {@link #check(String, String, String, String, String, Map)} for a client of the default account. */
    public Verdict check(String publicUrl, String method, String nonce, String signature, Map<String, String> params) {
        return check(null, publicUrl, method, nonce, signature, params);
    }

    /**
     * @param clientId  the client the callback URL names: its account's token is the key (null: the default account)
     * @param publicUrl the URL as Plivo called it: for a POST with its query string; for a GET
     *                  without it, every query parameter then being in {@code params}
     * @param method "GET" or "POST"
     * @param signature one signature or several, comma-separated (any match validates)
     * @param params the form (POST) or query (GET) parameters Plivo sent
     */
    public Verdict check(String clientId, String publicUrl, String method, String nonce, String signature,
                         Map<String, String> params) {
        if (nonce == null || nonce.isBlank() || signature == null || signature.isBlank()) {
            return Verdict.UNSIGNED;
        }
        PlivoAccount account = clientId == null ? accounts.byId(PlivoAccount.DEFAULT) : accounts.forClient(clientId);
        if (account == null) {
            return Verdict.FORGED; // no account of ours places this client's calls: nothing can be signed for it
        }
        String authToken = account.authToken();
        byte[] expected;
        try {
            // plivo-java compares the method with ==: hand it the literal
            String verb = "GET".equalsIgnoreCase(method) ? "GET" : "POST";
            expected = Utils.computeSignatureV3(publicUrl, nonce, authToken, verb, new HashMap<>(params))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return Verdict.FORGED; // a URL we cannot even sign against is as good as a forged signature
        }
        boolean matched = false;
        for (String candidate : signature.split(",")) {
            // every candidate is compared, so the time taken says nothing about which one matched
            matched |= MessageDigest.isEqual(expected, candidate.strip().getBytes(StandardCharsets.US_ASCII));
        }
        return matched ? Verdict.ACCEPTED : Verdict.FORGED;
    }
}
