package com.dialer.state.limits;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.dialer.schemas.ConfigKey;
import com.dialer.schemas.EnvironmentKeys;
import com.dialer.state.ratelimit.RateLimit;

/**
 * The limits as configured, and the one catalogue of their keys: the scheduler, the executor, the
 * launcher and the live page read them here and nowhere else.
 *
 * <p>What they mean (docs/DESIGN.md, "Concurrency slots"):
 * <ul>
 * <li>the <b>global rate</b>: calls started per window across every instance (GCRA, burst on top);</li>
 * <li>a <b>client's cap</b> bounds the client's live calls across all its campaigns. Resolved by one chain:
 *     the operator's live value in {@code limits:{client}} (set with {@code ./dialer limits}), else the
 *     client's entry in {@code CLIENT_LIMITS}, else {@code DEFAULT_CLIENT_CAP};</li>
 * <li>a <b>campaign's cap</b> ({@code concurrencyCap} in its settings, optional) bounds that campaign's live
 *     calls and never raises its client's: a reservation needs room at both levels.</li>
 * </ul>
 * Live values are read inside the reservation script, so a change applies to the next reservation;
 * lowering a cap never ends a live call.
 *
 * @param globalRate       {@link #MAX_CALLS_PER_MINUTE} per {@link #RATE_LIMIT_WINDOW} with {@link #RATE_LIMIT_BURST};
 *                         the default of the live value in {@code rate:{rate}:limits}
 * @param defaultClientCap {@link #DEFAULT_CLIENT_CAP}
 * @param clients          {@link #CLIENT_LIMITS}
 */
public record Limits(RateLimit globalRate, int defaultClientCap, ConfiguredClientLimits clients) {

    public static final ConfigKey<Integer> MAX_CALLS_PER_MINUTE = ConfigKey.integer("MAX_CALLS_PER_MINUTE", 600, 1,
            Integer.MAX_VALUE, "the global rate limit: calls started per RATE_LIMIT_WINDOW across every instance");
    public static final ConfigKey<Duration> RATE_LIMIT_WINDOW = ConfigKey.millis("RATE_LIMIT_WINDOW", 60_000,
            "the window MAX_CALLS_PER_MINUTE is counted over");
    public static final ConfigKey<Integer> RATE_LIMIT_BURST = ConfigKey.integer("RATE_LIMIT_BURST", 10, 1, Integer.MAX_VALUE,
            "calls that may start back to back after a quiet spell, on top of the rate");
    public static final ConfigKey<Integer> DEFAULT_CLIENT_CAP = ConfigKey.integer("DEFAULT_CLIENT_CAP", 10, 0, CapValue.MAX,
            "live calls of a client that has no cap of its own (0: such clients may not call)");
    public static final ConfigKey<ConfiguredClientLimits> CLIENT_LIMITS = ConfigKey.parsed("CLIENT_LIMITS",
            "<clientId>=<cap>[/<callsPerMinute>],...",
            "each client's cap on live calls across its campaigns, and optionally its own rate",
            ConfiguredClientLimits::parse);

    /** Every limit key, for help texts and documentation. */
    public static final List<ConfigKey<?>> KEYS = List.of(MAX_CALLS_PER_MINUTE, RATE_LIMIT_WINDOW, RATE_LIMIT_BURST,
            DEFAULT_CLIENT_CAP, CLIENT_LIMITS);

    public Limits {
        CapValue.check(DEFAULT_CLIENT_CAP.name(), defaultClientCap);
    }

    /** Reads and validates every limit key; an error names the key. */
    public static Limits from(EnvironmentKeys keys) {
        return new Limits(new RateLimit(MAX_CALLS_PER_MINUTE.read(keys), RATE_LIMIT_WINDOW.read(keys), RATE_LIMIT_BURST.read(keys)),
                DEFAULT_CLIENT_CAP.read(keys), CLIENT_LIMITS.read(keys));
    }

    public static Limits from(Function<String, String> source) {
        return from(new EnvironmentKeys(source));
    }

    /** The defaults of every key. */
    public static Limits defaults() {
        return from(key -> null);
    }

    /** The client's configured cap: its CLIENT_LIMITS entry, else DEFAULT_CLIENT_CAP. */
    public int configuredCap(String clientId) {
        return clients.capOf(clientId, defaultClientCap);
    }

    /** The client's configured rate (calls per minute), or null when it has none. */
    public Integer configuredRate(String clientId) {
        ConfiguredClientLimits.Limit limit = clients.byClient().get(clientId);
        return limit == null ? null : limit.callsPerMinute();
    }

    public Limits withGlobalRate(RateLimit rate) {
        return new Limits(rate, defaultClientCap, clients);
    }

    /** The environment keys that configure exactly these limits, for launching a service. */
    public Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(MAX_CALLS_PER_MINUTE.name(), Long.toString(globalRate.permits()));
        env.put(RATE_LIMIT_WINDOW.name(), Long.toString(globalRate.window().toMillis()));
        env.put(RATE_LIMIT_BURST.name(), Integer.toString(globalRate.burst()));
        env.put(DEFAULT_CLIENT_CAP.name(), Integer.toString(defaultClientCap));
        env.put(CLIENT_LIMITS.name(), clients.format());
        return env;
    }
}
