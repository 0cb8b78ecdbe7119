package com.dialer.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.dialer.schemas.Masked;

import io.lettuce.core.RedisURI;

/**
 * Where Redis is, in one of three shapes, parsed from one URI (REDIS_URI):
 * <ul>
 *   <li>{@code redis://[user:password@]host:port[/db]} or {@code rediss://…} (TLS): one node;</li>
 *   <li>{@code redis-sentinel://[user:password@]s1:26379,s2:26379[/db]#master} or
 *       {@code rediss-sentinel://…}: Lettuce's own syntax, a master found through its Sentinels;</li>
 *   <li>{@code redis-cluster://[user:password@]h1:p1,h2:p2,…} or {@code rediss-cluster://…}: ours, a
 *       Redis Cluster reached through any of these seeds (the others are learned from it).</li>
 * </ul>
 * A bad value fails here, with a message naming the key; nothing connects.
 */
public record RedisEndpoint(String key, String uri, Shape shape, List<RedisURI> nodes) {
    /** How many nodes answer for the data. */
    public enum Shape { STANDALONE, SENTINEL, CLUSTER }

    public RedisEndpoint {
        nodes = List.copyOf(nodes);
    }

    /** Parses {@code value} of the config key {@code key}; throws naming {@code key} when it is no Redis URI we know. */
    public static RedisEndpoint parse(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + ": required, e.g. redis://localhost:6379");
        }
        int colon = value.indexOf("://");
        String scheme = colon < 0 ? "" : value.substring(0, colon);
        try {
            return switch (scheme) {
                case "redis", "rediss" -> new RedisEndpoint(key, value, Shape.STANDALONE, List.of(node(value)));
                case "redis-sentinel", "rediss-sentinel" -> sentinel(key, value);
                case "redis-cluster", "rediss-cluster" -> cluster(key, value, scheme.startsWith("rediss") ? "rediss" : "redis",
                        value.substring(colon + 3));
                default -> throw new IllegalArgumentException("unknown scheme '" + scheme
                        + "' (use redis://, rediss://, redis-sentinel://, rediss-sentinel://, redis-cluster:// or rediss-cluster://)");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + (e.getMessage() == null ? "not a Redis URI" : Masked.uri(e.getMessage()))
                    + ": " + Masked.uri(value), e);
        }
    }

    /** The same endpoint whose every node connection times commands out after {@code timeout}. */
    public RedisEndpoint withTimeout(Duration timeout) {
        for (RedisURI node : nodes) {
            node.setTimeout(timeout);
        }
        return this;
    }

    /** The URI with its password masked, for logs and errors. */
    public String masked() {
        return Masked.uri(uri);
    }

    private static RedisEndpoint sentinel(String key, String value) {
        if (!value.matches(".*#[^#]+")) {
            throw new IllegalArgumentException("names no master: end it with #<master name>, e.g. redis-sentinel://h1:26379,h2:26379/0#mymaster");
        }
        RedisURI uri = node(value);
        if (uri.getSentinels().isEmpty()) {
            throw new IllegalArgumentException("names no Sentinel host");
        }
        return new RedisEndpoint(key, value, Shape.SENTINEL, List.of(uri));
    }

    private static RedisEndpoint cluster(String key, String value, String nodeScheme, String rest) {
        int at = rest.lastIndexOf('@');
        String userInfo = at < 0 ? "" : rest.substring(0, at + 1);
        String afterUser = rest.substring(at + 1);
        int end = indexOfAny(afterUser, "/?#");
        String hosts = end < 0 ? afterUser : afterUser.substring(0, end);
        String tail = end < 0 ? "" : afterUser.substring(end);
        if (tail.startsWith("/") && !tail.matches("/0?([?#].*)?")) {
            throw new IllegalArgumentException("a Redis Cluster has database 0 only");
        }
        if (tail.contains("#")) {
            throw new IllegalArgumentException("a cluster URI names no master (#…): that is redis-sentinel://");
        }
        List<RedisURI> seeds = new ArrayList<>();
        for (String host : hosts.split(",")) {
            if (host.isBlank() || !host.matches("[^:]+:\\d+")) {
                throw new IllegalArgumentException("each seed must be host:port, was '" + host + "'");
            }
            String query = tail.startsWith("/") ? tail.replaceFirst("^/0?", "") : tail;
            seeds.add(node(nodeScheme + "://" + userInfo + host + query));
        }
        return new RedisEndpoint(key, value, Shape.CLUSTER, seeds);
    }

    private static RedisURI node(String value) {
        RedisURI uri = RedisURI.create(value);
        if (uri.getSentinels().isEmpty() && (uri.getHost() == null || uri.getHost().isBlank())) {
            throw new IllegalArgumentException("names no host");
        }
        return uri;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return shape + " " + masked();
    }
}
