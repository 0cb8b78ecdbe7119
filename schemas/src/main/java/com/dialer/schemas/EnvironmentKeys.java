package com.dialer.schemas;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * How every service reads its settings: environment-style keys from one source (the environment, a
 * properties file behind it, a map in tests), each validated once at start-up. An error names the
 * key and the bad value (never a secret), so a wrong deployment stops with a message, not later.
 */
public record EnvironmentKeys(Function<String, String> source) {

    /**
     * A service main's source: the properties file named by {@code args[0]}, if any, with the
     * environment taking precedence. An unreadable file stops start-up with a message.
     */
    public static KeySource fileThenEnvironment(String service, String[] args) {
        java.util.Properties file = new java.util.Properties();
        if (args.length > 0) {
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(args[0]))) {
                file.load(in);
            } catch (java.io.IOException e) {
                System.err.println(service + ": cannot read config file " + args[0] + ": " + e.getMessage());
                System.exit(2);
            }
        }
        return new KeySource() {
            @Override
            public String apply(String key) {
                return System.getenv(key) != null ? System.getenv(key) : file.getProperty(key);
            }

            @Override
            public java.util.Set<String> names() {
                java.util.Set<String> names = new java.util.HashSet<>(System.getenv().keySet());
                names.addAll(file.stringPropertyNames());
                return names;
            }
        };
    }

    /**
     * The keys this source holds: all of them when it can list them ({@link KeySource}); otherwise those
     * of the process environment it holds a value for (a plain function cannot be asked for its keys).
     */
    public java.util.Set<String> names() {
        if (source instanceof KeySource listed) {
            return listed.names();
        }
        return System.getenv().keySet().stream().filter(key -> source.apply(key) != null)
                .collect(java.util.stream.Collectors.toSet());
    }

    public String required(String key) {
        String v = source.apply(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + ": required, not set");
        }
        return v.strip();
    }

    public String optional(String key, String fallback) {
        String v = source.apply(key);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    /** A whole number in [min, max]; {@code fallback} when unset. */
    public long number(String key, long fallback, long min, long max) {
        String v = optional(key, null);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a whole number: " + v);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(key + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                    ? ": must be >= " + min : ": must be between " + min + " and " + max) + ", was " + n);
        }
        return n;
    }

    public int integer(String key, int fallback, int min, int max) {
        return (int) number(key, fallback, min, max);
    }

    /** Milliseconds, at least 1. */
    public Duration millis(String key, long fallback) {
        return Duration.ofMillis(number(key, fallback, 1, Long.MAX_VALUE));
    }

    public boolean bool(String key, boolean fallback) {
        String v = optional(key, null);
        if (v == null) {
            return fallback;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + ": must be true or false, was " + v);
        }
        return Boolean.parseBoolean(v);
    }

    /**
     * A URL with a host and, when {@code schemes} are given, one of them; null when optional and unset.
     * A password in it is never repeated in the error.
     */
    public String url(String key, boolean required, String... schemes) {
        String v = required ? required(key) : optional(key, null);
        if (v == null) {
            return null;
        }
        try {
            URI uri = URI.create(v);
            if (uri.getScheme() == null || uri.getHost() == null
                    || (schemes.length > 0 && !List.of(schemes).contains(uri.getScheme()))) {
                throw new IllegalArgumentException("no scheme or host");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": not a " + (schemes.length == 0 ? "" : String.join("/", schemes) + " ")
                    + "URL: " + Masked.uri(v));
        }
        return v;
    }

    /** A Redis URI of any shape RedisEndpoint reads: redis(s)://, redis(s)-sentinel://, redis(s)-cluster:// (required). */
    public String redisUri(String key) {
        String v = required(key);
        URI uri;
        try {
            uri = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": not a URI: " + Masked.uri(v));
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("redis")) {
            throw new IllegalArgumentException(key + ": must be a redis://, rediss://, redis-sentinel:// or redis-cluster:// URI (docs/DESIGN.md, Redis), was " + Masked.uri(v));
        }
        return v;
    }
}
