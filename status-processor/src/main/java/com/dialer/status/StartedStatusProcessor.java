package com.dialer.status;

import com.dialer.schemas.SchemaTopic;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicReplication;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisEndpoint;
import com.dialer.state.RedisLayout;
import com.dialer.state.RedisKeys;
import com.dialer.state.health.Checks;
import com.dialer.state.health.HealthChecks;
import com.dialer.state.health.StreamsHealth;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running status-processor: its Redis connection and its Kafka Streams, closed together. Nothing
 * is half-started: a failure while starting closes what was opened.
 */
public final class StartedStatusProcessor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StartedStatusProcessor.class);

    private final RedisConnection connection;
    private final KafkaStreams streams;
    private final MeterRegistry metrics;
    private final AutoCloseable reconciler;
    private final StreamsHealth streamsHealth;
    private final SchemaTopic schemaTopic;
    private final RedisLayout layout;

    private StartedStatusProcessor(RedisConnection connection,
                                   KafkaStreams streams, MeterRegistry metrics, AutoCloseable reconciler,
                                   StreamsHealth streamsHealth, SchemaTopic schemaTopic, RedisLayout layout) {
        this.schemaTopic = schemaTopic;
        this.layout = layout;
        this.reconciler = reconciler;
        this.streamsHealth = streamsHealth;
        this.connection = connection;
        this.streams = streams;
        this.metrics = metrics;
    }

    /**
     * Connects to Redis and starts the topology on Kafka.
     *
     * @param keys             the Redis key layout (its prefix isolates tests sharing one Redis)
     * @param streamsOverrides Streams settings added last (a state directory, an instance name, in tests)
     */
    public static StartedStatusProcessor start(StatusConfig config, RedisKeys keys, Properties streamsOverrides) {
        return start(config, keys, streamsOverrides, new SimpleMeterRegistry());
    }

    /** As {@link #start(StatusConfig, RedisKeys, Properties)}, its meters (and Kafka Streams') in {@code metrics}. */
    public static StartedStatusProcessor start(StatusConfig config, RedisKeys keys, Properties streamsOverrides,
                                               MeterRegistry metrics) {
        RedisConnection connection = RedisConnection.open(RedisEndpoint.parse("REDIS_URI", config.redisUri())
                .withTimeout(config.redisTimeout()));
        PlivoReconciler reconciler = null;
        SchemaTopic schemaTopic = null;
        try {
            HotState hot = new RedisHotState(connection.sync(), keys, config.hotWindow(), config.applicationId());
            TopicCatalog topics = TopicCatalog.of(config.topicPrefix(), config.partitions());
            // before anything is written: a reader still on an older build finds this build's schemas
            schemaTopic = SchemaTopic.connect(topics, config.kafka());
            Properties props = streamsProperties(config, config.kafka().replicationOnCluster());
            props.putAll(streamsOverrides);
            OverdueCalls overdue = OverdueCalls.OFF;
            if (config.reconcile().enabled()) {
                StatusConfig.Reconcile r = config.reconcile();
                reconciler = new PlivoReconciler(PlivoReconciler.Lookup.perAccount(r.plivoAccounts(), r.plivoApiUrl(),
                        r.lookupTimeout()), config.kafka(), topics.callEvents(), r.threads(), r.queue(),
                        metrics);
                overdue = reconciler;
                LOG.info("reconciling overdue calls with Plivo: {}", r);
            } else {
                LOG.warn("reconciliation with Plivo is off (no Plivo account: PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN, PLIVO_ACCOUNTS_FILE): a call whose hangup "
                        + "callback never comes holds its slot until the reaper's lease end");
            }
            KafkaStreams streams = new KafkaStreams(StatusTopology.build(topics, config, hot, metrics, overdue), props);
            StreamsHealth streamsHealth = StreamsHealth.watch(config.applicationId(), streams);
            // a failed Redis write fails the task before its transaction commits; a new thread
            // retries from the last commit, and the version-guarded scripts make the retry harmless
            // (a thread that fails again and again is no retry: StreamsHealth counts the failures, and
            // /health/live and /health/ready say so once they come too often)
            streams.setUncaughtExceptionHandler(e -> {
                streamsHealth.threadFailed();
                LOG.error("stream thread failed; replacing it", e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            // Streams' own metrics (rates, lag, errors) beside ours
            new KafkaStreamsMetrics(streams).bindTo(metrics);
            streams.start();
            return new StartedStatusProcessor(connection, streams, metrics, reconciler, streamsHealth, schemaTopic,
                    RedisLayout.announce(connection, keys, "status-processor"));
        } catch (RuntimeException e) {
            if (reconciler != null) {
                reconciler.close();
            }
            if (schemaTopic != null) {
                schemaTopic.close();
            }
            connection.close();
            throw e;
        }
    }

    static Properties streamsProperties(StatusConfig config, TopicReplication replication) {
        return config.kafka().streams(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId(),
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads(),
                // values are read as bytes and decoded by EventDecoder (DLQ); this only guards the keys
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class), replication);
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Ready: the Streams client RUNNING (or rebalancing briefly) and Redis answering. */
    public HealthChecks health() {
        return HealthChecks.builder().live(streamsHealth.live()).ready(streamsHealth.ready()).ready(Checks.redis(connection)).build();
    }

    /** events applied / filled / duplicate, reaped, dlq, outcomes, unattributable, reseeded ({@code dialer.status.*}). */
    public MeterRegistry metrics() {
        return metrics;
    }

    /** Stops, leaving the group: the partitions (their reaper, their projection) move on at once, not after a session timeout. */
    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        if (reconciler != null) {
            try {
                reconciler.close();
            } catch (Exception e) {
                LOG.warn("closing the reconciler", e);
            }
        }
        schemaTopic.close();
        layout.close();
        connection.close();
    }
}
