package com.dialer.state.reads.api;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.schemas.IdRule;
import com.dialer.schemas.Sha256;

/**
 * Per-client API tokens: a bearer token names exactly one client, whose data it may read. Only the
 * tokens' SHA-256 hashes are configured ({@code QUERY_API_TOKENS=<hash>=clientId,...}, made by
 * {@code ./dialer token}), so the environment, a compose file or a process listing shows no usable
 * token. A presented token is hashed and compared with every configured hash in constant time.
 */
public final class ApiTokens {
    /** The environment key the tokens are read from, named in every error. */
    public static final String KEY = "QUERY_API_TOKENS";
    private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);
    private static final String BEARER = "bearer ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(byte[] hash, String clientId) {
    }

    private final List<Entry> entries;

    private ApiTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses {@code sha256hex=clientId,...}; an error names the key and the bad entry by its position (never
     * its value). The same token twice is refused: one of the two would silently name the wrong client.
     * An empty spec is allowed but warned about: every request will then be refused.
     */
    public static ApiTokens parse(String spec) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> positionOf = new LinkedHashMap<>();
        if (spec != null && !spec.isBlank()) {
            int index = 0;
            for (String entry : spec.split(",")) {
                index++;
                int eq = entry.indexOf('=');
                String hash = eq < 0 ? "" : entry.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String client = eq < 0 ? "" : entry.substring(eq + 1).strip();
                if (hash.length() != 64 || !hash.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    throw new IllegalArgumentException(KEY + ": entry " + index
                            + " is not <SHA-256 of the token, 64 hex digits>=clientId (./dialer token makes one)");
                }
                if (!IdRule.valid(client)) {
                    throw new IllegalArgumentException(KEY + ": entry " + index + ": " + IdRule.problem("clientId", client).orElseThrow());
                }
                Integer earlier = positionOf.putIfAbsent(hash, index);
                if (earlier != null) {
                    throw new IllegalArgumentException(KEY + ": entry " + index + " repeats the token of entry " + earlier);
                }
                entries.add(new Entry(HexFormat.of().parseHex(hash), client));
            }
        }
        if (entries.isEmpty()) {
            LOG.warn("{} is empty: the query API refuses every request (401); make a token with ./dialer token --client ID", KEY);
        }
        return new ApiTokens(entries);
    }

    /** What {@code QUERY_API_TOKENS} holds for a token: its SHA-256, hex. */
    public static String hash(String token) {
        return Sha256.hex(token);
    }

    /** A new random token: 32 bytes from a {@link SecureRandom}, URL-safe Base64. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The client a request's {@code Authorization} header names, if it carries a known bearer token. */
    public Optional<String> clientOf(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        byte[] presented = HexFormat.of().parseHex(hash(authorization.substring(BEARER.length()).strip()));
        String client = null;
        for (Entry entry : entries) {
            // every entry is compared, in constant time: how long this takes says nothing about the tokens
            if (MessageDigest.isEqual(presented, entry.hash())) {
                client = entry.clientId();
            }
        }
        return Optional.ofNullable(client);
    }

    @Override
    public String toString() {
        return "ApiTokens[" + entries.size() + " tokens for clients " + entries.stream().map(Entry::clientId).distinct().toList() + "]";
    }
}
