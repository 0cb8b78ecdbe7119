package com.dialer.launcher.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.bridge.BridgeConfig;
import com.dialer.bridge.StartedBridge;
import com.dialer.executor.CallExecutorService;
import com.dialer.executor.ExecutorConfig;
import com.dialer.executor.PlivoSdkDialer;
import com.dialer.plivosim.OutcomeModel;
import com.dialer.plivosim.PlivoSimulator;
import com.dialer.plivosim.SimAccount;
import com.dialer.plivosim.SimConfig;
import com.dialer.state.accounts.PlivoAccount;
import com.dialer.state.accounts.PlivoAccounts;
import com.dialer.scheduler.SchedulerApp.StartedScheduler;
import com.dialer.scheduler.SchedulerConfig;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.Masked;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.schemas.TopicReplication;
import com.dialer.stack.LocalStack;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;
import com.dialer.state.callerid.CallerIdPools;
import com.dialer.state.limits.LiveLimits;
import com.dialer.state.reads.TieredReadConfig;
import com.dialer.state.reads.TieredReader;
import com.dialer.state.reads.api.ApiTokens;
import com.dialer.state.reads.api.QueryApiServer;
import com.dialer.status.StartedStatusProcessor;
import com.dialer.status.StatusConfig;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The whole pipeline on one machine, every part real: the local stack (KRaft broker, Redis, MongoDB
 * wire server), the Plivo simulator (or a real Plivo), the webhook bridge, the status-processor,
 * a Kafka Connect worker running the archiver sink, the scheduler, the call executor, the query
 * API and the live campaign page. Each service is configured exactly as in production, from one
 * map of environment keys ({@link #environment()}); everything listens on 127.0.0.1. Kafka, Redis
 * and MongoDB may run elsewhere instead ({@link StackOptions#external()}): the stack then starts
 * only the parts not given.
 */
public final class DialerStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DialerStack.class);
    /** Fresh schedulers the stack starts after the one running failed (see {@link #startScheduler}). */
    private static final int SCHEDULER_RESTARTS = 3;
    /** The database the archive writes and the tiered reader reads. */
    public static final String DATABASE = "dialer";

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    /** The services: independent of each other, so they stop side by side (before the servers they use). */
    private final List<AutoCloseable> services = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final StackOptions options;
    private LocalStack infra;
    private KafkaClientProperties kafka;
    private String redisUri;
    private String mongoUri;
    private TopicCatalog topics;
    private PlivoSimulator simulator;
    private PlivoAccounts plivoAccounts;
    private StartedBridge bridge;
    private RedisConnection redis;
    private MongoClient mongo;
    private QueryApiServer queryApi;
    private LiveDashboard dashboard;
    private PrometheusMeterRegistry metrics;
    private Map<String, String> environment;
    private Duration startup;

    private final Thread stopAtExit = new Thread(this::close, "dialer-stack-stop");

    private DialerStack(StackOptions options) {
        this.options = options;
    }

    /** Starts everything; on any failure what was started is stopped again and the error is thrown. */
    public static DialerStack start(StackOptions options) {
        return start(options, (infra, topics) -> { });
    }

    /**
     * Work to do once Kafka, Redis and MongoDB are up and the topics exist, before the services
     * start (publishing campaigns, as upstream systems do whether the dialer runs or not).
     */
    @FunctionalInterface
    public interface BeforeServices {
        void run(KafkaClientProperties kafka, TopicCatalog topics) throws Exception;
    }

    /** {@link #start(StackOptions)}, running {@code beforeServices} as soon as the topics exist. */
    public static DialerStack start(StackOptions options, BeforeServices beforeServices) {
        DialerStack stack = new DialerStack(options);
        // Ctrl-C at any moment, start-up included, stops what runs: Redis and the brokers are child processes in
        // sessions of their own (a terminal's SIGINT does not reach them) and would outlive this JVM
        Runtime.getRuntime().addShutdownHook(stack.stopAtExit);
        long t0 = System.nanoTime();
        try {
            stack.startAll(beforeServices);
        } catch (Exception e) {
            stack.close();
            throw new IllegalStateException("the stack did not start: " + e.getMessage(), e);
        }
        stack.startup = Duration.ofNanos(System.nanoTime() - t0);
        LOG.info("dialer stack up in {} ms", stack.startup.toMillis());
        return stack;
    }

    private void startAll(BeforeServices beforeServices) throws Exception {
        Files.createDirectories(options.workDir());
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ExternalServices external = options.external();
        infra = started(LocalStack.start(external.kafkaBootstrap() == null, external.redisUri() == null, external.mongoUri() == null));
        // the embedded broker is alone: its topics get one replica, said so rather than lowered with a warning
        kafka = infra.hasKafka() ? KafkaClientProperties.of(infra.bootstrapServers()) : external.kafka();
        redisUri = infra.hasRedis() ? infra.redis().uri() : external.redisUri();
        mongoUri = infra.hasMongo() ? infra.mongo().connectionString() : external.mongoUri();
        LOG.info("kafka {} ({}), redis {} ({}), mongodb {} ({})", kafka, external.parts().get("kafka"), Masked.uri(redisUri),
                external.parts().get("redis"), Masked.uri(mongoUri), external.parts().get("mongodb"));
        topics = TopicCatalog.of("", options.partitions());
        TopicReplication replication;
        try (Admin admin = Admin.create(kafka.admin(Map.of()))) {
            replication = kafka.replication().on(admin);
            new TopicProvisioner(admin, replication).ensure(topics.all());
        }
        beforeServices.run(kafka, topics);
        redis = started(RedisConnection.open("--redis-uri", redisUri));
        mongo = started(MongoClients.create(mongoUri));

        String plivoAuthId;
        String plivoAuthToken;
        String plivoApiUrl;
        String webhookPublicUrl = null;
        if (options.plivo() instanceof StackOptions.Simulated sim) {
            SimConfig config = SimConfig.defaults().withCallsPerSecond(sim.callsPerSecond()).withTimeScale(sim.timeScale())
                    .withSeed(sim.seed()).withOutcomes(OutcomeModel.typical().withAnswerRate(sim.answerRate()));
            plivoAccounts = accountsOf(config.authId(), config.authToken());
            for (PlivoAccount account : plivoAccounts.all()) {
                if (!account.id().equals(PlivoAccount.DEFAULT)) {
                    // the simulator serves each account of the file with its own token and CPS
                    config = config.withAccount(new SimAccount(account.authId(), account.authToken(), account.cps()));
                }
            }
            simulator = started(PlivoSimulator.start(config));
            plivoAuthId = config.authId();
            plivoAuthToken = config.authToken();
            plivoApiUrl = simulator.apiUrl();
        } else {
            StackOptions.Remote remote = (StackOptions.Remote) options.plivo();
            plivoAuthId = remote.authId();
            plivoAuthToken = remote.authToken();
            plivoAccounts = accountsOf(plivoAuthId, plivoAuthToken);
            plivoApiUrl = remote.apiUrl();
            webhookPublicUrl = remote.webhookPublicUrl();
        }

        running.push(this::stopServices);
        // the user's keys first: none is one the stack sets (ServiceSettings refuses those)
        Map<String, String> env = new LinkedHashMap<>(options.settings().keys());
        env.put(KafkaClientProperties.BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
        if (external.kafkaConfig() != null) {
            env.put(KafkaClientProperties.CONFIG_FILE.name(), external.kafkaConfig().toAbsolutePath().toString());
        }
        // as fitted to the cluster above: the services would fit it again, each with the same warning
        env.put(TopicReplication.REPLICATION_FACTOR.name(), Short.toString(replication.replicationFactor()));
        env.put(TopicReplication.MIN_INSYNC_REPLICAS.name(), Integer.toString(replication.minInsyncReplicas()));
        env.put("TOPIC_PREFIX", topics.prefix());
        env.put("TOPIC_PARTITIONS", Integer.toString(options.partitions()));
        env.put("REDIS_URI", redisUri);
        env.put("MONGODB_URI", mongoUri);
        env.put("PLIVO_AUTH_ID", plivoAuthId);
        env.put("PLIVO_AUTH_TOKEN", plivoAuthToken);
        if (plivoApiUrl != null) {
            env.put("PLIVO_API_URL", plivoApiUrl);
        }
        env.putAll(accountsEnvironment());
        env.putAll(options.limits().asEnvironment());
        env.put("RECIPIENT_MIN_GAP_SECONDS", Long.toString(options.recipientMinGap().toSeconds()));
        if (options.callerIdPools() != null) {
            env.put(CallerIdPools.FILE.name(), options.callerIdPools().toAbsolutePath().toString());
        }
        env.put("HOT_WINDOW_SECONDS", Long.toString(options.hotWindow().toSeconds()));
        env.put("BRIDGE_HTTP_PORT", Integer.toString(options.bridgePort()));
        env.put("BRIDGE_BIND_ADDRESS", "127.0.0.1");
        if (webhookPublicUrl != null) {
            env.put("WEBHOOK_PUBLIC_BASE_URL", webhookPublicUrl);
        }

        // the parts start side by side; only the executor waits, for the bridge's URL to dial with
        Map<String, String> base = Map.copyOf(env);
        // a thread each: the common pool has one thread on a 2-core machine and would start them one by one
        ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<StartedBridge> bridgeStart = CompletableFuture.supplyAsync(timed("webhook bridge",
                () -> StartedBridge.start(BridgeConfig.from(base), metrics)), starting);
        CompletableFuture<ArchiveWorker> archive = CompletableFuture.supplyAsync(timed("Connect worker", () -> ArchiveWorker.start(
                kafka, replication, mongoUri, DATABASE, redisUri, topics, options.workDir(), options.hotAfterArchive())), starting);
        CompletableFuture<StartedStatusProcessor> status = CompletableFuture.supplyAsync(timed("status-processor", () -> StartedStatusProcessor.start(
                StatusConfig.from(with(base, "APPLICATION_ID", "status-processor")), RedisKeys.standard(),
                stateDir("status-processor"), metrics)), starting);
        CompletableFuture<StartedScheduler> scheduler = CompletableFuture.supplyAsync(timed("scheduler",
                () -> startScheduler(with(base, "APPLICATION_ID", "dialer-scheduler"), SCHEDULER_RESTARTS)), starting);
        try {
            bridge = service(bridgeStart.join());
            String webhookBase = webhookPublicUrl != null ? webhookPublicUrl : bridge.baseUrl();
            env.put("WEBHOOK_BASE_URL", webhookBase);
            env.putIfAbsent("WEBHOOK_PUBLIC_BASE_URL", webhookBase);
            environment = Map.copyOf(env);
            ExecutorConfig executorConfig = ExecutorConfig.from(env);
            service(timed("call executor", () -> new CallExecutorService(executorConfig, new PlivoSdkDialer(
                    executorConfig.plivoAccounts(), executorConfig.plivoApiUrl()), metrics)).get());
        } finally {
            // whatever started is stopped by close(), also when another part failed
            RuntimeException failed = null;
            for (CompletableFuture<? extends AutoCloseable> part : List.of(status, scheduler, archive)) {
                try {
                    service(part.join());
                } catch (java.util.concurrent.CompletionException e) {
                    LOG.error("a part of the stack did not start: {}", e.getCause().toString());
                    failed = failed == null ? e : failed;
                }
            }
            starting.close();
            if (failed != null) {
                throw failed;
            }
        }

        MongoDatabase archiveDb = mongo.getDatabase(DATABASE);
        TieredReader reader = new TieredReader(redis.sync(), archiveDb, RedisKeys.standard(),
                new TieredReadConfig(Duration.ofMinutes(5), options.hotWindow(), 100), Clock.systemUTC());
        queryApi = started(QueryApiServer.start(QueryApiServer.loopback(), reader, ApiTokens.parse(
                System.getenv().getOrDefault("QUERY_API_TOKENS", ""))));
        LiveBoard board = started(new LiveBoard(redis.sync(), RedisKeys.standard(), topics,
                kafka, new LiveLimits(redis.sync(), RedisKeys.standard(), options.limits()), CallerIdPools.read(options.callerIdPools())));
        dashboard = started(LiveDashboard.start(board, metrics));
    }

    /**
     * The scheduler, and a fresh one whenever it fails: its Streams client shuts down on an error (a
     * transaction the brokers refuse after a broker died, say), and in production the process exits so
     * the orchestrator starts another; in this one process the stack plays the orchestrator, at most
     * {@code restarts} times, so a failure that repeats ends in one ERROR rather than a loop.
     */
    private StartedScheduler startScheduler(Map<String, String> env, int restarts) {
        StartedScheduler scheduler = StartedScheduler.start(SchedulerConfig.fromEnv(env), RedisKeys.standard(),
                stateDir("dialer-scheduler"), metrics);
        scheduler.onFailure(() -> {
            synchronized (this) {
                if (!services.remove(scheduler)) {
                    return; // the stack is stopping
                }
                scheduler.close();
                if (restarts == 0) {
                    LOG.error("the scheduler failed again; no more restarts: the campaigns stop until the stack is restarted");
                    return;
                }
                LOG.warn("the scheduler's Kafka Streams client failed; starting a fresh scheduler, as an orchestrator would");
                service(startScheduler(env, restarts - 1));
            }
        });
        return scheduler;
    }

    /** A part's start, logged with how long it took (start-up time is what an operator waits for). */
    private static <T> Supplier<T> timed(String part, Supplier<T> start) {
        return () -> {
            long t0 = System.nanoTime();
            T started = start.get();
            LOG.info("{} up in {} ms", part, (System.nanoTime() - t0) / 1_000_000);
            return started;
        };
    }

    private <T extends AutoCloseable> T service(T part) {
        services.add(part);
        return part;
    }

    private void stopServices() {
        try (var stopping = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (AutoCloseable service : services) {
                stopping.submit(() -> {
                    try {
                        service.close();
                    } catch (Exception e) {
                        LOG.warn("stopping {} failed: {}", service.getClass().getSimpleName(), e.toString());
                    }
                });
            }
        }
        services.clear();
    }

    private <T extends AutoCloseable> T started(T part) {
        running.push(part);
        return part;
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(env);
        copy.put(key, value);
        return copy;
    }

    private Properties stateDir(String service) {
        Properties props = new Properties();
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(
                    options.workDir().resolve("streams").resolve(service + "-" + UUID.randomUUID())).toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create a state directory under " + options.workDir(), e);
        }
        return props;
    }

    /** The Plivo accounts every service was given (the default one, and those of {@code --accounts}). */
    public PlivoAccounts plivoAccounts() {
        return plivoAccounts;
    }

    /** The accounts as the services will read them, checked now: a bad file stops the start naming its entry. */
    private PlivoAccounts accountsOf(String authId, String authToken) {
        Map<String, String> env = new LinkedHashMap<>(accountsEnvironment());
        env.put("PLIVO_AUTH_ID", authId);
        env.put("PLIVO_AUTH_TOKEN", authToken);
        return PlivoAccounts.from(com.dialer.schemas.KeySource.of(env), PlivoAccounts.Need.DIAL);
    }

    /**
     * PLIVO_ACCOUNTS_FILE and CLIENT_PLIVO_ACCOUNT, and the variables the file names with {@code authTokenEnv}: the
     * services read a map, not this process' environment.
     */
    private Map<String, String> accountsEnvironment() {
        StackOptions.Accounts accounts = options.accounts();
        Map<String, String> env = new LinkedHashMap<>();
        if (accounts.file() == null) {
            return env;
        }
        env.put(PlivoAccounts.PLIVO_ACCOUNTS_FILE.name(), accounts.file().toAbsolutePath().toString());
        if (accounts.clientAccounts() != null) {
            env.put(PlivoAccounts.CLIENT_PLIVO_ACCOUNT.name(), accounts.clientAccounts());
        }
        // the services read a map, not this process' environment: the variables holding tokens are handed over
        PlivoAccounts.tokenVariables(accounts.file()).stream().filter(name -> System.getenv(name) != null)
                .forEach(name -> env.put(name, System.getenv(name)));
        return env;
    }

    public StackOptions options() {
        return options;
    }

    /** The embedded servers; those given as external are not in it ({@link LocalStack#hasKafka()}, …). */
    public LocalStack infrastructure() {
        return infra;
    }

    /** The settings of every Kafka client of the stack, embedded broker or external. */
    public KafkaClientProperties kafka() {
        return kafka;
    }

    public String redisUri() {
        return redisUri;
    }

    public TopicCatalog topics() {
        return topics;
    }

    /** The simulator, or null when the stack dials a remote Plivo. */
    public PlivoSimulator simulator() {
        return simulator;
    }

    public LiveBoard board() {
        return dashboard.board();
    }

    public RedisConnection redis() {
        return redis;
    }

    public MongoDatabase archive() {
        return mongo.getDatabase(DATABASE);
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** The environment keys every service was started with (secrets included: never print it whole). */
    public Map<String, String> environment() {
        return environment;
    }

    public Duration startupTime() {
        return startup;
    }

    public StackEndpoints endpoints() {
        ExternalServices external = options.external();
        // a password in an external URI stays out of the state file
        return new StackEndpoints(kafka.bootstrapServers(), Masked.uri(redisUri), Masked.uri(mongoUri), topics.prefix(),
                topics.partitions(), environment.get("WEBHOOK_BASE_URL"),
                "http://127.0.0.1:" + queryApi.port(), dashboard.url(), simulator == null ? null : simulator.apiUrl(),
                ProcessHandle.current().pid(), System.currentTimeMillis(), options.limits().asEnvironment(), external.parts(),
                external.kafkaConfig() == null ? null : external.kafkaConfig().toAbsolutePath().toString());
    }

    /** Stops every part in reverse order of start; safe to call twice. */
    @Override
    public synchronized void close() {
        if (Thread.currentThread() != stopAtExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException exiting) {
                // the JVM is exiting: the hook runs, or waits for this close to end
            }
        }
        while (!running.isEmpty()) {
            AutoCloseable part = running.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
