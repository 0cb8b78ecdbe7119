package com.dialer.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.tools.StorageTool;

/**
 * A production-shaped Kafka on loopback: three KRaft nodes (each broker and controller, the three a
 * voter quorum), each its own OS process started from the Kafka jars on this JVM's class path, so one
 * can be killed with {@code kill -9} and started again on the same ports and data, as a broker host
 * would fail.
 *
 * <p>Clients connect over {@code SASL_SSL} with {@code SCRAM-SHA-512}: the brokers' certificate is
 * signed by an authority made at start ({@link ClusterCertificates}); one user's SCRAM credential is
 * written into the cluster metadata when the nodes are formatted ({@code kafka-storage format
 * --add-scram}), so it exists before any broker takes a connection. {@link #clientProperties()} is what
 * a client needs (the content of a {@code KAFKA_CONFIG_FILE}). The brokers talk to each other and to
 * the controllers in plaintext on loopback ports of their own, which are also what {@link #admin()}
 * uses, so the cluster can be inspected however the clients' listener fares.
 *
 * <p>Topics default to three replicas and {@code min.insync.replicas} 2, the internal ones included:
 * one node may be down with every write still taken.
 */
public final class KafkaCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);
    public static final int NODES = 3;
    public static final String USER = "dialer";
    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final Duration READY = Duration.ofSeconds(120);

    private final Path dir;
    private final String password;
    private final ClusterCertificates certificates;
    private final List<NodeProcess> nodes;
    private final Thread shutdownHook;

    private KafkaCluster(Path dir, String password, ClusterCertificates certificates, List<NodeProcess> nodes) {
        this.dir = dir;
        this.password = password;
        this.certificates = certificates;
        this.nodes = nodes;
        // brokers are processes of their own: they must not outlive a test JVM that exits without close()
        this.shutdownHook = new Thread(() -> nodes.forEach(NodeProcess::kill), "kafka-cluster-kill");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Makes the certificates, formats three nodes with the SCRAM user, starts them and waits until all three serve clients. */
    public static KafkaCluster start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("dialer-kafka-cluster");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local Kafka cluster", e);
        }
        String password = UUID.randomUUID().toString();
        ClusterCertificates certificates = ClusterCertificates.create(dir, UUID.randomUUID().toString());
        List<Ports> ports = IntStream.rangeClosed(1, NODES)
                .mapToObj(id -> new Ports(id, FreePort.next(), FreePort.next(), FreePort.next())).toList();
        String voters = ports.stream().map(p -> p.id + "@127.0.0.1:" + p.controller).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        List<NodeProcess> nodes = new ArrayList<>();
        KafkaCluster cluster = null;
        try {
            Path logConfig = writeLogConfig(dir);
            for (Ports p : ports) {
                Path nodeDir = Files.createDirectories(dir.resolve("node-" + p.id));
                Path config = nodeDir.resolve("server.properties");
                try (OutputStream out = Files.newOutputStream(config)) {
                    serverConfig(p, voters, nodeDir, certificates).store(out, "local-stack cluster node " + p.id);
                }
                format(config, clusterId, password);
                nodes.add(new NodeProcess(p, config, nodeDir, logConfig));
            }
            cluster = new KafkaCluster(dir, password, certificates, List.copyOf(nodes));
            nodes.forEach(NodeProcess::start);
            cluster.awaitNodes(NODES);
            cluster.awaitClients();
            LOG.info("Kafka cluster of {} nodes up: {} (SASL_SSL, {})", NODES, cluster.bootstrapServers(), MECHANISM);
            return cluster;
        } catch (IOException e) {
            closeQuietly(cluster, nodes, dir);
            throw new UncheckedIOException("cannot prepare the local Kafka cluster", e);
        } catch (RuntimeException e) {
            closeQuietly(cluster, nodes, dir);
            throw e;
        }
    }

    private static void closeQuietly(KafkaCluster cluster, List<NodeProcess> nodes, Path dir) {
        if (cluster != null) {
            cluster.close();
        } else {
            nodes.forEach(NodeProcess::kill);
            delete(dir);
        }
    }

    private record Ports(int id, int client, int internal, int controller) {
    }

    static Properties serverConfig(Ports p, String voters, Path nodeDir, ClusterCertificates certificates) {
        Properties c = new Properties();
        c.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", Integer.toString(p.id)),
                Map.entry("controller.quorum.voters", voters),
                Map.entry("listeners", "CLIENT://127.0.0.1:" + p.client + ",INTERNAL://127.0.0.1:" + p.internal
                        + ",CONTROLLER://127.0.0.1:" + p.controller),
                Map.entry("advertised.listeners", "CLIENT://127.0.0.1:" + p.client + ",INTERNAL://127.0.0.1:" + p.internal),
                Map.entry("listener.security.protocol.map", "CLIENT:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "INTERNAL"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("sasl.enabled.mechanisms", MECHANISM),
                Map.entry("listener.name.client.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;"),
                Map.entry("listener.name.client.ssl.keystore.type", "PKCS12"),
                Map.entry("listener.name.client.ssl.keystore.location", certificates.keyStore().toString()),
                Map.entry("listener.name.client.ssl.keystore.password", certificates.password()),
                Map.entry("listener.name.client.ssl.key.password", certificates.password()),
                Map.entry("log.dirs", nodeDir.resolve("data").toString()),
                Map.entry("default.replication.factor", "3"),
                Map.entry("min.insync.replicas", "2"),
                Map.entry("offsets.topic.replication.factor", "3"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "3"),
                Map.entry("transaction.state.log.min.isr", "2"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("share.coordinator.state.topic.replication.factor", "3"),
                Map.entry("share.coordinator.state.topic.min.isr", "2"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("log.segment.bytes", Integer.toString(64 * 1024 * 1024))));
        return c;
    }

    /** {@code kafka-storage format -c … -t … --add-scram SCRAM-SHA-512=[name=dialer,password=…]}, in this JVM. */
    private static void format(Path config, String clusterId, String password) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString(),
                "--add-scram", MECHANISM + "=[name=" + USER + ",password=" + password + "]"},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("kafka storage format failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static Path writeLogConfig(Path dir) throws IOException {
        // a broker's WARNs and errors in its own log file (its stdout), nothing more
        return Files.writeString(dir.resolve("logback-broker.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
    }

    /** The clients' listeners of all three nodes. */
    public String bootstrapServers() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.ports.client).collect(Collectors.joining(","));
    }

    /**
     * The brokers' plaintext loopback listeners (those {@link #admin()} uses): for a harness's own inspection
     * and witness clients, which must see the cluster however the clients' SASL_SSL listener fares.
     */
    public String internalBootstrapServers() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.ports.internal).collect(Collectors.joining(","));
    }

    /** What a client needs beside the bootstrap servers: SASL_SSL, SCRAM-SHA-512 as the cluster's user, the trust store. */
    public Properties clientProperties() {
        return clientProperties(password);
    }

    /** As {@link #clientProperties()} with another password: a client the brokers refuse. */
    public Properties clientProperties(String password) {
        Properties p = new Properties();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER
                + "\" password=\"" + password + "\";");
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", certificates.trustStore().toString());
        p.put("ssl.truststore.password", certificates.password());
        return p;
    }

    /** {@link #clientProperties()} written to {@code file}: a {@code KAFKA_CONFIG_FILE} / {@code --kafka-config}. */
    public Path writeClientConfig(Path file) {
        return write(clientProperties(), file);
    }

    /** {@link #clientProperties(String)} written to {@code file}. */
    public Path writeClientConfig(Path file, String password) {
        return write(clientProperties(password), file);
    }

    private static Path write(Properties properties, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "local-stack Kafka cluster client");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** An admin client on the brokers' plaintext loopback listener (the one the cluster's own inspection uses). */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, internalBootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** The node ids, 1 to 3. */
    public List<Integer> nodeIds() {
        return nodes.stream().map(n -> n.ports.id).toList();
    }

    /** The node leading most partitions of {@code topic} (the lowest id on a tie). */
    public int leaderOfMostPartitions(String topic) {
        try (Admin admin = admin()) {
            TopicDescription description = described(admin, topic);
            Map<Integer, Long> led = description.partitions().stream().map(TopicPartitionInfo::leader)
                    .filter(leader -> leader != null && !leader.isEmpty()).map(Node::id)
                    .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
            return led.entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue()
                            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .orElseThrow(() -> new IllegalStateException(topic + " has no partition with a leader")).getKey();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot find the leaders of " + topic, e);
        }
    }

    /** The topic as the cluster describes it; a broker the new topic's metadata has not reached yet is asked again. */
    private static TopicDescription described(Admin admin, String topic) throws InterruptedException, ExecutionException, TimeoutException {
        for (int tries = 1; ; tries++) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || tries == 150) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** {@code kill -9} of node {@code id}: no controlled shutdown, nothing flushed; its data stays for {@link #startAgain}. */
    public void kill(int id) {
        node(id).kill();
        LOG.info("Kafka node {} killed (SIGKILL)", id);
    }

    /** A graceful stop of node {@code id} (SIGTERM: controlled shutdown, leadership moved first). */
    public void stop(int id) {
        node(id).stop();
        LOG.info("Kafka node {} stopped", id);
    }

    /** Starts a killed or stopped node again on its ports and data; returns once the cluster counts it again. */
    public void startAgain(int id) {
        node(id).start();
        awaitServing(node(id));
        awaitNodes(NODES);
        LOG.info("Kafka node {} started again", id);
    }

    private NodeProcess node(int id) {
        return nodes.stream().filter(n -> n.ports.id == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Kafka node " + id + "; the nodes are " + nodeIds()));
    }

    /** Waits until {@code count} brokers are registered and unfenced (what describeCluster lists). */
    private void awaitNodes(int count) {
        long deadline = System.nanoTime() + READY.toNanos();
        awaitListening(deadline);
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                nodes.forEach(NodeProcess::checkAlive);
                try {
                    if (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() >= count) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    last = notYet;
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka cluster", e);
        }
        throw new IllegalStateException("the Kafka cluster did not count " + count + " brokers within " + READY
                + " (logs in " + dir + ")", last);
    }

    /**
     * Waits until {@code node} itself answers a request (its broker config, which only it serves): a
     * killed node stays registered until its session times out, so the cluster's count alone would not
     * tell that the new process is serving.
     */
    private void awaitServing(NodeProcess node) {
        long deadline = System.nanoTime() + READY.toNanos();
        awaitListening(deadline);
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(node.ports.id));
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                node.checkAlive();
                try {
                    admin.describeConfigs(List.of(broker)).all().get(10, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException notYet) {
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka node " + node.ports.id, e);
        }
        throw new IllegalStateException("Kafka node " + node.ports.id + " did not serve within " + READY + " (logs in " + dir + ")");
    }

    /** Waits until every started node accepts connections, so the admin client does not warn through a JVM's start. */
    private void awaitListening(long deadline) {
        for (NodeProcess node : nodes) {
            while (node.started() && !accepts(node.ports.internal) && System.nanoTime() < deadline) {
                node.checkAlive();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka cluster", e);
                }
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Waits until the clients' listener authenticates the cluster's user over TLS. */
    private void awaitClients() {
        Map<String, Object> config = new HashMap<>();
        clientProperties().forEach((k, v) -> config.put((String) k, v));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(READY.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the Kafka cluster's SASL_SSL listener refused its own user (logs in " + dir + ")", e);
        }
    }

    /** Kills every node and deletes the data and certificates. */
    @Override
    public void close() {
        nodes.forEach(NodeProcess::kill);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        delete(dir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    /** One node's JVM: started, killed or stopped, started again with the same command. */
    private static final class NodeProcess {
        private final Ports ports;
        private final Path config;
        private final Path log;
        private final Path logConfig;
        private Process process;

        NodeProcess(Ports ports, Path config, Path nodeDir, Path logConfig) {
            this.ports = ports;
            this.config = config;
            this.log = nodeDir.resolve("broker.log");
            this.logConfig = logConfig;
        }

        synchronized void start() {
            if (process != null && process.isAlive()) {
                return;
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx320m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
                    "-Dlogback.configurationFile=" + logConfig, "-cp", ClassPathJars.of(), "kafka.Kafka", config.toString()));
            try {
                process = new ProcessBuilder(OwnSession.command(command)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start Kafka node " + ports.id, e);
            }
        }

        synchronized boolean started() {
            return process != null;
        }

        /** Throws when the node was started and has exited by itself (a bad config, a port taken). */
        synchronized void checkAlive() {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("Kafka node " + ports.id + " exited with " + process.exitValue() + "; see " + log);
            }
        }

        synchronized void kill() {
            if (process != null) {
                process.destroyForcibly();
                awaitExit(Duration.ofSeconds(30));
                process = null;
            }
        }

        synchronized void stop() {
            if (process != null) {
                process.destroy();
                if (!awaitExit(Duration.ofSeconds(60))) {
                    process.destroyForcibly();
                    awaitExit(Duration.ofSeconds(30));
                }
                process = null;
            }
        }

        private boolean awaitExit(Duration timeout) {
            try {
                return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
