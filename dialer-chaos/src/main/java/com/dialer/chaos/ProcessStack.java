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
import com.dialer.schemas.TopicReplication;
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
 *
 * <p>In {@link Topology#CLUSTER} Kafka and Redis are production's shape instead ({@link ClusterInfra}: three SASL_SSL
 * brokers, a Redis Cluster), every service but the Connect worker runs twice, and the two webhook bridges sit behind
 * that one port ({@link WebhookBalancer}).
 */
public final class ProcessStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessStack.class);
    public static final String DATABASE = DialerStack.DATABASE;
    /** The Redis user the services log in as (an ACL user beside the default one this JVM uses). */
    static final String REDIS_USER = "dialer";

    private final StackSettings settings;
    private final Set<Service> wanted;
    private final Path workDir;
    private final Topology topology;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    /** Each service's instances: one, or two in {@link Topology#CLUSTER}. */
    private final Map<Service, List<ServiceProcess>> services = new EnumMap<>(Service.class);
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
    /** By instance name ({@link Topology#instanceName}). */
    private final Map<String, Integer> managementPorts = new java.util.HashMap<>();
    private final String redisPassword = "chaos-" + java.util.UUID.randomUUID();
    /** {@link Topology#CLUSTER}'s brokers and Redis nodes; null in {@link Topology#SINGLE}. */
    private ClusterInfra cluster;
    /** {@link Topology#CLUSTER}: each bridge's own port, behind {@link #bridgePort}. */
    private final List<Integer> bridgePorts = new java.util.ArrayList<>();
    private final List<FaultCost.Mark> faultMarks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final JvmOptions jvm;

    private ProcessStack(StackSettings settings, Set<Service> wanted, Path workDir, Topology topology, JvmOptions jvm) {
        this.settings = settings;
        this.jvm = jvm;
        this.wanted = Set.copyOf(wanted);
        this.workDir = workDir.toAbsolutePath();
        this.topology = topology;
        if (topology == Topology.CLUSTER && wanted.contains(Service.CONNECT_WORKER)) {
            throw new IllegalArgumentException("the cluster topology runs its one Connect worker in the suite's JVM: no process to kill");
        }
    }

    /**
     * Starts the infrastructure, then the given services side by side, and waits until each is ready.
     *
     * @param workDir where the log files, state directories and the Connect worker's files go
     */
    public static ProcessStack start(StackSettings settings, Set<Service> services, Path workDir) {
        return start(settings, services, workDir, Topology.SINGLE);
    }

    /** As {@link #start(StackSettings, Set, Path)} in the given topology. */
    public static ProcessStack start(StackSettings settings, Set<Service> services, Path workDir, Topology topology) {
        return start(settings, services, workDir, topology, JvmOptions.QUICK_RESTARTS);
    }

    /** As {@link #start(StackSettings, Set, Path, Topology)}, every service's JVM tuned by {@code jvm}. */
    public static ProcessStack start(StackSettings settings, Set<Service> services, Path workDir, Topology topology,
                                     JvmOptions jvm) {
        ProcessStack stack = new ProcessStack(settings, services, workDir, topology, jvm);
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
        if (topology == Topology.CLUSTER) {
            // MongoDB alone from LocalStack; Kafka and Redis in production's shape
            infra = started(LocalStack.start(false, false, true));
            cluster = started(ClusterInfra.start(workDir));
        } else {
            infra = started(LocalStack.start());
        }
        simulator = started(PlivoSimulator.start(settings.sim()));
        topics = TopicCatalog.of("", settings.partitions());
        try (Admin admin = kafkaAdmin()) {
            new TopicProvisioner(admin, cluster != null ? ClusterInfra.REPLICATION : TopicReplication.ONE_BROKER).ensure(topics.all());
        }
        redis = started(RedisConnection.open("REDIS_URI", cluster != null ? cluster.redisUri(null, null) : infra.redis().uri()));
        grantRedisUser();
        mongo = started(MongoClients.create(infra.mongo().connectionString()));
        // the Connect worker logs by the suite's configuration; our services by their own (schemas' logback.xml),
        // named as a file: their class path also holds local-stack's logback-test.xml, which Logback would prefer
        logConfig = copied(ProcessStack.class.getResource("logback-service.xml"), workDir.resolve("logback-service.xml"));
        serviceLogConfig = copied(ProcessStack.class.getClassLoader().getResource("logback.xml"), workDir.resolve("logback.xml"));
        bridgePort = FreePort.next();
        queryApiPort = FreePort.next();
        for (Service service : wanted) {
            for (int n = 1; n <= instancesOf(service); n++) {
                if (service != Service.CONNECT_WORKER) {
                    managementPorts.put(topology.instanceName(service, n), FreePort.next());
                }
                if (service == Service.WEBHOOK_BRIDGE && instancesOf(service) > 1) {
                    bridgePorts.add(FreePort.next());
                }
            }
        }
        running.push(this::stopServices);
        if (!bridgePorts.isEmpty()) {
            // closed before the services stop, as a balancer drains first: a bridge's graceful stop would wait on its connections
            started(WebhookBalancer.start(bridgePort, bridgePorts));
        }
        for (Service service : wanted) {
            List<ServiceProcess> instances = new java.util.ArrayList<>();
            for (int n = 1; n <= instancesOf(service); n++) {
                String name = topology.instanceName(service, n);
                instances.add(new ServiceProcess(service, name, command(service, name), environment(service, n),
                        workDir.resolve(name + ".log")));
            }
            services.put(service, List.copyOf(instances));
        }
        services().forEach(ServiceProcess::start);
        if (cluster != null) {
            createDirectories(workDir.resolve("connect"));
            // one worker, in this JVM, with the services' SASL_SSL client properties (no cluster scenario kills it)
            started(com.dialer.launcher.stack.ArchiveWorker.start(cluster.kafkaClient(), ClusterInfra.REPLICATION,
                    infra.mongo().connectionString(), DATABASE, cluster.redisUri(REDIS_USER, redisPassword), topics,
                    workDir.resolve("connect"), null));
        } else if (!wanted.contains(Service.CONNECT_WORKER)) {
            createDirectories(workDir.resolve("connect"));
            // no scenario kills it: the archiver runs in a worker in this JVM, one JVM fewer to start
            started(ConnectFiles.startHere(ConnectFiles.worker(workDir.resolve("connect"), infra.bootstrapServers()),
                    ConnectFiles.connector(infra.mongo().connectionString(), DATABASE, infra.redis().uri(), topics, infra.bootstrapServers())));
        }
        // eight service JVMs beside three brokers start far slower on a loaded machine than four beside one
        Duration readiness = Duration.ofSeconds(topology == Topology.CLUSTER ? 480 : 180);
        for (Service service : services.keySet()) {
            awaitReady(service, readiness);
        }
        LOG.info("process stack up in {} ms under {}", (System.nanoTime() - t0) / 1_000_000, workDir);
    }

    /** Instances of {@code service} in this topology: the Connect worker is one in every topology. */
    private int instancesOf(Service service) {
        return service == Service.CONNECT_WORKER ? 1 : topology.instances();
    }

    private List<String> command(Service service, String name) {
        return command(service, name, List.of(), name);
    }

    /**
     * Replaces each instance of a running service by another build of it, one after the other, as a rolling deploy
     * does: the instance stopped ({@code SIGTERM}), the new one started with {@code classPathFirst} ahead of this
     * build's class path (same name, environment, state directory and log file) and waited for until ready. Returns
     * the new instances.
     *
     * @param build a short name of the build (its class data archive is kept apart from this build's)
     */
    public List<ServiceProcess> deploy(Service service, List<Path> classPathFirst, String build, Duration readyWithin) {
        List<ServiceProcess> instances = new java.util.ArrayList<>(services.get(service));
        for (int i = 0; i < instances.size(); i++) {
            ServiceProcess old = instances.get(i);
            old.stop();
            ServiceProcess next = new ServiceProcess(service, old.name(),
                    command(service, old.name(), classPathFirst, old.name() + "-" + build), environment(service, i + 1), old.log());
            instances.set(i, next);
            services.put(service, List.copyOf(instances));
            next.start();
            awaitReady(service, readyWithin);
        }
        return List.copyOf(instances);
    }

    private List<String> command(Service service, String name, List<Path> classPathFirst, String archiveName) {
        List<String> args = service == Service.CONNECT_WORKER
                ? ConnectFiles.write(workDir.resolve("connect"), ConnectFiles.worker(workDir.resolve("connect"), infra.bootstrapServers()),
                        ConnectFiles.connector(infra.mongo().connectionString(), DATABASE, infra.redis().uri(), topics, infra.bootstrapServers()))
                : List.of();
        Path tmp = workDir.resolve("tmp").resolve(name);
        try {
            Files.createDirectories(tmp);
            Files.createDirectories(workDir.getParent().resolve("cds"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + tmp, e);
        }
        return ChildJvm.command(service.mainClass(), args, tmp, service == Service.CONNECT_WORKER ? logConfig : serviceLogConfig,
                classDataArchive(archiveName), classPathFirst, jvm);
    }

    /** Kept beside the stacks' directories, so every later stack of the run (and of the next run) starts from it. */
    private Path classDataArchive(String archiveName) {
        return workDir.getParent().resolve("cds").resolve(archiveName + ".jsa");
    }

    /** The bridge's nonce window in these stacks. */
    public static final Duration REPLAY_WINDOW = Duration.ofSeconds(5);

    /** The environment keys of one service: what its README and {@code docker-compose.yml} give it. */
    Map<String, String> environment(Service service) {
        return environment(service, 1);
    }

    /** The environment keys of instance {@code n} (from 1) of a service. */
    Map<String, String> environment(Service service, int n) {
        Map<String, String> kafka = kafkaEnvironment();
        Map<String, String> shared = new LinkedHashMap<>(kafka);
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
                env.putAll(kafka);
                env.put("TOPIC_PREFIX", topics.prefix());
                env.put("PLIVO_AUTH_TOKEN", settings.sim().authToken());
                // several bridges each on a port of their own behind the balancer's, the public address
                env.put("BRIDGE_HTTP_PORT", Integer.toString(bridgePorts.isEmpty() ? bridgePort : bridgePorts.get(n - 1)));
                env.put("BRIDGE_BIND_ADDRESS", "127.0.0.1");
                env.put("WEBHOOK_PUBLIC_BASE_URL", webhookBaseUrl());
                env.put("REDIS_URI", cluster != null ? serviceRedisUri() : infra.redis().uri());
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
        Integer managementPort = managementPorts.get(topology.instanceName(service, n));
        if (managementPort != null) {
            env.put("METRICS_PORT", Integer.toString(managementPort));
            env.put("METRICS_BIND_ADDRESS", "127.0.0.1");
        }
        return env;
    }

    /** KAFKA_BOOTSTRAP_SERVERS, and on the cluster KAFKA_CONFIG_FILE and the topics' replication ({@link ClusterInfra}). */
    private Map<String, String> kafkaEnvironment() {
        return cluster != null ? cluster.kafkaEnvironment() : Map.of("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
    }

    /**
     * Waits until the service is ready: its {@code /health/ready} answers 200 (Streams RUNNING, Kafka
     * clients connected, Redis answering: what an orchestrator waits for), and each Kafka group it
     * joins is stable with exactly this one instance in it (a killed predecessor leaves the group only
     * when its session times out). The Connect worker, which has no such endpoint, by its group only.
     */
    public void awaitReady(Service service, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready(service)) {
            for (ServiceProcess process : services.get(service)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(process.name() + " exited with " + process.exitCode() + "; see " + process.log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(process.name() + " not ready within " + timeout + "; see " + process.log());
                }
            }
            sleep(Duration.ofMillis(200));
        }
    }

    /** Every instance healthy, and each group stable with exactly the instances running. */
    private boolean ready(Service service) {
        List<ServiceProcess> instances = services.get(service);
        boolean healthy = instances.stream().allMatch(p -> !managementPorts.containsKey(p.name())
                || httpStatus(managementUrl(p) + "/health/ready") == 200);
        int members = (int) instances.stream().filter(ServiceProcess::isAlive).count();
        return healthy && (service.consumerGroups().isEmpty() || groupsStable(service.consumerGroups(), members));
    }

    /** {@code http://127.0.0.1:<METRICS_PORT>} of a service (its first instance): /metrics, /health/live, /health/ready. */
    public String managementUrl(Service service) {
        return managementUrl(service(service));
    }

    /** As {@link #managementUrl(Service)}, of one instance. */
    public String managementUrl(ServiceProcess instance) {
        return "http://127.0.0.1:" + managementPorts.get(instance.name());
    }

    /** The services' REDIS_URI: this Redis, as {@link #REDIS_USER} with its password. */
    private String serviceRedisUri() {
        if (cluster != null) {
            return cluster.redisUri(REDIS_USER, redisPassword);
        }
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
        if (cluster != null) {
            cluster.grantRedisUser(REDIS_USER, redisPassword);
            return;
        }
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

    private boolean groupsStable(Collection<String> groups, int members) {
        try (Admin admin = kafkaAdmin()) {
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get(5, TimeUnit.SECONDS);
            return described.values().stream().allMatch(g -> g.groupState() == GroupState.STABLE && g.members().size() == members);
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

    /** The service's (first) instance. */
    public ServiceProcess service(Service service) {
        return services.get(service).get(0);
    }

    /** Every instance of the service: one, or two in {@link Topology#CLUSTER}. */
    public List<ServiceProcess> instances(Service service) {
        return services.get(service);
    }

    /** Every instance of every service. */
    public Collection<ServiceProcess> services() {
        return services.values().stream().flatMap(List::stream).toList();
    }

    public Topology topology() {
        return topology;
    }

    /** {@link Topology#CLUSTER}'s brokers and Redis nodes; fails in {@link Topology#SINGLE}. */
    public ClusterInfra cluster() {
        if (cluster == null) {
            throw new IllegalStateException("no cluster: this stack's topology is " + topology);
        }
        return cluster;
    }

    /** The bootstrap servers of the suite's own clients (feed, tally, dead-letter reads): plaintext on loopback. */
    public String bootstrapServers() {
        return cluster != null ? cluster.witnessBootstrapServers() : infra.bootstrapServers();
    }

    /** An admin client for the suite's inspection, on {@link #bootstrapServers()}. */
    public Admin kafkaAdmin() {
        return cluster != null ? cluster.admin() : infra.kafka().admin();
    }

    /** Called by a fault as it strikes: the moment {@link FaultCost} measures the campaign's loss from. */
    public void markFault(String what) {
        faultMarks.add(new FaultCost.Mark(System.nanoTime(), what));
    }

    public List<FaultCost.Mark> faultMarks() {
        return List.copyOf(faultMarks);
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
            services().forEach(p -> stopping.submit(p::stop));
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
