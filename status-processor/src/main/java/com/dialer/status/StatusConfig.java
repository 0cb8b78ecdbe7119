package com.dialer.status;

import com.dialer.state.HotRetention;
import com.dialer.schemas.EnvironmentKeys;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.KeySource;
import com.dialer.schemas.LogKeys;
import com.dialer.schemas.Masked;
import com.dialer.state.RedisEndpoint;
import com.dialer.state.accounts.PlivoAccounts;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The status-processor's settings, read once at start-up from environment-style keys; a missing or
 * bad one stops start-up with a message naming the key and the value.
 *
 * @param kafka               every Kafka client's settings ({@link KafkaClientProperties}: KAFKA_BOOTSTRAP_SERVERS, KAFKA_*, …)
 * @param applicationId       APPLICATION_ID, the Streams application id (default status-processor)
 * @param topicPrefix         TOPIC_PREFIX (default empty)
 * @param partitions          TOPIC_PARTITIONS of call-events (default 6): the re-seed waits for this many partitions
 * @param redisUri            REDIS_URI (required; a password in it is masked in logs)
 * @param redisKeyPrefix      REDIS_KEY_PREFIX (default empty)
 * @param redisTimeout        REDIS_TIMEOUT_MS per command (default 5000); a failed projection restarts the stream thread
 * @param hotWindow           HOT_WINDOW_SECONDS hot keys live in Redis (default 30 days)
 * @param reaperInterval      REAPER_INTERVAL_MS, how often (wall clock) the reaper looks for overdue attempts (default 1000)
 * @param reaperGrace         REAPER_GRACE_SECONDS added to ring timeout + time limit before an attempt is lost (default 120,
 *                            as the executor's lease margin)
 * @param reaperMaxPerRun     REAPER_MAX_PER_RUN due entries handled per punctuation (default 1000); the rest wait for the next
 * @param reaperStartupDelay  REAPER_STARTUP_DELAY_MS the reaper waits after a task starts before it reaps without having read a
 *                            record (a backlog may hold the final events; default 10000)
 * @param defaultRingTimeout  DEFAULT_RING_TIMEOUT_SECONDS when no event of the attempt carried one (default 30)
 * @param defaultTimeLimit    DEFAULT_TIME_LIMIT_SECONDS when no event carried one (default 14400, Plivo's default)
 * @param identityWait        IDENTITY_WAIT_SECONDS a final attempt waits for its phone number (the executor's DIALING) before
 *                            its outcome is emitted without it (default 60)
 * @param attemptRetention    ATTEMPT_RETENTION_SECONDS a finished attempt stays in the store, so late and replayed events
 *                            find it (default 30 days; keep it above the call-events retention)
 * @param reseedCheckInterval RESEED_CHECK_INTERVAL_MS, how often each task checks that Redis still has its state (default 1000)
 * @param reseedBatch         RESEED_BATCH attempts re-projected per punctuation while re-seeding (default 2000)
 * @param streamThreads       STREAM_THREADS (default 1)
 * @param reconcile           reconciling overdue calls with Plivo, each with the account that placed it: the accounts of
 *                            {@link PlivoAccounts} (PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN, PLIVO_ACCOUNTS_FILE, CLIENT_PLIVO_ACCOUNT;
 *                            tokens never logged) and PLIVO_API_URL (default: Plivo itself); without any account it is off
 *                            (the reaper's lease end is then the only settlement of a call whose hangup never came);
 *                            RECONCILE_RING_MARGIN_MS past the ring timeout a call still not answered is looked up (default
 *                            30000), RECONCILE_QUIET_MS an answered call may go without an event before it is (default 120000),
 *                            RECONCILE_THREADS lookups at once (default 2), RECONCILE_QUEUE lookups waiting (default 1000;
 *                            more are dropped and asked again at the next check), RECONCILE_LOOKUP_TIMEOUT_MS (default 5000)
 */
public record StatusConfig(KafkaClientProperties kafka, String applicationId, String topicPrefix, int partitions,
                           String redisUri, String redisKeyPrefix, Duration redisTimeout, Duration hotWindow,
                           Duration reaperInterval, Duration reaperGrace, int reaperMaxPerRun, Duration reaperStartupDelay,
                           Duration defaultRingTimeout, Duration defaultTimeLimit, Duration identityWait,
                           Duration attemptRetention, Duration reseedCheckInterval, int reseedBatch, int streamThreads,
                           Reconcile reconcile) {

    /**
     * How overdue calls are looked up at Plivo; {@link #enabled()} only with Plivo credentials.
     *
     * @param ringMargin a call not answered by ring timeout + this is overdue
     * @param quiet      an answered call without an event for this long is overdue
     */
    public record Reconcile(PlivoAccounts plivoAccounts, String plivoApiUrl, Duration ringMargin, Duration quiet,
                            int threads, int queue, Duration lookupTimeout) {
        public static final Reconcile OFF = new Reconcile(null, null, Duration.ofSeconds(30), Duration.ofMinutes(2), 1, 1,
                Duration.ofSeconds(5));

        /** On with any Plivo account: a call is looked up with its client's account ({@link PlivoAccounts#forClient}). */
        public boolean enabled() {
            return plivoAccounts != null && !plivoAccounts.isEmpty();
        }

        static Reconcile from(EnvironmentKeys k) {
            return new Reconcile(PlivoAccounts.from(k, PlivoAccounts.Need.LOOKUP),
                    k.url("PLIVO_API_URL", false), Duration.ofMillis(k.number("RECONCILE_RING_MARGIN_MS", 30_000, 0, Long.MAX_VALUE)),
                    Duration.ofMillis(k.number("RECONCILE_QUIET_MS", 120_000, 1, Long.MAX_VALUE)),
                    (int) k.number("RECONCILE_THREADS", 2, 1, 64), (int) k.number("RECONCILE_QUEUE", 1_000, 1, 1_000_000),
                    Duration.ofMillis(k.number("RECONCILE_LOOKUP_TIMEOUT_MS", 5_000, 1, Long.MAX_VALUE)));
        }

        @Override
        public String toString() {
            return enabled() ? "Reconcile[plivoAccounts=" + plivoAccounts
                    + ", plivoApiUrl=" + (plivoApiUrl == null ? "(Plivo)" : Masked.uri(plivoApiUrl)) + ", ringMargin=" + ringMargin + ", quiet=" + quiet
                    + ", threads=" + threads + ", queue=" + queue + ", lookupTimeout=" + lookupTimeout + "]" : "Reconcile[off]";
        }
    }

    public static StatusConfig from(Function<String, String> source) {
        EnvironmentKeys k = new EnvironmentKeys(source);
        LogKeys.check(k);
        return new StatusConfig(KafkaClientProperties.from(k), k.optional("APPLICATION_ID", "status-processor"),
                k.optional("TOPIC_PREFIX", ""), (int) k.number("TOPIC_PARTITIONS", 6, 1, Long.MAX_VALUE),
                RedisEndpoint.parse("REDIS_URI", k.redisUri("REDIS_URI")).uri(),
                k.optional("REDIS_KEY_PREFIX", ""), Duration.ofMillis(k.number("REDIS_TIMEOUT_MS", 5_000, 1, Long.MAX_VALUE)),
                HotRetention.HOT_WINDOW.read(k),
                Duration.ofMillis(k.number("REAPER_INTERVAL_MS", 1_000, 1, Long.MAX_VALUE)),
                Duration.ofSeconds(k.number("REAPER_GRACE_SECONDS", 120, 0, Long.MAX_VALUE)),
                (int) k.number("REAPER_MAX_PER_RUN", 1_000, 1, Long.MAX_VALUE),
                Duration.ofMillis(k.number("REAPER_STARTUP_DELAY_MS", 10_000, 0, Long.MAX_VALUE)),
                Duration.ofSeconds(k.number("DEFAULT_RING_TIMEOUT_SECONDS", 30, 1, Long.MAX_VALUE)),
                Duration.ofSeconds(k.number("DEFAULT_TIME_LIMIT_SECONDS", 14_400, 1, Long.MAX_VALUE)),
                Duration.ofSeconds(k.number("IDENTITY_WAIT_SECONDS", 60, 0, Long.MAX_VALUE)),
                Duration.ofSeconds(k.number("ATTEMPT_RETENTION_SECONDS", 30L * 24 * 3600, 1, Long.MAX_VALUE)),
                Duration.ofMillis(k.number("RESEED_CHECK_INTERVAL_MS", 1_000, 1, Long.MAX_VALUE)),
                (int) k.number("RESEED_BATCH", 2_000, 1, Long.MAX_VALUE), (int) k.number("STREAM_THREADS", 1, 1, Long.MAX_VALUE),
                Reconcile.from(k));
    }

    public static StatusConfig from(Map<String, String> values) {
        return from(KeySource.of(values));
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The settings as logged at start-up, a password in the Redis URI masked. */
    @Override
    public String toString() {
        return "StatusConfig[kafka=" + kafka + ", applicationId=" + applicationId + ", topicPrefix="
                + topicPrefix + ", partitions=" + partitions + ", redisUri=" + Masked.uri(redisUri)
                + ", redisKeyPrefix=" + redisKeyPrefix + ", redisTimeout=" + redisTimeout + ", hotWindow=" + hotWindow
                + ", reaperInterval=" + reaperInterval + ", reaperGrace=" + reaperGrace + ", reaperMaxPerRun="
                + reaperMaxPerRun + ", reaperStartupDelay=" + reaperStartupDelay + ", defaultRingTimeout="
                + defaultRingTimeout + ", defaultTimeLimit=" + defaultTimeLimit + ", identityWait=" + identityWait
                + ", attemptRetention=" + attemptRetention + ", reseedCheckInterval=" + reseedCheckInterval
                + ", reseedBatch=" + reseedBatch + ", streamThreads=" + streamThreads + ", reconcile=" + reconcile + "]";
    }
}
