package com.dialer.state.reads.api;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Per-client API tokens: a bearer token names exactly one client, whose data it may read. */
public record ApiTokens(Map<String, String> clientByToken) {

    private static final String BEARER = "Bearer ";

    public ApiTokens {
        clientByToken = Map.copyOf(clientByToken);
    }

    /** Parses {@code token=clientId,token=clientId}; an error names the bad entry (never the token). */
    public static ApiTokens parse(String spec) {
        Map<String, String> tokens = new HashMap<>();
        if (spec != null && !spec.isBlank()) {
            int index = 0;
            for (String entry : spec.split(",")) {
                index++;
                int eq = entry.indexOf('=');
                if (eq < 1 || eq == entry.length() - 1) {
                    throw new IllegalArgumentException("api tokens: entry " + index + " is not token=clientId");
                }
                tokens.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
            }
        }
        return new ApiTokens(tokens);
    }

    /** The client a request's {@code Authorization} header names, if it carries a known bearer token. */
    public Optional<String> clientOf(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return Optional.empty();
        }
        return Optional.ofNullable(clientByToken.get(authorization.substring(BEARER.length()).trim()));
    }

    @Override
    public String toString() {
        return "ApiTokens[" + clientByToken.size() + " tokens for clients " + clientByToken.values() + "]";
    }
}
