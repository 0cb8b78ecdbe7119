package com.dialer.schemas;

import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One configuration key with everything about it in one place: its name, what it holds, its default,
 * its bounds and its doc, and how it is read ({@link EnvironmentKeys} validates and names the key in
 * any error). A catalogue of these (e.g. {@code LimitKeys}) is the single owner of its keys: every
 * service reads them through it, and help texts and READMEs are written from it.
 *
 * @param name         the environment key, e.g. {@code MAX_CALLS_PER_MINUTE}
 * @param defaultValue the value when unset, as text ("" when there is none)
 * @param bounds       what is accepted, for people ("1..1000000", "acme=10,beta=5/120")
 * @param doc          what it means
 */
public record ConfigKey<T>(String name, String defaultValue, String bounds, String doc, BiFunction<EnvironmentKeys, String, T> reader) {

    /** A whole number in [min, max]. */
    public static ConfigKey<Integer> integer(String name, int fallback, int min, int max, String doc) {
        return new ConfigKey<>(name, Integer.toString(fallback), min + ".." + max, doc,
                (keys, key) -> keys.integer(key, fallback, min, max));
    }

    /** Milliseconds, at least 1. */
    public static ConfigKey<Duration> millis(String name, long fallback, String doc) {
        return new ConfigKey<>(name, Long.toString(fallback), "milliseconds >= 1", doc, (keys, key) -> keys.millis(key, fallback));
    }

    /** Free text parsed by {@code parse} (null when unset); an exception from it names the key. */
    public static <T> ConfigKey<T> parsed(String name, String bounds, String doc, Function<String, T> parse) {
        return new ConfigKey<>(name, "", bounds, doc, (keys, key) -> {
            String raw = keys.optional(key, null);
            try {
                return parse.apply(raw);
            } catch (IllegalArgumentException e) {
                String message = String.valueOf(e.getMessage());
                throw new IllegalArgumentException(message.startsWith(key) ? message : key + ": " + message, e);
            }
        });
    }

    public T read(EnvironmentKeys keys) {
        return reader.apply(keys, name);
    }

    /** One line for help texts: {@code NAME (default D; bounds): doc}. */
    public String describe() {
        return name + " (" + (defaultValue.isEmpty() ? "" : "default " + defaultValue + "; ") + bounds + "): " + doc;
    }
}
