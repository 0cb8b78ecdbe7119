package com.dialer.scheduler;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import com.dialer.schemas.EnvironmentKeys;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.KeySource;
import com.dialer.schemas.LogKeys;
import com.dialer.schemas.Masked;
import com.dialer.schemas.OutboundUrlPolicy;
import com.dialer.state.RedisEndpoint;
import com.dialer.state.limits.Limits;
import com.dialer.state.ratelimit.RateLimit;
import com.dialer.state.recipients.CommunicationLimits;

/**
 * The scheduler's settings, read once at start-up from the environment. Each key is documented at
 * its accessor; an error names the key and the bad value.
 *
 * @param kafka              every Kafka client's settings ({@link KafkaClientProperties}: KAFKA_BOOTSTRAP_SERVERS, default
 *                           localhost:9092, KAFKA_*, …)
 * @param limits             the global rate and the client caps, read by their one catalogue ({@link Limits});
 *                           only the defaults: operators change the live values with {@code ./dialer limits}
 * @param tick               RELEASE_TICK_MS: how often the release punctuator runs (wall clock)
 * @param maxReleasesPerTick MAX_RELEASES_PER_TICK: bounds the work of one punctuation
 * @param recipientLimits    RECIPIENT_MIN_GAP_SECONDS (between the starts of two calls to one number of one client),
 *                           RECIPIENT_MAX_CALLS per RECIPIENT_PERIOD_HOURS (sliding, fractions allowed: a run compressed in
 *                           time scales it down with the other lives), across all the client's campaigns
 * @param recipientRecheck   RECIPIENT_RECHECK_MS: how soon a number held by a live call of another campaign is asked
 *                           for again (its outcome usually frees it first)
 * @param summaryInterval    SUMMARY_INTERVAL_MS: how often running and paused campaigns whose totals changed get a summary
 * @param defaultZone        DEFAULT_TIME_ZONE: a contact's zone when the record names none and the number maps to none
 * @param defaultRegion      DEFAULT_REGION: region for numbers written without a country code
 * @param outboundUrls       OUTBOUND_URL_SCHEMES, OUTBOUND_URL_HOSTS: the warmupUrl and botStreamUrl a campaign may name
 * @param numbers            which numbers a client may call ({@link NumberPolicy})
 * @param holidays           the dates on which a client's contacts are not called ({@link HolidayCalendar})
 */
public record SchedulerConfig(KafkaClientProperties kafka, String applicationId, String topicPrefix, int partitions,
                              String redisUri, Limits limits, Duration tick, int maxReleasesPerTick,
                              CommunicationLimits recipientLimits, Duration recipientRecheck, Duration summaryInterval,
                              ZoneId defaultZone, String defaultRegion, OutboundUrlPolicy outboundUrls, NumberPolicy numbers,
                              HolidayCalendar holidays) {

    /** Settings for tests and defaults for production. */
    public static SchedulerConfig defaults() {
        return fromEnv(Map.of());
    }

    public static SchedulerConfig fromEnv(Map<String, String> env) {
        // one parser for every service's keys: an error names the key and the bad value
        EnvironmentKeys k = new EnvironmentKeys(KeySource.of(env));
        LogKeys.check(k);
        return new SchedulerConfig(
                KafkaClientProperties.from(k, "localhost:9092"),
                k.optional("APPLICATION_ID", "dialer-scheduler"),
                k.optional("TOPIC_PREFIX", ""),
                k.integer("TOPIC_PARTITIONS", 6, 1, 100_000),
                RedisEndpoint.parse("REDIS_URI", k.optional("REDIS_URI", "redis://localhost:6379")).uri(),
                Limits.from(k),
                k.millis("RELEASE_TICK_MS", 100),
                k.integer("MAX_RELEASES_PER_TICK", 500, 1, Integer.MAX_VALUE),
                new CommunicationLimits(Duration.ofSeconds(k.number("RECIPIENT_MIN_GAP_SECONDS", 3600, 0, Long.MAX_VALUE / 1000)),
                        k.integer("RECIPIENT_MAX_CALLS", 4, 1, Integer.MAX_VALUE),
                        hours(k, "RECIPIENT_PERIOD_HOURS", 48)),
                k.millis("RECIPIENT_RECHECK_MS", 30_000),
                k.millis("SUMMARY_INTERVAL_MS", 10_000),
                zone(k.optional("DEFAULT_TIME_ZONE", "UTC")),
                k.optional("DEFAULT_REGION", "US"), OutboundUrlPolicy.from(k), NumberPolicy.from(k),
                HolidayCalendar.from(k));
    }

    public SchedulerConfig withGlobalLimit(RateLimit limit) {
        return new SchedulerConfig(kafka, applicationId, topicPrefix, partitions, redisUri, limits.withGlobalRate(limit), tick,
                maxReleasesPerTick, recipientLimits, recipientRecheck, summaryInterval,
                defaultZone, defaultRegion, outboundUrls, numbers, holidays);
    }

    public SchedulerConfig withKafka(String bootstrap, String appId, String prefix, int topicPartitions, String redis) {
        return new SchedulerConfig(kafka.withBootstrapServers(bootstrap), appId, prefix, topicPartitions, redis, limits, tick,
                maxReleasesPerTick, recipientLimits, recipientRecheck, summaryInterval,
                defaultZone, defaultRegion, outboundUrls, numbers, holidays);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The record as text with any password in the Redis URI masked, for the start-up log. */
    @Override
    public String toString() {
        return "SchedulerConfig[kafka=" + kafka + ", applicationId=" + applicationId
                + ", topicPrefix=" + topicPrefix + ", partitions=" + partitions
                + ", redisUri=" + Masked.uri(redisUri) + ", limits=" + limits
                + ", tick=" + tick + ", maxReleasesPerTick=" + maxReleasesPerTick + ", recipientLimits=" + recipientLimits
                + ", recipientRecheck=" + recipientRecheck + ", summaryInterval=" + summaryInterval
                + ", defaultZone=" + defaultZone + ", defaultRegion=" + defaultRegion + ", outboundUrls=" + outboundUrls
                + ", numbers=" + numbers + ", holidays=" + holidays + "]";
    }

    /** Hours, fractions allowed, from 1 second to 1,000,000 hours; an error names the key. */
    static Duration hours(EnvironmentKeys k, String key, long fallback) {
        String raw = k.optional(key, null);
        if (raw == null) {
            return Duration.ofHours(fallback);
        }
        java.math.BigDecimal hours;
        try {
            hours = new java.math.BigDecimal(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number of hours: " + raw);
        }
        java.math.BigDecimal seconds = hours.multiply(java.math.BigDecimal.valueOf(3600));
        if (seconds.compareTo(java.math.BigDecimal.ONE) < 0 || hours.compareTo(java.math.BigDecimal.valueOf(1_000_000)) > 0) {
            throw new IllegalArgumentException(key + ": must be between 1 second (0.0003) and 1000000 hours, was " + raw);
        }
        return Duration.ofSeconds(seconds.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    }

    private static ZoneId zone(String raw) {
        try {
            return ZoneId.of(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("DEFAULT_TIME_ZONE must be an IANA zone, was '" + raw + "'", e);
        }
    }
}
