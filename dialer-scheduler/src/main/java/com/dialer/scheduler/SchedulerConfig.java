package com.dialer.scheduler;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import com.dialer.state.ratelimit.RateLimit;
import com.dialer.state.recipients.CommunicationLimits;
import com.dialer.state.slots.ConfiguredClientLimits;

/**
 * The scheduler's settings, read once at start-up from the environment. Each key is documented at
 * its accessor; an error names the key and the bad value.
 *
 * @param globalLimit        MAX_CALLS_PER_MINUTE per RATE_LIMIT_WINDOW (ms, default 60000) with
 *                           RATE_LIMIT_BURST (default 10); only the default: an operator changes the
 *                           live limit in the Redis hash {@code RedisKeys.globalRateLimits()}
 * @param tick               RELEASE_TICK_MS: how often the release punctuator runs (wall clock)
 * @param maxReleasesPerTick MAX_RELEASES_PER_TICK: bounds the work of one punctuation
 * @param defaultClientCap   DEFAULT_CLIENT_CAP: concurrency cap when neither limits:{client}, CLIENT_LIMITS nor the campaign sets one
 * @param clientLimits       CLIENT_LIMITS: per-client cap and optional rate, {@code acme=10,beta=5/120}
 *                           ({@code <clientId>=<cap>[/<callsPerMinute>]}); seeded into limits:{client} at start-up
 *                           where that hash has no value, so the executor's reservation enforces the same cap
 * @param recipientLimits    RECIPIENT_MIN_GAP_SECONDS (between the starts of two calls to one number of one client),
 *                           RECIPIENT_MAX_CALLS per RECIPIENT_PERIOD_HOURS (sliding), across all the client's campaigns
 * @param recipientRecheck   RECIPIENT_RECHECK_MS: how soon a number held by a live call of another campaign is asked
 *                           for again (its outcome usually frees it first)
 * @param summaryInterval    SUMMARY_INTERVAL_MS: how often running and paused campaigns whose totals changed get a summary
 * @param defaultZone        DEFAULT_TIME_ZONE: a contact's zone when the record names none and the number maps to none
 * @param defaultRegion      DEFAULT_REGION: region for numbers written without a country code
 */
public record SchedulerConfig(String bootstrapServers, String applicationId, String topicPrefix, int partitions,
                              String redisUri, RateLimit globalLimit, Duration tick, int maxReleasesPerTick,
                              int defaultClientCap, Map<String, ClientLimit> clientLimits,
                              CommunicationLimits recipientLimits, Duration recipientRecheck, Duration summaryInterval,
                              ZoneId defaultZone, String defaultRegion) {

    /** A client's limits as configured: a concurrency cap and an optional calls-per-minute rate. */
    public record ClientLimit(int cap, Integer callsPerMinute) {
    }

    public SchedulerConfig {
        clientLimits = Map.copyOf(clientLimits);
    }

    /** Settings for tests and defaults for production. */
    public static SchedulerConfig defaults() {
        return fromEnv(Map.of());
    }

    public static SchedulerConfig fromEnv(Map<String, String> env) {
        Function<String, String> get = env::get;
        long window = positiveLong(get, "RATE_LIMIT_WINDOW", 60_000);
        return new SchedulerConfig(
                env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                env.getOrDefault("APPLICATION_ID", "dialer-scheduler"),
                env.getOrDefault("TOPIC_PREFIX", ""),
                (int) positiveLong(get, "TOPIC_PARTITIONS", 6),
                env.getOrDefault("REDIS_URI", "redis://localhost:6379"),
                new RateLimit(positiveLong(get, "MAX_CALLS_PER_MINUTE", 600), Duration.ofMillis(window),
                        (int) positiveLong(get, "RATE_LIMIT_BURST", 10)),
                Duration.ofMillis(positiveLong(get, "RELEASE_TICK_MS", 100)),
                (int) positiveLong(get, "MAX_RELEASES_PER_TICK", 500),
                (int) positiveLong(get, "DEFAULT_CLIENT_CAP", 10),
                clientLimits(env.get("CLIENT_LIMITS")),
                new CommunicationLimits(Duration.ofSeconds(nonNegativeLong(get, "RECIPIENT_MIN_GAP_SECONDS", 3600)),
                        (int) positiveLong(get, "RECIPIENT_MAX_CALLS", 4),
                        Duration.ofHours(positiveLong(get, "RECIPIENT_PERIOD_HOURS", 48))),
                Duration.ofMillis(positiveLong(get, "RECIPIENT_RECHECK_MS", 30_000)),
                Duration.ofMillis(positiveLong(get, "SUMMARY_INTERVAL_MS", 10_000)),
                zone(env.getOrDefault("DEFAULT_TIME_ZONE", "UTC")),
                env.getOrDefault("DEFAULT_REGION", "US"));
    }

    public SchedulerConfig withGlobalLimit(RateLimit limit) {
        return new SchedulerConfig(bootstrapServers, applicationId, topicPrefix, partitions, redisUri, limit, tick,
                maxReleasesPerTick, defaultClientCap, clientLimits, recipientLimits, recipientRecheck, summaryInterval,
                defaultZone, defaultRegion);
    }

    public SchedulerConfig withKafka(String bootstrap, String appId, String prefix, int topicPartitions, String redis) {
        return new SchedulerConfig(bootstrap, appId, prefix, topicPartitions, redis, globalLimit, tick,
                maxReleasesPerTick, defaultClientCap, clientLimits, recipientLimits, recipientRecheck, summaryInterval,
                defaultZone, defaultRegion);
    }

    /** The record as text with any password in the Redis URI masked, for the start-up log. */
    @Override
    public String toString() {
        return "SchedulerConfig[bootstrapServers=" + bootstrapServers + ", applicationId=" + applicationId
                + ", topicPrefix=" + topicPrefix + ", partitions=" + partitions
                + ", redisUri=" + redisUri.replaceAll("//[^@/]*@", "//***@") + ", globalLimit=" + globalLimit
                + ", tick=" + tick + ", maxReleasesPerTick=" + maxReleasesPerTick + ", defaultClientCap="
                + defaultClientCap + ", clientLimits=" + clientLimits + ", recipientLimits=" + recipientLimits
                + ", recipientRecheck=" + recipientRecheck + ", summaryInterval=" + summaryInterval
                + ", defaultZone=" + defaultZone + ", defaultRegion=" + defaultRegion + "]";
    }

    private static Map<String, ClientLimit> clientLimits(String raw) {
        // one parser for the scheduler and the executor, which falls back to the same caps when Redis has none
        Map<String, ClientLimit> limits = new LinkedHashMap<>();
        ConfiguredClientLimits.parse(raw).byClient().forEach((client, l) -> limits.put(client, new ClientLimit(l.cap(), l.callsPerMinute())));
        return limits;
    }

    private static long positiveLong(Function<String, String> env, String key, long fallback) {
        long value = nonNegativeLong(env, key, fallback);
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be >= 1, was " + value);
        }
        return value;
    }

    private static long nonNegativeLong(Function<String, String> env, String key, long fallback) {
        String raw = env.apply(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value < 0) {
                throw new IllegalArgumentException(key + " must not be negative, was " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + raw + "'", e);
        }
    }

    private static ZoneId zone(String raw) {
        try {
            return ZoneId.of(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("DEFAULT_TIME_ZONE must be an IANA zone, was '" + raw + "'", e);
        }
    }
}
