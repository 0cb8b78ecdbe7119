package com.dialer.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A Redis Cluster of real {@code redis-server} processes on loopback: 3 masters (slots split evenly)
 * and one replica of each, built with CLUSTER MEET / ADDSLOTS / REPLICATE from Java, so no
 * {@code redis-cli} is needed. A short node timeout (2 s) makes a killed master's replica take over
 * within seconds. {@link #uri()} is our {@code redis-cluster://} seed list.
 */
public final class RedisCluster implements AutoCloseable {
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FORMING = Duration.ofSeconds(60);

    private final Path dir;
    private final List<RedisServer> nodes;

    private RedisCluster(Path dir, List<RedisServer> nodes) {
        this.dir = dir;
        this.nodes = nodes;
    }

    /** Starts 6 nodes and forms the cluster; returns once every node says {@code cluster_state:ok} and every replica is in sync. */
    public static RedisCluster start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("dialer-redis-cluster");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<RedisServer> nodes = new ArrayList<>();
        RedisCluster cluster = new RedisCluster(dir, nodes);
        try {
            for (int i = 0; i < 6; i++) {
                int port = FreePort.next();
                nodes.add(RedisServer.start(port, List.of(), List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                        "--cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()),
                        "--dir", dir.toString())));
            }
            cluster.form();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code redis-cluster://127.0.0.1:p1,…} naming every node as a seed. */
    public String uri() {
        return "redis-cluster://" + String.join(",", nodes.stream().map(n -> n.host() + ":" + n.port()).toList());
    }

    public List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** The node now serving {@code slot} as master. */
    public RedisServer masterOf(int slot) {
        for (RedisServer node : nodes) {
            if (node.isRunning() && withNode(node, r -> r.info("replication").contains("role:master") && ownsSlot(r, slot))) {
                return node;
            }
        }
        throw new IllegalStateException("no live master serves slot " + slot);
    }

    /** A live replica of {@code master}. */
    public RedisServer replicaOf(RedisServer master) {
        String masterId = withNode(master, RedisCommands::clusterMyId);
        for (RedisServer node : nodes) {
            if (node != master && node.isRunning()
                    && withNode(node, r -> r.info("replication").contains("role:slave") && r.clusterNodes().lines()
                    .anyMatch(l -> l.contains("myself") && l.contains(masterId)))) {
                return node;
            }
        }
        throw new IllegalStateException("no live replica of " + master.port());
    }

    /**
     * A manual failover: {@code replica} takes over its master's slots, with the master's agreement (no
     * write lost). Returns once the former master replicates from it: until its first sync a replica
     * counts as disconnected for ever and would refuse to take over in turn.
     */
    public void failover(RedisServer replica) {
        withNode(replica, r -> r.clusterFailover(false));
        awaitUntil(() -> withNode(replica, r -> r.info("replication").contains("role:master")), Duration.ofSeconds(30),
                "node " + replica.port() + " to become master");
        awaitReplicasInSync(Duration.ofSeconds(30));
    }

    private void awaitReplicasInSync(Duration timeout) {
        awaitUntil(() -> nodes.stream().filter(RedisServer::isRunning).allMatch(n -> withNode(n, r -> {
            String replication = r.info("replication");
            return replication.contains("role:master") || replication.contains("master_link_status:up");
        })), timeout, "every live replica in sync");
    }

    /**
     * After {@code killed} (a master serving {@code slot}) died: waits until a live node serves the slot as
     * master (its replica took over once the node timeout passed) and returns that node.
     */
    public RedisServer awaitTakeover(int slot, RedisServer killed, Duration timeout) {
        RedisServer[] master = new RedisServer[1];
        awaitUntil(() -> {
            master[0] = masterOf(slot);
            return master[0] != killed;
        }, timeout, "replica of node " + killed.port() + " to take slot " + slot + " over");
        return master[0];
    }

    /**
     * Starts a killed node again, empty, with its cluster config file: the cluster tells it that its slots
     * moved, so it comes back as a replica. {@code onStart} runs as soon as it answers (an ACL user to create
     * again, say); returns once every live replica is in sync and the cluster is ok.
     */
    public void restartAsReplica(RedisServer node, Duration timeout, java.util.function.Consumer<RedisServer> onStart) {
        node.restartEmpty();
        onStart.accept(node);
        awaitUntil(() -> withNode(node, r -> r.info("replication").contains("role:slave")), timeout,
                "node " + node.port() + " to rejoin as a replica");
        awaitReplicasInSync(timeout);
        awaitHealthy(timeout);
    }

    /** Waits until every live node says {@code cluster_state:ok} (after a failover, say). */
    public void awaitHealthy(Duration timeout) {
        awaitUntil(() -> nodes.stream().filter(RedisServer::isRunning)
                .allMatch(n -> withNode(n, r -> r.clusterInfo().contains("cluster_state:ok"))), timeout, "cluster_state:ok on every live node");
    }

    /** Runs {@code action} on a direct (non-cluster) connection to {@code node}. */
    public static <T> T withNode(RedisServer node, java.util.function.Function<RedisCommands<String, String>, T> action) {
        RedisClient client = RedisClient.create(RedisURI.create(node.host(), node.port()));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return action.apply(c.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private void form() {
        String seedHost = nodes.get(0).host();
        int seedPort = nodes.get(0).port();
        for (RedisServer node : nodes.subList(1, nodes.size())) {
            withNode(node, r -> r.clusterMeet(seedHost, seedPort));
        }
        int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
        for (int m = 0; m < 3; m++) {
            int[] slots = IntStream.rangeClosed(ranges[m][0], ranges[m][1]).toArray();
            withNode(nodes.get(m), r -> r.clusterAddSlots(slots));
        }
        awaitUntil(() -> nodes.stream().allMatch(n -> withNode(n, r -> r.clusterNodes().lines().count() == nodes.size())), FORMING,
                "every node to know the other " + (nodes.size() - 1));
        for (int m = 0; m < 3; m++) {
            String masterId = withNode(nodes.get(m), RedisCommands::clusterMyId);
            withNode(nodes.get(m + 3), r -> r.clusterReplicate(masterId));
        }
        awaitHealthy(FORMING);
        awaitUntil(() -> nodes.subList(3, 6).stream().allMatch(n -> withNode(n, r -> r.info("replication").contains("master_link_status:up"))),
                FORMING, "every replica in sync");
    }

    private static boolean ownsSlot(RedisCommands<String, String> r, int slot) {
        String myId = r.clusterMyId();
        return r.clusterSlots().stream().map(o -> (List<?>) o).anyMatch(range -> ((Number) range.get(0)).intValue() <= slot
                && slot <= ((Number) range.get(1)).intValue() && ((List<?>) range.get(2)).get(2).equals(myId));
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // a node still starting or failing over: ask again
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
        throw new IllegalStateException("Redis Cluster: no " + what + " within " + timeout);
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
        try (var files = Files.list(dir)) {
            files.forEach(p -> p.toFile().delete());
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary folder: the OS cleans it
        }
    }
}
