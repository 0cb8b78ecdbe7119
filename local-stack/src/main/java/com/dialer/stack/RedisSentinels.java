package com.dialer.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Sentinel-watched Redis on loopback, from the same {@code redis-server} (as {@code --sentinel}):
 * one master, one replica and one Sentinel with quorum 1, a master declared down after 2 s.
 * {@link #uri()} is Lettuce's {@code redis-sentinel://…#mymaster}.
 */
public final class RedisSentinels implements AutoCloseable {
    public static final String MASTER_NAME = "mymaster";

    private final Path dir;
    private final List<RedisServer> processes = new ArrayList<>();
    private RedisServer master;
    private RedisServer replica;
    private RedisServer sentinel;

    private RedisSentinels(Path dir) {
        this.dir = dir;
    }

    public static RedisSentinels start() {
        RedisSentinels s;
        try {
            s = new RedisSentinels(Files.createTempDirectory("dialer-redis-sentinel"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // in the temporary folder: a replica's first sync writes an RDB file to the working directory
            String dir = s.dir.toString();
            s.master = s.started(RedisServer.start(FreePort.next(), List.of(), List.of("--dir", dir)));
            s.replica = s.started(RedisServer.start(FreePort.next(), List.of(),
                    List.of("--dir", dir, "--replicaof", s.master.host(), Integer.toString(s.master.port()))));
            int port = FreePort.next();
            // a Sentinel rewrites its config file: each gets its own, writable
            Path conf = s.dir.resolve("sentinel-" + port + ".conf");
            Files.writeString(conf, String.join("\n",
                    "sentinel monitor " + MASTER_NAME + " " + s.master.host() + " " + s.master.port() + " 1",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 2000",
                    "sentinel failover-timeout " + MASTER_NAME + " 10000", ""));
            s.sentinel = s.started(RedisServer.start(port, List.of(conf.toString(), "--sentinel"), List.of()));
            return s;
        } catch (IOException e) {
            s.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private RedisServer started(RedisServer server) {
        processes.add(server);
        return server;
    }

    /** {@code redis-sentinel://127.0.0.1:<sentinel port>#mymaster}. */
    public String uri() {
        return "redis-sentinel://" + sentinel.host() + ":" + sentinel.port() + "#" + MASTER_NAME;
    }

    public RedisServer master() {
        return master;
    }

    public RedisServer replica() {
        return replica;
    }

    public RedisServer sentinel() {
        return sentinel;
    }

    @Override
    public void close() {
        processes.reversed().forEach(RedisServer::close);
        try (var files = Files.list(dir)) {
            files.forEach(p -> p.toFile().delete());
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary folder: the OS cleans it
        }
    }
}
