package com.dialer.state.accounts;

import com.dialer.schemas.Masked;

/**
 * One Plivo account (or subaccount) calls are placed through: its credentials and its calls-per-second.
 *
 * @param id        the operator's name for it ({@code default} for PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN)
 * @param authId    Plivo's auth id (Basic auth user, the {@code {auth_id}} of {@code /v1/Account/{auth_id}/Call/});
 *                  null for an account known only to check callback signatures (the webhook bridge)
 * @param authToken the auth token: Basic auth password and the key of the callbacks' V3 signatures (secret)
 * @param cps       calls per second Plivo lets this account start (null: no limit of its own, only the global one)
 */
public record PlivoAccount(String id, String authId, String authToken, Integer cps) {

    /** The default account's id: the one PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN configure. */
    public static final String DEFAULT = "default";

    public PlivoAccount {
        if (authToken == null || authToken.isBlank()) {
            throw new IllegalArgumentException("account " + id + ": an auth token is required");
        }
        if (cps != null && cps < 1) {
            throw new IllegalArgumentException("account " + id + ": cps must be >= 1, was " + cps);
        }
    }

    /** The token masked: this is what logs and config dumps show. */
    @Override
    public String toString() {
        return id + "[authId=" + authId + ", authToken=" + Masked.secret(authToken) + ", cps=" + (cps == null ? "none" : cps) + "]";
    }
}
