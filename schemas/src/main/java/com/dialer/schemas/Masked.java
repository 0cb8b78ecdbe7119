package com.dialer.schemas;

import java.util.regex.Pattern;

/**
 * How a secret appears in logs, errors and every config's {@code toString}: the one place it is decided,
 * so no service masks differently (or forgets).
 */
public final class Masked {
    private static final Pattern USER_INFO = Pattern.compile("//[^@/?#]*@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&;](?:password|passwd|pwd|token|secret|key)=)[^&;#]*");

    /** A phone number as it may appear in free text: six or more digits, perhaps after + or %2B, spaces allowed. */
    private static final Pattern NUMBER = Pattern.compile("(\\+|%2[Bb])?\\d[\\d ()-]{4,}\\d");

    private Masked() {
    }

    /** A secret: whether it is set, never a character of it. */
    public static String secret(String value) {
        return value == null || value.isEmpty() ? "(unset)" : "****";
    }

    /** Free text (a refusal's reason, an excerpt of a request) with anything like a phone number masked, for logs. */
    public static String numbers(String text) {
        return text == null ? null : NUMBER.matcher(text).replaceAll("***");
    }

    /** A URI (Redis, MongoDB, Kafka, HTTP) with any user:password and any password-like query parameter masked. */
    public static String uri(String uri) {
        if (uri == null) {
            return null;
        }
        String masked = USER_INFO.matcher(uri).replaceAll("//***@");
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1***");
    }
}
