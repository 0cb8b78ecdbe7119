package com.dialer.state;

import java.time.Duration;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * The one way a service talks to Redis, whatever its shape ({@link RedisEndpoint}): Lettuce's
 * {@link RedisClient} for one node or a Sentinel-watched master, its {@link RedisClusterClient} for a
 * cluster, and commands typed to what all three share ({@link RedisClusterCommands}), so every caller
 * has one code path. On a cluster, a script loads on every node and EVALSHA goes to its keys' slot.
 * Thread-safe; owns its client: {@link #close()} shuts both down.
 */
public final class RedisConnection implements AutoCloseable {
    /** How soon a cluster client re-reads the topology without being told (a MOVED or a failed node tells it sooner). */
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(10);
    /** One set of event loops for every connection in the JVM (Lettuce's advice); a client shut down leaves it running. */
    private static final ClientResources RESOURCES = DefaultClientResources.create();

    private final RedisEndpoint endpoint;
    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> sync;
    private final RedisClusterAsyncCommands<String, String> async;

    private RedisConnection(RedisEndpoint endpoint, AbstractRedisClient client, StatefulConnection<String, String> connection,
                            RedisClusterCommands<String, String> sync, RedisClusterAsyncCommands<String, String> async) {
        this.endpoint = endpoint;
        this.client = client;
        this.connection = connection;
        this.sync = sync;
        this.async = async;
    }

    /**
     * Connects now. An unreachable node, Sentinel or cluster fails here with one message naming the
     * config key, the masked URI and the cause (no retry loop: the caller decides whether to wait).
     */
    public static RedisConnection open(RedisEndpoint endpoint) {
        AbstractRedisClient client = null;
        try {
            if (endpoint.shape() == RedisEndpoint.Shape.CLUSTER) {
                RedisClusterClient cluster = RedisClusterClient.create(RESOURCES, endpoint.nodes());
                cluster.setOptions(ClusterClientOptions.builder()
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enableAllAdaptiveRefreshTriggers()
                                .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                                .build())
                        .build());
                client = cluster;
                StatefulRedisClusterConnection<String, String> c = cluster.connect();
                return new RedisConnection(endpoint, client, c, c.sync(), c.async());
            }
            RedisClient single = RedisClient.create(RESOURCES, endpoint.nodes().get(0));
            client = single;
            StatefulRedisConnection<String, String> c = single.connect();
            return new RedisConnection(endpoint, client, c, c.sync(), c.async());
        } catch (RedisException e) {
            if (client != null) {
                client.shutdown();
            }
            throw new IllegalStateException(endpoint.key() + ": cannot connect to Redis (" + endpoint + "): " + rootCause(e), e);
        }
    }

    /** Parses and connects: {@code RedisConnection.open(RedisEndpoint.parse(key, value))}. */
    public static RedisConnection open(String key, String value) {
        return open(RedisEndpoint.parse(key, value));
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    /** Blocking commands; on a cluster each goes to the node serving its key's slot. */
    public RedisClusterCommands<String, String> sync() {
        return sync;
    }

    public RedisClusterAsyncCommands<String, String> async() {
        return async;
    }

    /**
     * A new pub/sub connection (the caller closes it). On a cluster it subscribes at one node; a
     * PUBLISH on any node is broadcast to every node, so it hears them all.
     */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        if (client instanceof RedisClusterClient cluster) {
            return cluster.connectPubSub();
        }
        return ((RedisClient) client).connectPubSub();
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
