package com.dialer.schemas;

import java.util.regex.Pattern;

/**
 * How a secret appears in a log line, an error or a configuration's {@code toString}: one rule for
 * every service, so none masks less than another. The secret-scan tests (dialer-chaos) look for the
 * real values in every service's log.
 */
public final class Masked {
    /** What stands for a secret. */
    public static final String SECRET = "****";
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&;](?:password|passwd|pwd|token|secret|key)=)[^&;#]*");
    /** A phone number as it may appear in free text: six or more digits, perhaps after + or %2B, spaces allowed. */
    private static final Pattern NUMBER = Pattern.compile("(\\+|%2[Bb])?\\d[\\d ()-]{4,}\\d");

    private Masked() {
    }

    /**
     * The URI (Redis, MongoDB, Kafka, HTTP) with its user information replaced — everything from {@code //}
     * to the last {@code @}, so a password holding {@code @} or {@code /} is covered too (a URI with an
     * {@code @} further on loses more than it must, never less) — and any password-like query parameter.
     */
    public static String uri(String uri) {
        if (uri == null) {
            return null;
        }
        String masked = uri.replaceAll("//.*@", "//" + SECRET + "@");
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + SECRET);
    }

    /** A secret's stand-in: {@link #SECRET} when set, {@code (unset)} when not. */
    public static String secret(String value) {
        return value == null || value.isBlank() ? "(unset)" : SECRET;
    }

    /** Free text (a refusal's reason, an excerpt of a request) with anything like a phone number masked, for logs. */
    public static String numbers(String text) {
        return text == null ? null : NUMBER.matcher(text).replaceAll(SECRET);
    }
}
