package com.dialer.executor;

import com.dialer.state.HotRetention;
import java.util.List;


import com.dialer.schemas.SchemaTopic;
import com.dialer.schemas.TopicCatalog;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisLayout;
import com.dialer.state.RedisKeys;
import com.dialer.state.callerid.CallerIds;
import com.dialer.state.health.Checks;
import com.dialer.state.health.HealthChecks;
import com.dialer.state.ratelimit.GlobalRateLimiter;
import com.dialer.state.ratelimit.RedisGlobalLimitSource;
import com.dialer.state.slots.SlotLeases;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A started call executor with everything it holds: the Redis connections (slot scripts and the
 * subscription to slot releases), the Kafka clients and the dial loop. Nothing is half-started:
 * construction either completes or closes what it opened.
 */
public final class CallExecutorService implements AutoCloseable {
    private final RedisConnection connection;
    private final RedisLayout layout;
    private final StatefulRedisPubSubConnection<String, String> releases;
    private final CallEventPublisher events;
    private final SchemaTopic schemaTopic;
    private final CallExecutor executor;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** An attempt's caller-number pick outlives its retries and the settling of a lost dial's answer. */
    static final java.time.Duration CALLER_ID_PICK_TTL = java.time.Duration.ofHours(1);

    /** Unknown dials are looked up at the Plivo API the config names, each with the account that placed it. */
    public CallExecutorService(ExecutorConfig config, PlivoDialer dialer, MeterRegistry metrics) {
        this(config, dialer, DialLookup.perAccount(config.plivoAccounts(), config.plivoApiUrl(), config.lookupTimeout()), metrics);
    }

    public CallExecutorService(ExecutorConfig config, PlivoDialer dialer, DialLookup lookup, MeterRegistry metrics) {
        RedisKeys keys = new RedisKeys(config.redisPrefix());
        TopicCatalog catalog = TopicCatalog.of(config.topicPrefix(), TopicCatalog.standard().partitions());
        // before anything is written: a reader still on an older build finds this build's schemas
        this.schemaTopic = SchemaTopic.connect(catalog, config.kafka());
        try {
            this.connection = RedisConnection.open("REDIS_URI", config.redisUri());
        } catch (RuntimeException e) {
            schemaTopic.close();
            throw e;
        }
        try {
            SlotLeases slots = new SlotLeases(connection, keys,
                    new SlotLeases.Settings(config.limits(), config.requireSeeded(), HotRetention.dialGuardLife(config.hotWindow()), config.reserveLease().plus(config.leaseMargin())));
            this.events = new CallEventPublisher(config.kafka(), catalog.callEvents(), metrics);
            BotWarmup warmup = config.warmupEnabled() ? BotWarmup.overHttp(config.warmupTimeout(), config.outboundUrls()) : BotWarmup.disabled();
            SlotSignals signals = new SlotSignals();
            this.executor = new CallExecutor(config, catalog, new DialAttempt(slots,
                    new StartPacing(new GlobalRateLimiter(connection.sync()), new RedisGlobalLimitSource(connection.sync(), keys,
                            config.limits().globalRate()), keys, config.reserveLease().dividedBy(2)), warmup, dialer, lookup, events, config, metrics,
                    new CallerIdChoice(new CallerIds(connection.sync(), keys, config.callerIdPools(), CALLER_ID_PICK_TTL))),
                    signals, metrics);
            this.layout = RedisLayout.announce(connection, keys, "call-executor");
            this.releases = connection.connectPubSub();
            String pattern = keys.slotReleased("*");
            int clientStart = pattern.indexOf('{') + 1;
            releases.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String p, String channel, String attemptId) {
                    // slots:{client}:released -> client
                    int end = channel.lastIndexOf("}:released");
                    if (end > clientStart) {
                        signals.signal(channel.substring(clientStart, end));
                    }
                }
            });
            releases.sync().psubscribe(pattern);
            dialer.warmUp();
            executor.start();
        } catch (RuntimeException e) {
            connection.close();
            schemaTopic.close();
            throw e;
        }
    }

    public CallExecutor executor() {
        return executor;
    }

    /**
     * Live: the poll loop runs (it ends only when stopped, or on an error nothing here recovers from).
     * Ready: its consumer holds a connection to the cluster and Redis answers.
     */
    public HealthChecks health() {
        return HealthChecks.builder()
                .live(Checks.condition("poll-loop", executor::polling, "polling", "stopped"))
                .ready(Checks.kafkaClient("dial-requests-consumer", executor::consumerMetrics))
                .ready(Checks.redis(connection))
                .build();
    }

    /** Stops the dial loop (drained, committed), then the clients; a second call does nothing (the main's and the hook's). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.close();
        for (AutoCloseable c : List.<AutoCloseable>of(events, releases, layout, connection, schemaTopic)) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    /** A crash, for tests: nothing more is committed. */
    void halt() {
        closed.set(true);
        executor.halt();
        events.close();
        releases.close();
        layout.halt();
        connection.close();
        schemaTopic.close();
    }
}
