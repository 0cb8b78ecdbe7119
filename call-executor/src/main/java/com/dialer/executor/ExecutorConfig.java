package com.dialer.executor;

import com.dialer.state.HotRetention;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import com.dialer.schemas.EnvironmentKeys;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.KeySource;
import com.dialer.schemas.LogKeys;
import com.dialer.schemas.Masked;
import com.dialer.schemas.OutboundUrlPolicy;
import com.dialer.state.RedisEndpoint;
import com.dialer.state.accounts.PlivoAccounts;
import com.dialer.state.callerid.CallerIdPools;
import com.dialer.state.limits.Limits;

/**
 * The call executor's settings, read once at start-up from environment-style keys (a properties
 * file, then the environment, may provide them); a missing or bad one stops start-up with a
 * message naming the key.
 *
 * @param kafka             every Kafka client's settings ({@link KafkaClientProperties}: KAFKA_BOOTSTRAP_SERVERS, KAFKA_*, …)
 * @param topicPrefix       TOPIC_PREFIX (default empty)
 * @param groupId           EXECUTOR_GROUP_ID (default call-executor)
 * @param redisUri          REDIS_URI
 * @param redisPrefix       REDIS_KEY_PREFIX (default empty)
 * @param plivoAccounts     the Plivo accounts and which client dials through which ({@link PlivoAccounts}: PLIVO_AUTH_ID,
 *                          PLIVO_AUTH_TOKEN, PLIVO_CPS, PLIVO_ACCOUNTS_FILE, CLIENT_PLIVO_ACCOUNT; tokens never logged)
 * @param plivoApiUrl       PLIVO_API_URL (default: Plivo itself)
 * @param webhookBaseUrl    WEBHOOK_BASE_URL, the public base URL of the webhook bridge
 * @param maxInFlight       EXECUTOR_MAX_IN_FLIGHT dials at once in this instance (default 200)
 * @param maxParked         EXECUTOR_MAX_PARKED requests waiting for a slot before partitions pause (default 5000)
 * @param reserveLease      EXECUTOR_RESERVE_LEASE_MS, the short lease held while warming up and dialing (default 30 s)
 * @param leaseMargin       EXECUTOR_LEASE_MARGIN_MS added to ring timeout + time limit for a placed call (default 120 s)
 * @param warmupEnabled     BOT_WARMUP_ENABLED (default false)
 * @param warmupTimeout     BOT_WARMUP_TIMEOUT_MS (default 5 s; must stay well under the reserve lease)
 * @param requireSeeded     REQUIRE_SEEDED_STATE: refuse reservations until hot state is rebuilt after a Redis loss (default false)
 * @param hotWindow         HOT_WINDOW_SECONDS (default 30 days); dial guards live {@link HotRetention#dialGuardLife} of it
 * @param slotPoll          EXECUTOR_SLOT_POLL_MS, how often parked requests retry without a release message (default 250 ms)
 * @param commitInterval    EXECUTOR_COMMIT_INTERVAL_MS (default 1 s)
 * @param limits            the global rate and the client caps, read by their one catalogue ({@link Limits}): the
 *                          same keys and the same resolution as the scheduler's
 * @param settleMargin      EXECUTOR_SETTLE_MARGIN_MS: an unknown dial (5xx, timeout) found nowhere at Plivo this long after
 *                          its ring timeout is provably not placed, and is dialed again (default 10 s: Plivo's records lag)
 * @param settlePoll        EXECUTOR_SETTLE_POLL_MS between lookups of an unknown dial at Plivo (default 2 s)
 * @param maxUnplacedRedials EXECUTOR_MAX_UNPLACED_REDIALS: re-dials of an attempt whose unknown dials were proven not
 *                          placed, after which it ends FAILED (default 3)
 * @param lookupTimeout     EXECUTOR_LOOKUP_TIMEOUT_MS per Plivo lookup request (default 5 s; a failed lookup is asked again)
 * @param outboundUrls      OUTBOUND_URL_SCHEMES, OUTBOUND_URL_HOSTS: where a warm-up may be POSTed ({@link OutboundUrlPolicy})
 * @param callerIdPools     CALLER_ID_POOLS_FILE: the clients' caller-ID pools campaigns name as callerIdPool ({@link CallerIdPools})
 */
public record ExecutorConfig(KafkaClientProperties kafka, String topicPrefix, String groupId, String redisUri, String redisPrefix,
                             PlivoAccounts plivoAccounts, String plivoApiUrl, String webhookBaseUrl,
                             int maxInFlight, int maxParked, Duration reserveLease, Duration leaseMargin,
                             boolean warmupEnabled, Duration warmupTimeout, boolean requireSeeded, Duration hotWindow,
                             Duration slotPoll, Duration commitInterval, Limits limits, Duration settleMargin, Duration settlePoll,
                             int maxUnplacedRedials, Duration lookupTimeout, OutboundUrlPolicy outboundUrls,
                             CallerIdPools callerIdPools) {

    public ExecutorConfig {
        if (!warmupTimeout.minus(reserveLease.dividedBy(2)).isNegative()) {
            throw new IllegalArgumentException("BOT_WARMUP_TIMEOUT_MS: must be under half of EXECUTOR_RESERVE_LEASE_MS ("
                    + reserveLease.toMillis() + " ms), was " + warmupTimeout.toMillis());
        }
    }

    public static ExecutorConfig from(Function<String, String> source) {
        EnvironmentKeys k = new EnvironmentKeys(source);
        LogKeys.check(k);
        return new ExecutorConfig(KafkaClientProperties.from(k), k.optional("TOPIC_PREFIX", ""),
                k.optional("EXECUTOR_GROUP_ID", "call-executor"), RedisEndpoint.parse("REDIS_URI", k.redisUri("REDIS_URI")).uri(),
                k.optional("REDIS_KEY_PREFIX", ""), PlivoAccounts.from(k, PlivoAccounts.Need.DIAL),
                k.url("PLIVO_API_URL", false), k.url("WEBHOOK_BASE_URL", true),
                k.integer("EXECUTOR_MAX_IN_FLIGHT", 200, 1, Integer.MAX_VALUE),
                k.integer("EXECUTOR_MAX_PARKED", 5000, 1, Integer.MAX_VALUE), k.millis("EXECUTOR_RESERVE_LEASE_MS", 30_000),
                k.millis("EXECUTOR_LEASE_MARGIN_MS", 120_000), k.bool("BOT_WARMUP_ENABLED", false),
                k.millis("BOT_WARMUP_TIMEOUT_MS", 5_000), k.bool("REQUIRE_SEEDED_STATE", false),
                HotRetention.HOT_WINDOW.read(k),
                k.millis("EXECUTOR_SLOT_POLL_MS", 250), k.millis("EXECUTOR_COMMIT_INTERVAL_MS", 1_000),
                Limits.from(k), k.millis("EXECUTOR_SETTLE_MARGIN_MS", 10_000),
                k.millis("EXECUTOR_SETTLE_POLL_MS", 2_000), k.integer("EXECUTOR_MAX_UNPLACED_REDIALS", 3, 0, 100),
                k.millis("EXECUTOR_LOOKUP_TIMEOUT_MS", 5_000), OutboundUrlPolicy.from(k), CallerIdPools.from(k));
    }

    public static ExecutorConfig from(Map<String, String> values) {
        return from(KeySource.of(values));
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The settings as logged at start-up, the token masked. */
    @Override
    public String toString() {
        return "ExecutorConfig[kafka=" + kafka + ", topicPrefix=" + topicPrefix + ", group=" + groupId
                + ", redis=" + Masked.uri(redisUri) + ", plivoAccounts=" + plivoAccounts
                + ", plivoApiUrl=" + (plivoApiUrl == null ? "(Plivo)" : Masked.uri(plivoApiUrl)) + ", webhookBaseUrl=" + Masked.uri(webhookBaseUrl) + ", maxInFlight=" + maxInFlight + ", maxParked=" + maxParked + ", reserveLease=" + reserveLease
                + ", leaseMargin=" + leaseMargin + ", warmup=" + warmupEnabled + ", requireSeeded=" + requireSeeded
                + ", limits=" + limits + ", settleMargin=" + settleMargin
                + ", settlePoll=" + settlePoll + ", maxUnplacedRedials=" + maxUnplacedRedials + ", lookupTimeout=" + lookupTimeout + ", outboundUrls=" + outboundUrls + ", callerIdPools=" + callerIdPools + "]";
    }
}
