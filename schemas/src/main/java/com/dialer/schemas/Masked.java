package com.dialer.schemas;

import java.util.regex.Pattern;

/**
 * How a secret appears in logs, errors and every config's {@code toString}: the one place it is decided,
 * so no service masks differently (or forgets).
 */
public final class Masked {
    private static final Pattern USER_INFO = Pattern.compile("//[^@/?#]*@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&;](?:password|passwd|pwd|token|secret|key)=)[^&;#]*");

    private Masked() {
    }

    /** A secret: whether it is set, never a character of it. */
    public static String secret(String value) {
        return value == null || value.isEmpty() ? "(unset)" : "****";
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
