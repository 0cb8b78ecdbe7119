package com.dialer.bench;

import java.io.PrintStream;
import java.nio.file.Path;

import com.dialer.stack.LocalStack;

/**
 * What the scenarios share: the profile, one local stack (Kafka, Redis, MongoDB) started on first
 * use so that every comparison inside a scenario runs against the same servers, and a work folder.
 */
public final class BenchContext implements AutoCloseable {
    private final BenchProfile profile;
    private final Path workDir;
    private final PrintStream log;
    private LocalStack stack;

    public BenchContext(BenchProfile profile, Path workDir, PrintStream log) {
        this.profile = profile;
        this.workDir = workDir;
        this.log = log;
    }

    public BenchProfile profile() {
        return profile;
    }

    public Path workDir() {
        return workDir;
    }

    public synchronized LocalStack stack() {
        if (stack == null) {
            stack = LocalStack.start();
        }
        return stack;
    }

    /** A progress line on the terminal. */
    public void progress(String format, Object... args) {
        log.printf("  .. " + format + "%n", args);
    }

    /** The Redis the scenarios ran on, e.g. {@code 6.2.6 (redis-server from embedded-redis)}. */
    public synchronized String redisVersion() {
        if (stack == null) {
            return "not used";
        }
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(stack.redis().uri());
        try (var connection = client.connect()) {
            String info = connection.sync().info("server");
            String version = info.lines().filter(l -> l.startsWith("redis_version:")).map(l -> l.substring(14).trim())
                    .findFirst().orElse("?");
            return version + " (" + stack.redis().binary().getFileName() + ")";
        } finally {
            client.shutdown();
        }
    }

    /** The MongoDB the scenarios ran on: the in-JVM wire server or a real one. */
    public synchronized String mongoVersion() {
        if (stack == null) {
            return "not used";
        }
        if (stack.mongo().isEmbedded()) {
            return "mongo-java-server (in the bench JVM)";
        }
        try (var client = com.mongodb.client.MongoClients.create(stack.mongo().connectionString())) {
            return client.getDatabase("admin").runCommand(new org.bson.Document("buildInfo", 1)).getString("version");
        }
    }

    @Override
    public synchronized void close() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }
}
