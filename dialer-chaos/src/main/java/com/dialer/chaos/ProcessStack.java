package com.dialer.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.launcher.stack.DialerStack;
import com.dialer.plivosim.PlivoSimulator;
import com.dialer.schemas.TopicCatalog;
import com.dialer.schemas.TopicProvisioner;
import com.dialer.state.RedisConnection;
import com.dialer.stack.FreePort;
import com.dialer.stack.LocalStack;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;


/**
 * The pipeline with every service as its own OS process ({@link ServiceProcess}), so that each can
 * be killed for real and started again; the infrastructure — the KRaft broker, Redis, MongoDB and
 * the Plivo simulator, the witness — runs in this JVM, where the suite can break it too. The
 * Connect worker runs as a process when asked for ({@link Service#CONNECT_WORKER}), else in this JVM. Each
 * service gets exactly the environment keys production gives it (as {@link DialerStack} builds
 * them), its own state directory, kept across restarts as a container's volume would be, its
 * own log file (written with the services' own Logback configuration) and its own management port
 * ({@code /health/ready} says when it is ready). The services reach Redis as a user with a password,
 * as production may, so the secret scan has a Redis password to look for. The webhook bridge keeps
 * one port for good: the executor gave Plivo its URLs.
 */
public final class ProcessStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessStack.class);
    public static final String DATABASE = DialerStack.DATABASE;
    /** The Redis user the services log in as (an ACL user beside the default one this JVM uses). */
    static final String REDIS_USER = "dialer";

    private final StackSettings settings;
    private final Set<Service> wanted;
    private final Path workDir;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private LocalStack infra;
    private PlivoSimulator simulator;
    private TopicCatalog topics;
    private RedisConnection redis;
    private MongoClient mongo;
    private Path logConfig;
    private Path serviceLogConfig;
    private int bridgePort;
    private int queryApiPort;
    private final Map<Service, Integer> managementPorts = new EnumMap<>(Service.class);
    private final String redisPassword = "chaos-" + java.util.UUID.randomUUID();

    private ProcessStack(StackSettings settings, Set<Service> wanted, Path workDir) {
        this.settings = settings;
        this.wanted = Set.copyOf(wanted);
        this.workDir = workDir.toAbsolutePath();
    }

    /**
     * Starts the infrastructure, then the given services side by side, and waits until each is ready.
     *
     * @param workDir where the log files, state directories and the Connect worker's files go
     */
    public static ProcessStack start(StackSettings settings, Set<Service> services, Path workDir) {
        ProcessStack stack = new ProcessStack(settings, services, workDir);
        try {
            stack.startAll();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startAll() {
        long t0 = System.nanoTime();
        try {
            // a fresh cluster: state directories, logs and Connect files of an earlier run would only mislead
            if (Files.exists(workDir)) {
                try (var files = Files.walk(workDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDir, e);
        }
        infra = started(LocalStack.start());
        simulator = started(PlivoSimulator.start(settings.sim()));
        topics = TopicCatalog.of("", settings.partitions());
        try (Admin admin = infra.kafka().admin()) {
            new TopicProvisioner(admin, (short) 1).ensure(topics.all());
        }
        redis = started(RedisConnection.open("REDIS_URI", infra.redis().uri()));
        grantRedisUser();
        mongo = started(MongoClients.create(infra.mongo().connectionString()));
        // the Connect worker logs by the suite's configuration; our services by their own (schemas' logback.xml),
        // named as a file: their class path also holds local-stack's logback-test.xml, which Logback would prefer
        logConfig = copied(ProcessStack.class.getResource("logback-service.xml"), workDir.resolve("logback-service.xml"));
        serviceLogConfig = copied(ProcessStack.class.getClassLoader().getResource("logback.xml"), workDir.resolve("logback.xml"));
        bridgePort = FreePort.next();
        queryApiPort = FreePort.next();
        for (Service service : wanted) {
            if (service != Service.CONNECT_WORKER) {
                managementPorts.put(service, FreePort.next());
            }
        }
        running.push(this::stopServices);
        for (Service service : wanted) {
            services.put(service, new ServiceProcess(service, command(service), environment(service),
                    workDir.resolve(service.id() + ".log")));
        }
        services.values().forEach(ServiceProcess::start);
        if (!wanted.contains(Service.CONNECT_WORKER)) {
            createDirectories(workDir.resolve("connect"));
            // no scenario kills it: the archiver runs in a worker in this JVM, one JVM fewer to start
            started(ConnectFiles.startHere(ConnectFiles.worker(workDir.resolve("connect"), infra.bootstrapServers()),
                    ConnectFiles.connector(infra.mongo().connectionString(), DATABASE, infra.redis().uri(), topics, infra.bootstrapServers())));
        }
        for (Service service : services.keySet()) {
            awaitReady(service, Duration.ofSeconds(180));
        }
        LOG.info("process stack up in {} ms under {}", (System.nanoTime() - t0) / 1_000_000, workDir);
    }

    private List<String> command(Service service) {
        return command(service, List.of(), service.id());
    }

    /**
     * Replaces a running service by another build of it, as a rolling deploy does: the instance stopped ({@code SIGTERM}),
     * the new one started with {@code classPathFirst} ahead of this build's class path (same environment, state directory
     * and log file), and waited for until ready. Returns the new instance.
     *
     * @param build a short name of the build (its class data archive is kept apart from this build's)
     */
    public ServiceProcess deploy(Service service, List<Path> classPathFirst, String build, Duration readyWithin) {
        ServiceProcess old = services.get(service);
        old.stop();
        ServiceProcess next = new ServiceProcess(service, command(service, classPathFirst, service.id() + "-" + build),
                environment(service), old.log());
        services.put(service, next);
        next.start();
        awaitReady(service, readyWithin);
        return next;
    }

    private List<String> command(Service service, List<Path> classPathFirst, String archiveName) {
        List<String> args = service == Service.CONNECT_WORKER
                ? ConnectFiles.write(workDir.resolve("connect"), ConnectFiles.worker(workDir.resolve("connect"), infra.bootstrapServers()),
                        ConnectFiles.connector(infra.mongo().connectionString(), DATABASE, infra.redis().uri(), topics, infra.bootstrapServers()))
                : List.of();
        Path tmp = workDir.resolve("tmp").resolve(service.id());
        try {
            Files.createDirectories(tmp);
            Files.createDirectories(workDir.getParent().resolve("cds"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + tmp, e);
        }
        return ChildJvm.command(service.mainClass(), args, tmp, service == Service.CONNECT_WORKER ? logConfig : serviceLogConfig,
                workDir.getParent().resolve("cds").resolve(archiveName + ".jsa"), classPathFirst);
    }

    /** The bridge's nonce window in these stacks. */
    public static final Duration REPLAY_WINDOW = Duration.ofSeconds(5);

    /** The environment keys of one service: what its README and {@code docker-compose.yml} give it. */
    Map<String, String> environment(Service service) {
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        shared.put("TOPIC_PREFIX", topics.prefix());
        shared.put("TOPIC_PARTITIONS", Integer.toString(settings.partitions()));
        shared.put("REDIS_URI", serviceRedisUri());
        shared.put("HOT_WINDOW_SECONDS", Long.toString(Duration.ofDays(1).toSeconds()));
        shared.putAll(settings.limits().asEnvironment());
        Map<String, String> env = new LinkedHashMap<>();
        switch (service) {
            case SCHEDULER -> {
                env.putAll(shared);
                env.put("APPLICATION_ID", "dialer-scheduler");
                // retries come back within seconds: the simulator plays calls fast
                env.put("RECIPIENT_MIN_GAP_SECONDS", "0");
                env.put("SUMMARY_INTERVAL_MS", "2000");
            }
            case EXECUTOR -> {
                env.putAll(shared);
                env.put("PLIVO_AUTH_ID", settings.sim().authId());
                env.put("PLIVO_AUTH_TOKEN", settings.sim().authToken());
                env.put("PLIVO_API_URL", simulator.apiUrl());
                env.put("WEBHOOK_BASE_URL", webhookBaseUrl());
                env.put("REQUIRE_SEEDED_STATE", "true");
                env.put("EXECUTOR_LEASE_MARGIN_MS", Long.toString(settings.leaseMargin().toMillis()));
                env.put("EXECUTOR_RESERVE_LEASE_MS", "12000");
                // unknown dials: the simulator's records appear at once, so a short margin proves a non-placement
                env.put("EXECUTOR_SETTLE_MARGIN_MS", "1500");
                env.put("EXECUTOR_SETTLE_POLL_MS", "1000");
            }
            case STATUS_PROCESSOR -> {
                env.putAll(shared);
                env.put("APPLICATION_ID", "status-processor");
                env.put("REAPER_GRACE_SECONDS", Long.toString(settings.leaseMargin().toSeconds()));
                env.put("REAPER_STARTUP_DELAY_MS", "3000");
                env.put("IDENTITY_WAIT_SECONDS", "5");
                env.put("RESEED_CHECK_INTERVAL_MS", "250");
                // overdue calls are looked up at the simulator: calls last about a second here
                env.put("PLIVO_AUTH_ID", settings.sim().authId());
                env.put("PLIVO_AUTH_TOKEN", settings.sim().authToken());
                env.put("PLIVO_API_URL", simulator.apiUrl());
                env.put("RECONCILE_RING_MARGIN_MS", "2000");
                env.put("RECONCILE_QUIET_MS", "3000");
            }
            case WEBHOOK_BRIDGE -> {
                env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
                env.put("TOPIC_PREFIX", topics.prefix());
                env.put("PLIVO_AUTH_TOKEN", settings.sim().authToken());
                env.put("BRIDGE_HTTP_PORT", Integer.toString(bridgePort));
                env.put("BRIDGE_BIND_ADDRESS", "127.0.0.1");
                env.put("WEBHOOK_PUBLIC_BASE_URL", webhookBaseUrl());
                env.put("REDIS_URI", infra.redis().uri());
                env.put("HOT_WINDOW_SECONDS", shared.get("HOT_WINDOW_SECONDS"));
                // short, so that SecurityIT proves a replay after it refused too; the simulator retries within it
                env.put("BRIDGE_REPLAY_WINDOW_SECONDS", Long.toString(REPLAY_WINDOW.toSeconds()));
            }
            case CONNECT_WORKER -> {
                // configured by its two property files
            }
            case QUERY_API -> {
                env.put("REDIS_URI", serviceRedisUri());
                env.put("MONGODB_URI", infra.mongo().connectionString());
                env.put("MONGODB_DATABASE", DATABASE);
                env.put("QUERY_API_PORT", Integer.toString(queryApiPort));
                env.put("QUERY_API_BIND_ADDRESS", "127.0.0.1");
                env.put("QUERY_API_TOKENS", settings.queryApiTokens());
            }
        }
        if (managementPorts.containsKey(service)) {
            env.put("METRICS_PORT", Integer.toString(managementPorts.get(service)));
            env.put("METRICS_BIND_ADDRESS", "127.0.0.1");
        }
        return env;
    }

    /**
     * Waits until the service is ready: its {@code /health/ready} answers 200 (Streams RUNNING, Kafka
     * clients connected, Redis answering: what an orchestrator waits for), and each Kafka group it
     * joins is stable with exactly this one instance in it (a killed predecessor leaves the group only
     * when its session times out). The Connect worker, which has no such endpoint, by its group only.
     */
    public void awaitReady(Service service, Duration timeout) {
        ServiceProcess process = services.get(service);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready(service)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.id() + " exited with " + process.exitCode() + "; see " + process.log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service.id() + " not ready within " + timeout + "; see " + process.log());
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private boolean ready(Service service) {
        boolean healthy = !managementPorts.containsKey(service) || httpStatus(managementUrl(service) + "/health/ready") == 200;
        return healthy && (service.consumerGroups().isEmpty() || groupsStable(service.consumerGroups()));
    }

    /** {@code http://127.0.0.1:<METRICS_PORT>} of a service: /metrics, /health/live, /health/ready. */
    public String managementUrl(Service service) {
        return "http://127.0.0.1:" + managementPorts.get(service);
    }

    /** The services' REDIS_URI: this Redis, as {@link #REDIS_USER} with its password. */
    private String serviceRedisUri() {
        return "redis://" + REDIS_USER + ":" + redisPassword + "@" + infra.redis().host() + ":" + infra.redis().port();
    }

    /** The password in the services' REDIS_URI: a secret no log may show. */
    public String redisPassword() {
        return redisPassword;
    }

    /**
     * Creates the services' Redis user (again after Redis was restarted empty: ACL users live in
     * memory). Until it exists, a service's reconnection is refused and retried.
     */
    public void grantRedisUser() {
        redis.sync().aclSetuser(REDIS_USER, io.lettuce.core.AclSetuserArgs.Builder.on().addPassword(redisPassword)
                .allKeys().allChannels().allCommands());
    }

    private static Path copied(java.net.URL resource, Path file) {
        try (var in = resource.openStream()) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private boolean groupsStable(Collection<String> groups) {
        try (Admin admin = infra.kafka().admin()) {
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get(5, TimeUnit.SECONDS);
            return described.values().stream().allMatch(g -> g.groupState() == GroupState.STABLE && g.members().size() == 1);
        } catch (Exception notYet) {
            return false;
        }
    }

    private int httpStatus(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public ServiceProcess service(Service service) {
        return services.get(service);
    }

    public Collection<ServiceProcess> services() {
        return services.values();
    }

    public StackSettings settings() {
        return settings;
    }

    public LocalStack infrastructure() {
        return infra;
    }

    public PlivoSimulator simulator() {
        return simulator;
    }

    public TopicCatalog topics() {
        return topics;
    }

    /** A connection to Redis from this JVM (Lettuce reconnects after a Redis restart). */
    public RedisConnection redis() {
        return redis;
    }

    public MongoDatabase archive() {
        return mongo.getDatabase(DATABASE);
    }

    public String webhookBaseUrl() {
        return "http://127.0.0.1:" + bridgePort;
    }

    public String queryApiUrl() {
        return "http://127.0.0.1:" + queryApiPort;
    }

    public Path workDir() {
        return workDir;
    }

    private void stopServices() {
        // side by side: a graceful stop may take seconds each
        try (var stopping = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            services.values().forEach(p -> stopping.submit(p::stop));
        }
    }

    private <T extends AutoCloseable> T started(T part) {
        running.push(part);
        return part;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the services (gracefully), then the infrastructure; safe to call twice. */
    @Override
    public synchronized void close() {
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
