package com.dialer.scheduler;

import com.dialer.state.ratelimit.RedisGlobalLimitSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import com.dialer.state.health.Checks;
import com.dialer.state.health.HealthChecks;
import com.dialer.state.health.StreamsHealth;
import com.dialer.state.metrics.MetricsEndpoint;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.schemas.SchemaTopic;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicReplication;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisLayout;
import com.dialer.state.RedisKeys;
import com.dialer.state.limits.LiveLimits;
import com.dialer.state.ratelimit.GlobalRateLimiter;
import com.dialer.state.ratelimit.RateShares;
import com.dialer.state.recipients.RedisRecipientGuard;


/** Starts the scheduler: config from the environment, Redis for pacing, the topology on Kafka Streams. */
public final class SchedulerApp {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerApp.class);

    private SchedulerApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        SchedulerConfig config;
        try {
            config = SchedulerConfig.fromEnv(System.getenv());
            config.kafka().checkCredentials();
        } catch (IllegalArgumentException e) {
            System.err.println("dialer-scheduler: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("dialer-scheduler starting with {}", config);
        PrometheusMeterRegistry registry = MetricsEndpoint.registry();
        MetricsEndpoint metrics = MetricsEndpoint.fromEnvironment(System::getenv, registry);
        StartedScheduler scheduler = StartedScheduler.start(config, RedisKeys.standard(), new Properties(), registry);
        if (metrics != null) {
            metrics.health(scheduler.health());
        }
        // a Streams client that failed is shut down (see StartedScheduler): the process ends with it, and the
        // orchestrator starts a fresh one (restart: unless-stopped), never a process that looks up and does nothing
        scheduler.onFailure(() -> {
            LOG.error("dialer-scheduler: a Kafka Streams client failed; exiting so that a fresh process takes over");
            System.exit(1);
        });
        CountDownLatch stopped = new CountDownLatch(1);
        // the JVM halts as soon as its shutdown hooks return: the closing happens in the hook, or not at all
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("dialer-scheduler stopping ({})", scheduler.streams().state());
            scheduler.close();
            if (metrics != null) {
                metrics.close();
            }
            stopped.countDown();
        }, "scheduler-shutdown"));
        stopped.await();
    }

    /**
     * A running scheduler: its Redis connection, the scheduler's Kafka Streams and the DNC check's
     * (a second application over the same topic, see {@link DncCheckTopology}), closed together.
     * An exception that escapes a processor shuts its Streams client down (never a replaced thread:
     * the scheduler's work is a punctuator over its stores, and a thread replaced in place would meet
     * the same record and the same state at once, in a loop that looks alive); {@link #health()} then
     * says not ready, and {@link #onFailure} lets the main end the process.
     */
    public record StartedScheduler(RedisConnection connection,
                                   KafkaStreams streams, KafkaStreams dncCheck, StreamsHealth streamsHealth,
                                   StreamsHealth dncCheckHealth, SchemaTopic schemaTopic, RedisLayout layout)
            implements AutoCloseable {

        /**
         * Starts on Redis and Kafka; {@code overrides} adds Streams settings (a state directory, in tests).
         * The scheduler's meters and both Streams clients' own (rates, consumer lag, errors) go to {@code metrics}.
         */
        public static StartedScheduler start(SchedulerConfig config, RedisKeys keys, Properties overrides,
                                             MeterRegistry metrics) {
            RedisConnection connection = RedisConnection.open("REDIS_URI", config.redisUri());
            KafkaStreams streams = null;
            SchemaTopic schemaTopic = null;
            try {
                var commands = connection.sync();
                RedisClientLimits clients = new RedisClientLimits(new LiveLimits(commands, keys, config.limits()));
                Pacing pacing = new Pacing(new GlobalRateLimiter(commands),
                        new RedisGlobalLimitSource(commands, keys, config.limits().globalRate()),
                        new RateShares(commands, keys, shareStaleAfter(config)), clients,
                        new RedisRecipientGuard(commands, keys), keys);
                TopicCatalog topics = TopicCatalog.of(config.topicPrefix(), config.partitions());
                // before anything is written: a reader still on an older build finds this build's schemas
                schemaTopic = SchemaTopic.connect(topics, config.kafka());
                SchedulerMeters meters = new SchedulerMeters(metrics);
                TopicReplication replication = config.kafka().replicationOnCluster();
                streams = new KafkaStreams(SchedulerTopology.build(topics, config, pacing, meters),
                        streamsProperties(config, config.applicationId(), replication, overrides));
                KafkaStreams dncCheck = new KafkaStreams(DncCheckTopology.build(topics, meters),
                        streamsProperties(config, config.applicationId() + "-dnc-check", replication, overrides));
                new KafkaStreamsMetrics(streams).bindTo(metrics);
                new KafkaStreamsMetrics(dncCheck).bindTo(metrics);
                StreamsHealth streamsHealth = StreamsHealth.watch(config.applicationId(), streams);
                StreamsHealth dncCheckHealth = StreamsHealth.watch(config.applicationId() + "-dnc-check", dncCheck);
                for (KafkaStreams client : List.of(streams, dncCheck)) {
                    client.setUncaughtExceptionHandler(e -> {
                        LOG.error("a stream thread failed; shutting its Kafka Streams client down", e);
                        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
                    });
                }
                streams.start();
                dncCheck.start();
                return new StartedScheduler(connection, streams, dncCheck, streamsHealth, dncCheckHealth, schemaTopic,
                        RedisLayout.announce(connection, keys, "dialer-scheduler"));
            } catch (RuntimeException e) {
                if (streams != null) {
                    streams.close();
                }
                if (schemaTopic != null) {
                    schemaTopic.close();
                }
                connection.close();
                throw e;
            }
        }

        /** Ready: both Streams clients RUNNING (or rebalancing briefly) and Redis answering. */
        public HealthChecks health() {
            return HealthChecks.builder()
                    .live(streamsHealth.live()).live(dncCheckHealth.live())
                    .ready(streamsHealth.ready()).ready(dncCheckHealth.ready()).ready(Checks.redis(connection))
                    .build();
        }

        /** What to do once either Streams client has failed for good; runs on a thread of its own. */
        public void onFailure(Runnable action) {
            Runnable detached = () -> Thread.ofPlatform().name("scheduler-failed").start(action);
            streamsHealth.onFailure(detached);
            dncCheckHealth.onFailure(detached);
        }

        /** Stops both, leaving their groups: their partitions move on at once, not after a session timeout. */
        @Override
        public void close() {
            CloseOptions leave = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30));
            dncCheck.close(leave);
            streams.close(leave);
            schemaTopic.close();
            layout.close();
            connection.close();
        }
    }

    /** A task that stopped posting its weight for ten ticks (at least a second) no longer holds a share. */
    static Duration shareStaleAfter(SchedulerConfig config) {
        Duration tenTicks = config.tick().multipliedBy(10);
        return tenTicks.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenTicks;
    }

    static Properties streamsProperties(SchedulerConfig config, String applicationId, TopicReplication replication,
                                        Properties overrides) {
        Properties props = config.kafka().streams(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, applicationId,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                // inputs are read as bytes and decoded by InputDecoder (DLQ); this only guards the keys
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class,
                // no processor here joins its inputs by time: a task must not hold back contacts while it waits
                // to fetch another input (call-outcomes, written in transactions, is often behind its end)
                StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L), replication);
        props.putAll(overrides);
        return props;
    }
}
