package com.dialer.bridge;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CallStatus;
import com.dialer.http.Routes;
import com.dialer.http.ServerSettings;
import com.dialer.http.WebServer;
import com.dialer.schemas.SchemaTopic;
import com.dialer.schemas.TopicCatalog;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisLayout;
import com.dialer.state.RedisKeys;
import com.dialer.state.callbacks.CallbackGuard;
import com.dialer.state.health.Checks;
import com.dialer.state.health.HealthChecks;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * A running webhook bridge with everything it holds: the HTTP server ({@link WebServer}, one virtual
 * thread per request, so a request waiting for Kafka's acknowledgement costs next to nothing), the
 * call-event producer, the campaign settings reader, the Redis connection of the callback guard and
 * the admin client behind {@link #kafkaReachable()}. The public port serves Plivo's callbacks and
 * nothing else: health and metrics are on the management port ({@code METRICS_PORT}, {@link BridgeApp}).
 * Nothing is half-started: {@link #start} either returns a running bridge or closes what it opened.
 */
public final class StartedBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StartedBridge.class);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    /** Beyond the produce timeout, what a callback in flight may still take to be answered at close. */
    private static final Duration DRAIN_MARGIN = Duration.ofSeconds(2);

    private final BridgeConfig config;
    private final Deque<AutoCloseable> opened;
    private final WebServer server;
    private final Admin admin;
    private final CampaignAnswerSettings settings;
    private final RedisConnection redis;
    private final String baseUrl;

    private StartedBridge(BridgeConfig config, Deque<AutoCloseable> opened, WebServer server, Admin admin,
                          CampaignAnswerSettings settings, RedisConnection redis) {
        this.config = config;
        this.opened = opened;
        this.server = server;
        this.admin = admin;
        this.settings = settings;
        this.redis = redis;
        this.baseUrl = config.publicBaseUrl(server.port());
    }

    /**
     * Starts the bridge: reads campaign-commands up to its end (bounded by
     * {@code BRIDGE_SETTINGS_CATCHUP_MS}), then serves HTTP. Kafka need not be up: callbacks are
     * answered 503 until it is, and {@link #kafkaReachable()} says so.
     *
     * @param meters where the bridge's meters go (the management port serves them)
     */
    public static StartedBridge start(BridgeConfig config, MeterRegistry meters) {
        AnswerSettings fallback = config.defaultAnswer();
        checkDefaultAnswer(fallback);
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            TopicCatalog catalog = TopicCatalog.of(config.topicPrefix(), TopicCatalog.standard().partitions());
            // readers still on an older build find this build's schemas (published before the first event if Kafka is not up yet)
            opened.push(SchemaTopic.connect(catalog, config.kafka()));
            CampaignAnswerSettings settings = new CampaignAnswerSettings(config.kafka(),
                    catalog.campaignCommands(), fallback, config.outboundUrls());
            opened.push(settings);
            settings.start();
            meters.gauge("dialer.bridge.campaign.settings", settings, CampaignAnswerSettings::knownCampaigns);
            CallEventWriter events = new CallEventWriter(config.kafka(), catalog.callEvents(), config.produceTimeout(), meters);
            opened.push(events);
            events.warmUp();
            Admin admin = Admin.create(config.kafka().admin(Map.of(
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) HEALTH_TIMEOUT.toMillis(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) HEALTH_TIMEOUT.toMillis())));
            opened.push(admin);
            // one connection for every request: Lettuce pipelines the commands of many virtual threads on it
            RedisConnection redis = RedisConnection.open("REDIS_URI", config.redisUri());
            opened.push(redis);
            RedisKeys keys = new RedisKeys(config.redisPrefix());
            // closed before the connection (the stack pops): the announcement is withdrawn while Redis is still there
            opened.push(RedisLayout.announce(redis, keys, "webhook-bridge"));
            CallbackGuard guard = new CallbackGuard(keys, config.replayWindow(), config.answerMemory());
            guard.load(redis.sync());
            if (!settings.awaitCaughtUp(config.settingsCatchUp())) {
                LOG.warn("campaign-commands not read to its end within {}; unknown campaigns get the default answer until it is",
                        config.settingsCatchUp());
            }

            CallbackSignature signature = new CallbackSignature(config.plivoAccounts());
            BridgeMetrics metrics = new BridgeMetrics(meters);
            Routes routes = new Routes();
            // closed first (the stack pops): callbacks in flight still reach Kafka before the producer goes
            WebServer server = WebServer.startOnPort(ServerSettings.of("webhook-bridge", config.bindAddress(), config.httpPort())
                    .withMaxBodyBytes(config.maxBodyBytes())
                    .withDrainTimeout(config.produceTimeout().plus(DRAIN_MARGIN)), port -> routes
                    .on(CallbackEndpoint.PREFIX, new CallbackEndpoint(config.publicBaseUrl(port), signature, guard,
                            redis.sync(), events, settings, fallback, metrics, Clock.systemUTC())));
            opened.push(server);
            String publicBaseUrl = config.publicBaseUrl(server.port());
            StartedBridge bridge = new StartedBridge(config, opened, server, admin, settings, redis);
            LOG.info("webhook bridge listening on {}:{}, Plivo calls {} ; {}", config.bindAddress(),
                    server.port(), publicBaseUrl, config);
            return bridge;
        } catch (InterruptedException e) {
            closeAll(opened);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the webhook bridge", e);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** The port the server is bound to (the chosen one when {@code BRIDGE_HTTP_PORT} is 0). */
    public int port() {
        return server.port();
    }

    /**
     * The base URL Plivo must call back, without a trailing slash: {@code WEBHOOK_PUBLIC_BASE_URL},
     * or {@code http://<bind address>:<port>}. The executor's {@code WEBHOOK_BASE_URL}.
     */
    public String baseUrl() {
        return baseUrl;
    }

    public BridgeConfig config() {
        return config;
    }

    /** The answer settings the bridge would use for a campaign now (tests, diagnostics). */
    AnswerSettings answerSettings(String campaignId) {
        return settings.settingsFor(campaignId);
    }

    /**
     * Ready: the Kafka cluster answers within a couple of seconds, and so does Redis (the replay guard every
     * callback passes): without either, every callback would be answered 503.
     */
    public HealthChecks health() {
        return HealthChecks.builder().ready(Checks.condition("kafka", this::kafkaReachable, "reachable", "no answer from the cluster"))
                .ready(Checks.redis(redis)).build();
    }

    /** Whether the Kafka cluster answers within a couple of seconds. */
    public boolean kafkaReachable() {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) HEALTH_TIMEOUT.toMillis()))
                    .nodes().get(HEALTH_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** The default answer must be valid XML for Plivo: found out at start-up, not on the first call. */
    private static void checkDefaultAnswer(AnswerSettings fallback) {
        PlivoCallback probe = new PlivoCallback(CallbackKind.ANSWER, "probe", "probe", null, CallStatus.IN_PROGRESS,
                null, Map.of("CallStatus", "in-progress", "Machine", "true"));
        try {
            AnswerXml.answer(fallback, probe);
            AnswerXml.answer(fallback, new PlivoCallback(CallbackKind.ANSWER, "probe", "probe", null,
                    CallStatus.IN_PROGRESS, null, Map.of("CallStatus", "in-progress")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DEFAULT_GREETING/DEFAULT_BOT_STREAM_URL/DEFAULT_MACHINE_MESSAGE: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeAll(opened);
    }

    private static void closeAll(Deque<AutoCloseable> opened) {
        synchronized (opened) {
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (Exception e) {
                    LOG.debug("closing the webhook bridge: {}", e.toString());
                }
            }
        }
    }
}
