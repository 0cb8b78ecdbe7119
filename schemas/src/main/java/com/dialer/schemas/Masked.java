package com.dialer.schemas;

/**
 * How a secret appears in a log line, an error or a configuration's {@code toString}: one rule for
 * every service, so none masks less than another. The secret-scan tests (dialer-chaos) look for the
 * real values in every service's log.
 */
public final class Masked {
    /** What stands for a secret. */
    public static final String SECRET = "****";

    private Masked() {
    }

    /**
     * The URI with its user information (a Redis password, MongoDB credentials, a token) replaced:
     * everything from {@code //} to the last {@code @}, so a password holding {@code @} or {@code /}
     * is covered too (a URI with an {@code @} further on loses more than it must, never less).
     */
    public static String uri(String uri) {
        return uri == null ? null : uri.replaceAll("//.*@", "//" + SECRET + "@");
    }

    /** A secret's stand-in: {@link #SECRET} when set, {@code (unset)} when not. */
    public static String secret(String value) {
        return value == null || value.isBlank() ? "(unset)" : SECRET;
    }
}
